/**
 * Real Nova with shelved_offload_time 0, as seen on this machine: shelve shows SHELVED with
 * task_state shelving_offloading, then SHELVED_OFFLOADED on its own; a shelveOffload in between
 * is refused with 409. Hypervisor steps take 300 ms here so the in-between state is observable.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

let n: TestNovum;
before(async () => { n = await startNovum({ fakeDelay: 300, shelvedOffloadTime: 0 }); });
after(async () => { await n.close(); });

test('shelve: SHELVED/shelving_offloading, then SHELVED_OFFLOADED; shelveOffload in between is 409', async () => {
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'sh', imageRef: '70a599e0-31e7-49b7-b260-868f441e862b', flavorRef: '1' } } });
  const id = r.body.server.id;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE', { timeoutMs: 10_000 });
  assert.equal((await n.request('POST', `/v2.1/servers/${id}/action`, { body: { shelve: null } })).status, 202);
  const between = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'SHELVED', { timeoutMs: 10_000 });
  assert.equal(between.body.server['OS-EXT-STS:task_state'], 'shelving_offloading');
  const refused = await n.request('POST', `/v2.1/servers/${id}/action`, { body: { shelveOffload: null } });
  assert.deepEqual(refused.body, { conflictingRequest: { code: 409, message: `Cannot 'shelveOffload' instance ${id} while it is in task_state shelving_offloading` } });
  const off = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'SHELVED_OFFLOADED', { timeoutMs: 10_000 });
  assert.equal(off.body.server['OS-EXT-STS:task_state'], null);
});

test('console output: length as a number or numeric string; negative (other than -1) or junk is 400', async () => {
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'co', imageRef: '70a599e0-31e7-49b7-b260-868f441e862b', flavorRef: '1' } } });
  const id = r.body.server.id;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE', { timeoutMs: 10_000 });
  for (const length of [5, '5', null]) {
    const ok = await n.request('POST', `/v2.1/servers/${id}/action`, { body: { 'os-getConsoleOutput': { length } } });
    assert.equal(ok.status, 200, JSON.stringify(length));
    assert.equal(typeof ok.body.output, 'string');
  }
  for (const length of [-2, 'junk', '1.5']) {
    const bad = await n.request('POST', `/v2.1/servers/${id}/action`, { body: { 'os-getConsoleOutput': { length } } });
    assert.equal(bad.status, 400, JSON.stringify(length));
  }
});
