/**
 * Builds whose every step is instant (the fake driver with --fake-delay 0, in the process that
 * runs every host and a running worker) run in the create's own transaction: the server is ACTIVE,
 * or in ERROR with its fault, when the 202 is answered, and no job is left behind. Otherwise the
 * build is a queued job, and BUILD can be seen.
 */
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

let n: TestNovum | undefined;
afterEach(async () => {
  await n?.close();
  n = undefined;
});

async function create(t: TestNovum, flavorRef = '1'): Promise<string> {
  const r = await t.request('POST', '/v2.1/servers', { body: { server: { name: 'inline', imageRef: IMAGE, flavorRef } } });
  assert.equal(r.status, 202, r.text);
  return r.body.server.id as string;
}

const jobs = (t: TestNovum) => t.novum.store.db.selectFrom('jobs').select(['kind', 'status', 'instance_uuid']).execute();

async function events(t: TestNovum, id: string): Promise<Array<{ event: string; result: string }>> {
  const actions = await t.request('GET', `/v2.1/servers/${id}/os-instance-actions`);
  const req = actions.body.instanceActions.find((a: { action: string }) => a.action === 'create').request_id;
  const action = await t.request('GET', `/v2.1/servers/${id}/os-instance-actions/${req}`, { headers: { 'X-OpenStack-Nova-API-Version': '2.51' } });
  return action.body.instanceAction.events;
}

test('with instant steps the server is ACTIVE, with its host, address and build event, when the create is answered', async () => {
  n = await startNovum();
  const id = await create(n);
  const s = (await n.request('GET', `/v2.1/servers/${id}`)).body.server;
  assert.equal(s.status, 'ACTIVE');
  assert.equal(s['OS-EXT-STS:task_state'], null);
  assert.equal(s['OS-EXT-STS:power_state'], 1);
  assert.match(s['OS-EXT-SRV-ATTR:host'], /^compute-\d+$/);
  assert.equal(s.addresses.private.length, 1);
  assert.ok(s['OS-SRV-USG:launched_at']);
  assert.deepEqual(await jobs(n), []);
  assert.deepEqual((await events(n, id)).map((e) => [e.event, e.result]), [['compute__do_build_and_run_instance', 'Success']]);
  const node = await n.novum.store.db.selectFrom('compute_nodes').select(['memory_mb_used', 'running_vms']).where('host', '=', s['OS-EXT-SRV-ATTR:host']).executeTakeFirstOrThrow();
  assert.equal(node.running_vms, 1);
  assert.equal(node.memory_mb_used, 512);
});

test('with instant steps a server no host can take is in ERROR with the fault when the create is answered', async () => {
  n = await startNovum();
  const q = await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { ram: -1 } } });
  assert.equal(q.status, 200, q.text);
  const f = await n.request('POST', '/v2.1/flavors', { body: { flavor: { name: 'huge', ram: 100_000_000, vcpus: 1, disk: 1, id: 'huge' } } });
  assert.equal(f.status, 200, f.text);
  const id = await create(n, 'huge');
  const s = (await n.request('GET', `/v2.1/servers/${id}`)).body.server;
  assert.equal(s.status, 'ERROR');
  assert.match(s.fault.message, /No valid host was found/);
  assert.deepEqual(await jobs(n), []);
  assert.deepEqual((await events(n, id)).map((e) => e.result), ['Error']);
});

test('with the worker stopped the build is queued: BUILD until the worker runs it', async () => {
  n = await startNovum();
  await n.novum.worker.stop();
  const id = await create(n);
  assert.equal((await n.request('GET', `/v2.1/servers/${id}`)).body.server.status, 'BUILD');
  assert.deepEqual(await jobs(n), [{ kind: 'build', status: 'queued', instance_uuid: id }]);
  n.novum.worker.start();
  await n.waitFor(`/v2.1/servers/${id}`, (r) => r.body.server.status === 'ACTIVE');
  // The worker deletes a finished job just after the server's last write.
  for (let i = 0; i < 200 && (await jobs(n)).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(await jobs(n), []);
});

test('with a fake delay the build is a queued job: BUILD, then ACTIVE', async () => {
  n = await startNovum({ fakeDelay: 30 });
  const id = await create(n);
  const first = (await n.request('GET', `/v2.1/servers/${id}`)).body.server;
  assert.equal(first.status, 'BUILD');
  await n.waitFor(`/v2.1/servers/${id}`, (r) => r.body.server.status === 'ACTIVE');
  assert.deepEqual((await events(n, id)).map((e) => [e.event, e.result]), [['compute__do_build_and_run_instance', 'Success']]);
});
