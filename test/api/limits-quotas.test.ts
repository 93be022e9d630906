/** /limits, os-quota-sets and os-quota-class-sets over HTTP, with usage counted from instances. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/', import.meta.url);
const sample = (p: string): any => JSON.parse(readFileSync(new URL(p, SAMPLES), 'utf8'));
const DEMO = 'demo:demo';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

/** A server row as the servers code writes it (only what quota counting reads matters). */
async function insertInstance(project: string, vcpus: number, memory_mb: number, vmState = 'active'): Promise<void> {
  const now = new Date().toISOString();
  await n.novum.store.db.insertInto('instances').values({
    uuid: randomUUID(), project_id: project, user_id: 'u', display_name: 'vm', hostname: 'vm', vm_state: vmState,
    power_state: 1, flavor: JSON.stringify({ vcpus, memory_mb, root_gb: 1 }), image_ref: '', reservation_id: 'r-1',
    created_at: now, updated_at: now,
  }).execute();
}

test('GET /limits has every key of Nova\'s sample, with the default quotas', async () => {
  const r = await n.request('GET', '/v2.1/limits', { token: 'u:fresh' });
  assert.equal(r.status, 200);
  const expected = sample('limits/limit-get-resp.json');
  assert.deepEqual(Object.keys(r.body.limits.absolute).sort(), Object.keys(expected.limits.absolute).sort());
  assert.deepEqual(r.body.limits.rate, []);
  const a = r.body.limits.absolute;
  assert.deepEqual([a.maxTotalInstances, a.maxTotalCores, a.maxTotalRAMSize, a.maxTotalKeypairs, a.maxImageMeta, a.maxServerMeta],
    [10, 20, 51200, 100, 128, 128]);
  assert.equal(a.totalInstancesUsed, 0);
  assert.equal((await n.request('GET', '/v2/u-proj/limits', { token: 'u:u-proj' })).status, 200);
});

test('limits and quota detail count the project\'s servers (soft-deleted ones excluded)', async () => {
  await insertInstance('busy', 2, 4096);
  await insertInstance('busy', 1, 512);
  await insertInstance('busy', 8, 16384, 'soft-delete');
  await insertInstance('elsewhere', 4, 8192);
  const r = await n.request('GET', '/v2.1/limits', { token: 'u:busy' });
  const a = r.body.limits.absolute;
  assert.deepEqual([a.totalInstancesUsed, a.totalCoresUsed, a.totalRAMUsed], [2, 3, 4608]);
  const admin = await n.request('GET', '/v2.1/limits?tenant_id=busy');
  assert.equal(admin.body.limits.absolute.totalInstancesUsed, 2);
  const member = await n.request('GET', '/v2.1/limits?tenant_id=busy', { token: DEMO });
  assert.equal(member.status, 403);
  assert.equal(member.body.forbidden.message, "Policy doesn't allow os_compute_api:limits:other_project to be performed.");
  const detail = await n.request('GET', '/v2.1/os-quota-sets/busy/detail');
  assert.deepEqual(detail.body.quota_set.cores, { in_use: 3, limit: 20, reserved: 0 });
  assert.deepEqual(detail.body.quota_set.instances, { in_use: 2, limit: 10, reserved: 0 });
  assert.deepEqual(Object.keys(detail.body.quota_set).sort(), Object.keys(sample('os-quota-sets/quotas-show-detail-get-resp.json').quota_set).sort());
  const low = await n.request('PUT', '/v2.1/os-quota-sets/busy', { body: { quota_set: { instances: 1 } } });
  assert.equal(low.status, 400);
  assert.equal(low.body.badRequest.message, 'Quota limit 1 for instances must be greater than or equal to already used and reserved 2.');
  const forced = await n.request('PUT', '/v2.1/os-quota-sets/busy', { body: { quota_set: { force: 'True', instances: 1 } } });
  assert.equal(forced.status, 200);
  assert.equal(forced.body.quota_set.instances, 1);
  const usage = await n.novum.services.quotas.usage('busy');
  assert.deepEqual([usage.instances, usage.cores, usage.ram], [2, 3, 4608]);
});

test('quota sets: show, defaults, update, delete as Nova\'s samples', async () => {
  const show = await n.request('GET', '/v2.1/os-quota-sets/qp');
  assert.equal(show.status, 200);
  assert.deepEqual(Object.keys(show.body.quota_set).sort(), Object.keys(sample('os-quota-sets/quotas-show-get-resp.json').quota_set).sort());
  assert.equal(show.body.quota_set.id, 'qp');
  const upd = await n.request('PUT', '/v2.1/os-quota-sets/qp', { body: sample('os-quota-sets/quotas-update-post-req.json') });
  assert.equal(upd.status, 200);
  assert.deepEqual(Object.keys(upd.body.quota_set).sort(), Object.keys(sample('os-quota-sets/quotas-update-post-resp.json').quota_set).sort());
  assert.equal(upd.body.quota_set.cores, 45);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/qp')).body.quota_set.cores, 45);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/qp/defaults')).body.quota_set.cores, 20);
  assert.deepEqual((await n.novum.services.quotas.limitsFor('qp')).cores, 45);
  const del = await n.request('DELETE', '/v2.1/os-quota-sets/qp');
  assert.equal(del.status, 202);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/qp')).body.quota_set.cores, 20);
});

test('quota sets: validation, policy', async () => {
  const cases: Array<[unknown, string]> = [
    [{ quota_set: { cores: -2 } }, 'Invalid input for field/attribute cores. Value: -2. -2 is less than the minimum of -1'],
    [{ quota_set: { cores: 'lots' } }, "Invalid input for field/attribute cores. Value: lots. 'lots' does not match '^-?[0-9]+$'"],
    [{ quota_set: { widgets: 1 } }, "Invalid input for field/attribute quota_set. Value: {'widgets': 1}. Additional properties are not allowed ('widgets' was unexpected)"],
  ];
  for (const [body, message] of cases) {
    const r = await n.request('PUT', '/v2.1/os-quota-sets/qp', { body });
    assert.equal(r.status, 400);
    assert.equal(r.body.badRequest.message, message);
  }
  assert.equal((await n.request('PUT', '/v2.1/os-quota-sets/qp', { body: { quota_set: { cores: '-1' } } })).body.quota_set.cores, -1);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/demo', { token: DEMO })).status, 200);
  const other = await n.request('GET', '/v2.1/os-quota-sets/qp', { token: DEMO });
  assert.equal(other.status, 403);
  assert.equal(other.body.forbidden.message, "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/qp/detail', { token: DEMO })).status, 403);
  const put = await n.request('PUT', '/v2.1/os-quota-sets/demo', { token: DEMO, body: { quota_set: { cores: 1 } } });
  assert.equal(put.body.forbidden.message, "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.");
  assert.equal((await n.request('DELETE', '/v2.1/os-quota-sets/demo', { token: DEMO })).status, 403);
});

test('quota class sets: show and update default, which every project then inherits', async () => {
  const show = await n.request('GET', '/v2.1/os-quota-class-sets/default');
  assert.deepEqual(Object.keys(show.body.quota_class_set).sort(), Object.keys(sample('os-quota-class-sets/quota-classes-show-get-resp.json').quota_class_set).sort());
  const upd = await n.request('PUT', '/v2.1/os-quota-class-sets/default', { body: sample('os-quota-class-sets/quota-classes-update-post-req.json') });
  assert.equal(upd.status, 200);
  assert.deepEqual(upd.body, { quota_class_set: { ...sample('os-quota-class-sets/quota-classes-update-post-resp.json').quota_class_set } });
  const limits = await n.request('GET', '/v2.1/limits', { token: 'x:inherits' });
  assert.equal(limits.body.limits.absolute.maxTotalInstances, 50);
  const member = await n.request('GET', '/v2.1/os-quota-class-sets/default', { token: DEMO });
  assert.equal(member.body.forbidden.message, "Policy doesn't allow os_compute_api:os-quota-class-sets:show to be performed.");
  await n.request('PUT', '/v2.1/os-quota-class-sets/default', { body: { quota_class_set: { instances: 10, cores: 20 } } });
});
