/**
 * allow-resize-to-same-host (Nova: allow_resize_to_same_host) with one host: without it resize
 * finds no valid host; with it a resize stays on the host (confirm and revert both work, the
 * host's usage follows), while a cold migration still needs another host.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const started: TestNovum[] = [];
after(async () => { for (const n of started) await n.close(); });

async function oneHostNovum(allow: boolean): Promise<TestNovum> {
  const n = await startNovum({ fakeHosts: 1, allowResizeToSameHost: allow });
  started.push(n);
  return n;
}

async function boot(n: TestNovum): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'r', imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
  return id;
}

const ramUsed = async (n: TestNovum): Promise<number> => (await n.request('GET', '/v2.1/os-hypervisors/detail')).body.hypervisors[0].memory_mb_used as number;
const act = (n: TestNovum, id: string, body: unknown) => n.request('POST', `/v2.1/servers/${id}/action`, { body });

test('one host without the option: resize is 400 No valid host', async () => {
  const n = await oneHostNovum(false);
  const id = await boot(n);
  const r = await act(n, id, { resize: { flavorRef: '2' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.badRequest.message, 'No valid host was found. No valid host found for resize');
  assert.equal((await n.request('GET', `/v2.1/servers/${id}`)).body.server.status, 'ACTIVE');
});

test('with the option: resize on the same host, confirm keeps the new flavor', async () => {
  const n = await oneHostNovum(true);
  const id = await boot(n);
  const before = await ramUsed(n);
  const host = (await n.request('GET', `/v2.1/servers/${id}`)).body.server['OS-EXT-SRV-ATTR:host'];
  assert.equal((await act(n, id, { resize: { flavorRef: '2' } })).status, 202);
  const v = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'VERIFY_RESIZE');
  assert.equal(v.body.server['OS-EXT-SRV-ATTR:host'], host);
  assert.equal(v.body.server.flavor.id, '2');
  // Nova: both flavors are claimed on the host until the resize is confirmed or reverted.
  assert.equal(await ramUsed(n), before + 2048);
  assert.equal((await act(n, id, { confirmResize: null })).status, 204);
  const s = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
  assert.equal(s.body.server.flavor.id, '2');
  assert.equal(await ramUsed(n), before - 512 + 2048);
  const m = await n.request('GET', `/v2.1/os-migrations?instance_uuid=${id}`);
  assert.equal(m.body.migrations[0].status, 'confirmed');
  assert.equal(m.body.migrations[0].source_compute, m.body.migrations[0].dest_compute);
});

test('with the option: revert on the same host brings the old flavor back', async () => {
  const n = await oneHostNovum(true);
  const id = await boot(n);
  const before = await ramUsed(n);
  assert.equal((await act(n, id, { resize: { flavorRef: '2' } })).status, 202);
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'VERIFY_RESIZE');
  assert.equal((await act(n, id, { revertResize: null })).status, 202);
  const s = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE' && x.body.server['OS-EXT-STS:task_state'] === null);
  assert.equal(s.body.server.flavor.id, '1');
  assert.equal(await ramUsed(n), before);
});

test('with the option: a cold migration still needs another host', async () => {
  const n = await oneHostNovum(true);
  const id = await boot(n);
  const r = await act(n, id, { migrate: null });
  assert.equal(r.status, 400);
  assert.equal(r.body.badRequest.message, 'No valid host was found. No valid host found for cold migrate');
});

test('the option is read from NOVUM_ALLOW_RESIZE_TO_SAME_HOST and --allow-resize-to-same-host', async () => {
  const { loadConfig } = await import('../../src/config.js');
  assert.equal(loadConfig({}, {}).allowResizeToSameHost, false);
  assert.equal(loadConfig({}, { NOVUM_ALLOW_RESIZE_TO_SAME_HOST: 'true' }).allowResizeToSameHost, true);
  assert.equal(loadConfig({ 'allow-resize-to-same-host': 'false' }, { NOVUM_ALLOW_RESIZE_TO_SAME_HOST: 'true' }).allowResizeToSameHost, false);
  assert.throws(() => loadConfig({ 'allow-resize-to-same-host': 'maybe' }, {}), /expected true or false/);
});
