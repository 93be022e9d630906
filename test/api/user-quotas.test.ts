/**
 * Per-user quotas (`?user_id=` on os-quota-sets show, detail, update and delete), as Nova's
 * DbQuotaDriver has them: a user's limits fall back to the project's, may not exceed what the
 * project has not given to other users, and are enforced besides the project's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/os-quota-sets/', import.meta.url);
const sample = (p: string): any => JSON.parse(readFileSync(new URL(p, SAMPLES), 'utf8'));
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const put = (url: string, quota_set: Record<string, unknown>) => n.request('PUT', url, { body: { quota_set } });
const boot = (token: string, extra: Record<string, unknown> = {}) =>
  n.request('POST', '/v2.1/servers', { token, body: { server: { name: 'u', imageRef: IMAGE, flavorRef: '1' }, ...extra } });

test('a user\'s quota set: update, show, detail and delete as Nova\'s samples', async () => {
  const upd = await put('/v2.1/os-quota-sets/uq?user_id=alice', sample('user-quotas-update-post-req.json').quota_set);
  assert.equal(upd.status, 200);
  assert.deepEqual(Object.keys(upd.body.quota_set).sort(), Object.keys(sample('user-quotas-update-post-resp.json').quota_set).sort());
  assert.equal(upd.body.quota_set.instances, 9);
  const show = await n.request('GET', '/v2.1/os-quota-sets/uq?user_id=alice');
  assert.deepEqual(Object.keys(show.body.quota_set).sort(), Object.keys(sample('user-quotas-show-get-resp.json').quota_set).sort());
  assert.deepEqual([show.body.quota_set.id, show.body.quota_set.instances, show.body.quota_set.cores], ['uq', 9, 20]);
  // The project's own set and other users are untouched.
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/uq')).body.quota_set.instances, 10);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/uq?user_id=bob')).body.quota_set.instances, 10);
  // An empty user_id is no user (Nova: `if user_id:`).
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/uq?user_id=')).body.quota_set.instances, 10);

  assert.equal((await boot('alice:uq')).status, 202);
  assert.equal((await boot('bob:uq')).status, 202);
  assert.equal((await boot('bob:uq')).status, 202);
  const detail = await n.request('GET', '/v2.1/os-quota-sets/uq/detail?user_id=alice');
  assert.deepEqual(detail.body.quota_set.instances, { in_use: 1, limit: 9, reserved: 0 });
  assert.deepEqual(detail.body.quota_set.cores, { in_use: 1, limit: 20, reserved: 0 });
  assert.deepEqual((await n.request('GET', '/v2.1/os-quota-sets/uq/detail')).body.quota_set.instances, { in_use: 3, limit: 10, reserved: 0 });

  const v257 = await n.request('GET', '/v2.1/os-quota-sets/uq?user_id=alice', { headers: { 'OpenStack-API-Version': 'compute 2.57' } });
  assert.deepEqual(Object.keys(v257.body.quota_set).sort(), Object.keys(sample('v2.57/user-quotas-show-get-resp.json').quota_set).sort());
  assert.equal(v257.body.quota_set.instances, 9);
  assert.equal((await n.request('DELETE', '/v2.1/os-quota-sets/uq?user_id=alice')).status, 202);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/uq?user_id=alice')).body.quota_set.instances, 10);
});

test('user limits stay within what the project has not given out; the project not below its users\'', async () => {
  assert.equal((await put('/v2.1/os-quota-sets/split?user_id=alice', { instances: 6 })).status, 200);
  const over = await put('/v2.1/os-quota-sets/split?user_id=alice', { instances: 11 });
  assert.equal(over.status, 400);
  assert.equal(over.body.badRequest.message, 'Quota limit 11 for instances must be less than or equal to 10.');
  const bob = await put('/v2.1/os-quota-sets/split?user_id=bob', { instances: 5 });
  assert.equal(bob.body.badRequest.message, 'Quota limit 5 for instances must be less than or equal to 4.');
  assert.equal((await put('/v2.1/os-quota-sets/split?user_id=bob', { instances: 4 })).status, 200);
  // The project may not go below what its users were given (6 + 4), unless forced.
  const low = await put('/v2.1/os-quota-sets/split', { instances: 9 });
  assert.equal(low.body.badRequest.message, 'Quota limit 9 for instances must be greater than or equal to already used and reserved 10.');
  assert.equal((await put('/v2.1/os-quota-sets/split', { instances: 12 })).status, 200);
  // Not below the user's own usage.
  assert.equal((await boot('carol:split')).status, 202);
  assert.equal((await boot('carol:split')).status, 202);
  const under = await put('/v2.1/os-quota-sets/split?user_id=carol', { instances: 1 });
  assert.equal(under.body.badRequest.message, 'Quota limit 1 for instances must be greater than or equal to already used and reserved 2.');
  // Per-project resources are written as the project's (Nova: PER_PROJECT_QUOTAS).
  const fip = await put('/v2.1/os-quota-sets/split?user_id=alice', { floating_ips: 3 });
  assert.equal(fip.body.quota_set.floating_ips, 3);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/split')).body.quota_set.floating_ips, 3);
  // Deleting the project's set drops its users' too.
  assert.equal((await n.request('DELETE', '/v2.1/os-quota-sets/split')).status, 202);
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/split?user_id=alice')).body.quota_set.instances, 10);
});

test('user quota policy: members read their project\'s, only admins write', async () => {
  assert.equal((await n.request('GET', '/v2.1/os-quota-sets/demo?user_id=demo', { token: 'demo:demo' })).status, 200);
  const other = await n.request('GET', '/v2.1/os-quota-sets/uq?user_id=alice', { token: 'demo:demo' });
  assert.equal(other.body.forbidden.message, "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
  const write = await n.request('PUT', '/v2.1/os-quota-sets/demo?user_id=demo', { token: 'demo:demo', body: { quota_set: { cores: 1 } } });
  assert.equal(write.body.forbidden.message, "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.");
  const del = await n.request('DELETE', '/v2.1/os-quota-sets/demo?user_id=demo', { token: 'demo:demo' });
  assert.equal(del.body.forbidden.message, "Policy doesn't allow os_compute_api:os-quota-sets:delete to be performed.");
});

test('a user\'s instance limit is enforced besides the project\'s', async () => {
  assert.equal((await put('/v2.1/os-quota-sets/ui?user_id=alice', { instances: 1 })).status, 200);
  assert.equal((await boot('alice:ui')).status, 202);
  const refused = await boot('alice:ui');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.forbidden.message, 'Quota exceeded for instances: Requested 1, but already used 1 of 1 instances');
  assert.equal((await boot('bob:ui')).status, 202, 'other users keep the project\'s limit');
  const limits = await n.request('GET', '/v2.1/limits', { token: 'alice:ui' });
  assert.equal(limits.body.limits.absolute.totalInstancesUsed, 2, '/limits shows the project');
});

test('user limits on key pairs, server groups and group members', async () => {
  await put('/v2.1/os-quota-sets/uk?user_id=alice', { key_pairs: 2, server_groups: 1, server_group_members: 1 });
  const kp = (token: string, name: string) => n.request('POST', '/v2.1/os-keypairs', { token, body: { keypair: { name } } });
  assert.equal((await kp('alice:uk', 'a1')).status, 200);
  assert.equal((await kp('alice:uk', 'a2')).status, 200);
  const kpOver = await kp('alice:uk', 'a3');
  assert.deepEqual([kpOver.status, kpOver.body.forbidden.message], [403, 'Quota exceeded, too many key pairs.']);
  for (const name of ['b1', 'b2', 'b3']) assert.equal((await kp('bob:uk', name)).status, 200);

  const sg = (token: string) => n.request('POST', '/v2.1/os-server-groups', { token, body: { server_group: { name: 'g', policies: ['anti-affinity'] } } });
  const group = (await sg('alice:uk')).body.server_group.id;
  const sgOver = await sg('alice:uk');
  assert.deepEqual([sgOver.status, sgOver.body.forbidden.message], [403, 'Quota exceeded, too many server groups.']);
  assert.equal((await sg('bob:uk')).status, 200);
  const limits = await n.request('GET', '/v2.1/limits', { token: 'bob:uk' });
  assert.equal(limits.body.limits.absolute.totalServerGroupsUsed, 2);
  const userDetail = await n.request('GET', '/v2.1/os-quota-sets/uk/detail?user_id=alice');
  assert.deepEqual(userDetail.body.quota_set.server_groups, { in_use: 1, limit: 1, reserved: 0 });

  // Members are counted per user within the group (Nova: _server_group_count_members_by_user).
  const hints = { 'os:scheduler_hints': { group } };
  assert.equal((await boot('alice:uk', hints)).status, 202);
  const memberOver = await boot('alice:uk', hints);
  assert.deepEqual([memberOver.status, memberOver.body.forbidden.message], [403, 'Quota exceeded, too many servers in group']);
  assert.equal((await boot('bob:uk', hints)).status, 202, 'bob has the project\'s 10');
});
