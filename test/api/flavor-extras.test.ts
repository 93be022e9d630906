/** Flavor extra specs and flavor access over HTTP, against Nova's samples and messages. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/', import.meta.url);
const sample = (p: string): any => JSON.parse(readFileSync(new URL(p, SAMPLES), 'utf8'));
const DEMO = 'demo:demo';

let n: TestNovum;
before(async () => {
  n = await startNovum();
  await n.request('POST', '/v2.1/flavors', { body: { flavor: { id: '10', name: 'test_flavor', ram: 1024, vcpus: 2, disk: 10, 'os-flavor-access:is_public': false } } });
});
after(async () => { await n.close(); });

const specs = (flavor: string) => `/v2.1/flavors/${flavor}/os-extra_specs`;

test('extra specs: create, list, show, update and delete as Nova\'s samples', async () => {
  const created = await n.request('POST', specs('1'), { body: sample('flavor-extra-specs/flavor-extra-specs-create-req.json') });
  assert.equal(created.status, 200);
  assert.deepEqual(created.body, sample('flavor-extra-specs/flavor-extra-specs-create-resp.json'));
  assert.deepEqual((await n.request('GET', specs('1'))).body, sample('flavor-extra-specs/flavor-extra-specs-list-resp.json'));
  const one = await n.request('GET', `${specs('1')}/hw:numa_nodes`, { token: DEMO });
  assert.deepEqual(one.body, sample('flavor-extra-specs/flavor-extra-specs-get-resp.json'));
  const upd = await n.request('PUT', `${specs('1')}/hw:numa_nodes`, { body: sample('flavor-extra-specs/flavor-extra-specs-update-req.json') });
  assert.equal(upd.status, 200);
  assert.deepEqual(upd.body, sample('flavor-extra-specs/flavor-extra-specs-update-resp.json'));
  const del = await n.request('DELETE', `${specs('1')}/hw:cpu_policy`);
  assert.equal(del.status, 200);
  assert.deepEqual((await n.request('GET', specs('1'))).body, { extra_specs: { 'hw:numa_nodes': '2' } });
});

test('extra specs: numbers become strings; 2.61 would embed them in the flavor', async () => {
  const r = await n.request('POST', specs('2'), { body: { extra_specs: { 'quota:vif_inbound_average': 100 } } });
  assert.deepEqual(r.body, { extra_specs: { 'quota:vif_inbound_average': '100' } });
  const flavor = await n.novum.services.flavors.get('2');
  assert.deepEqual(flavor?.extra_specs, { 'quota:vif_inbound_average': '100' });
});

test('extra specs errors: missing key 404, mismatch and too many items 400, members 403', async () => {
  const missing = await n.request('GET', `${specs('1')}/hw:cpu_thread_policy`);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, 'Flavor 1 has no extra specs with key hw:cpu_thread_policy.');
  const unset = await n.request('DELETE', `${specs('1')}/hw:cpu_thread_policy`);
  assert.equal(unset.status, 404);
  assert.equal(unset.body.itemNotFound.message, 'Flavor 1 has no extra specs with key hw:cpu_thread_policy.');
  const mismatch = await n.request('PUT', `${specs('1')}/hw:numa_nodes`, { body: { 'hw:cpu_policy': 'shared' } });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body.badRequest.message, 'Request body and URI mismatch');
  const many = await n.request('PUT', `${specs('1')}/hw:numa_nodes`, { body: { 'hw:numa_nodes': '1', 'hw:cpu_policy': 'shared' } });
  assert.equal(many.status, 400);
  assert.equal(many.body.badRequest.message, "{'hw:numa_nodes': '1', 'hw:cpu_policy': 'shared'} has too many properties");
  const legacyMany = await n.request('PUT', `/v2/openstack/flavors/1/os-extra_specs/hw:numa_nodes`, { body: { 'hw:numa_nodes': '1', 'hw:cpu_policy': 'shared' } });
  assert.equal(legacyMany.body.badRequest.message, 'Request body contains too many items');
  const badKey = await n.request('POST', specs('1'), { body: { extra_specs: { 'bad/key': 'v' } } });
  assert.equal(badKey.status, 400);
  assert.equal(badKey.body.badRequest.message, "Invalid input for field/attribute extra_specs. Value: {'bad/key': 'v'}. Additional properties are not allowed ('bad/key' was unexpected)");
  for (const [method, url, body, rule] of [
    ['POST', specs('1'), { extra_specs: { a: 'b' } }, 'create'],
    ['PUT', `${specs('1')}/hw:numa_nodes`, { 'hw:numa_nodes': '1' }, 'update'],
    ['DELETE', `${specs('1')}/hw:numa_nodes`, undefined, 'delete'],
  ] as const) {
    const r = await n.request(method, url, { token: DEMO, body });
    assert.equal(r.status, 403, `${method} ${url}`);
    assert.equal(r.body.forbidden.message, `Policy doesn't allow os_compute_api:os-flavor-extra-specs:${rule} to be performed.`);
  }
  assert.equal((await n.request('GET', specs('10'), { token: DEMO })).status, 404, 'a private flavor\'s specs are hidden too');
  assert.equal((await n.request('GET', specs('nope'))).body.itemNotFound.message, 'Flavor nope could not be found.');
});

test('flavor access: list, add, remove as Nova\'s samples', async () => {
  const empty = await n.request('GET', '/v2.1/flavors/10/os-flavor-access');
  assert.deepEqual(empty.body, { flavor_access: [] });
  const add = await n.request('POST', '/v2.1/flavors/10/action', { body: sample('flavor-access/flavor-access-add-tenant-req.json') });
  assert.equal(add.status, 200);
  assert.deepEqual(add.body, { flavor_access: [{ flavor_id: '10', tenant_id: 'fake_tenant' }] });
  assert.deepEqual((await n.request('GET', '/v2.1/flavors/10/os-flavor-access')).body, add.body);
  const again = await n.request('POST', '/v2.1/flavors/10/action', { body: { addTenantAccess: { tenant: 'fake_tenant' } } });
  assert.equal(again.status, 409);
  assert.equal(again.body.conflictingRequest.message, 'Flavor access already exists for flavor 10 and project fake_tenant combination.');
  const rm = await n.request('POST', '/v2.1/flavors/10/action', { body: sample('flavor-access/flavor-access-remove-tenant-req.json') });
  assert.equal(rm.status, 200);
  assert.deepEqual(rm.body, sample('flavor-access/flavor-access-remove-tenant-resp.json'));
  const rmAgain = await n.request('POST', '/v2.1/flavors/10/action', { body: { removeTenantAccess: { tenant: 'fake_tenant' } } });
  assert.equal(rmAgain.status, 404);
  assert.equal(rmAgain.body.itemNotFound.message, 'Flavor access not found for 10 / fake_tenant combination.');
});

test('flavor access errors: public flavors, members, unknown actions, bad bodies', async () => {
  const pub = await n.request('GET', '/v2.1/flavors/1/os-flavor-access');
  assert.equal(pub.status, 404);
  assert.equal(pub.body.itemNotFound.message, 'Access list not available for public flavors.');
  // Nova: before 2.7 access to a public flavor is accepted.
  assert.equal((await n.request('POST', '/v2.1/flavors/1/action', { body: { addTenantAccess: { tenant: 'x' } } })).status, 200);
  const member = await n.request('POST', '/v2.1/flavors/10/action', { token: DEMO, body: { addTenantAccess: { tenant: 'demo' } } });
  assert.equal(member.status, 403);
  assert.equal(member.body.forbidden.message, "Policy doesn't allow os_compute_api:os-flavor-access:add_tenant_access to be performed.");
  const memberRm = await n.request('POST', '/v2.1/flavors/10/action', { token: DEMO, body: { removeTenantAccess: { tenant: 'demo' } } });
  assert.equal(memberRm.body.forbidden.message, "Policy doesn't allow os_compute_api:os-flavor-access:remove_tenant_access to be performed.");
  assert.equal((await n.request('GET', '/v2.1/flavors/10/os-flavor-access', { token: DEMO })).status, 403);
  const unknown = await n.request('POST', '/v2.1/flavors/10/action', { body: { shareWith: {} } });
  assert.equal(unknown.body.badRequest.message, 'There is no such action: shareWith');
  const noTenant = await n.request('POST', '/v2.1/flavors/10/action', { body: { addTenantAccess: {} } });
  assert.equal(noTenant.body.badRequest.message, "Invalid input for field/attribute addTenantAccess. Value: {}. 'tenant' is a required property");
  const missing = await n.request('POST', '/v2.1/flavors/nope/action', { body: { addTenantAccess: { tenant: 'x' } } });
  assert.equal(missing.status, 404);
});
