/**
 * What microversions 2.27 to 2.38 change, each asserted at its version and just below it
 * (Nova: rest_api_version_history.rst; nova-api-samples/<resource>/v2.N/).
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const PRIVATE = 'b9ee5b1c-4b8e-4d6d-9e2d-6d1b2f3c4a10';
let n: TestNovum;

before(async () => {
  n = await startNovum();
  await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
});
after(async () => { await n.close(); });

const at = (v: string, token?: string) => ({ headers: { 'X-OpenStack-Nova-API-Version': v }, ...(token ? { token } : {}) });
const create = (v: string, server: Record<string, unknown>) =>
  n.request('POST', '/v2.1/servers', { ...at(v), body: { server: { name: 'mv', imageRef: IMAGE, flavorRef: '1', ...server } } });

async function boot(name: string): Promise<string> {
  const r = await create('2.1', { name });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
  return id;
}

describe('server create', () => {
  test('2.32-2.42: device tags on networks and block devices only where Nova took them', async () => {
    const net = (v: string) => create(v, { networks: [{ uuid: PRIVATE, tag: 'nic1' }] });
    // networks is a oneOf (a list or "auto"/"none"): jsonschema reports the whole value.
    assert.match((await net('2.31')).body.badRequest.message, /is not valid under any of the given schemas$/);
    assert.equal((await net('2.32')).status, 202);
    assert.equal((await net('2.36')).status, 202);
    assert.match((await net('2.37')).body.badRequest.message, /is not valid under any of the given schemas$/);
    const bdm = (v: string) => create(v, {
      networks: 'auto',
      block_device_mapping_v2: [{ boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'local', tag: 'disk1' }],
    });
    assert.equal((await bdm('2.32')).status, 202);
    assert.match((await bdm('2.33')).body.badRequest.message, /'tag' was unexpected/);
    const long = await create('2.32', { networks: [{ uuid: PRIVATE, tag: 'x'.repeat(61) }] });
    assert.equal(long.status, 400);
  });

  test('2.37: networks is required and a network uuid must be a UUID', async () => {
    assert.equal((await create('2.36', {})).status, 202);
    assert.match((await create('2.37', {})).body.badRequest.message, /^Invalid input for field\/attribute server\. Value: .*\. 'networks' is a required property$/);
    assert.equal((await create('2.37', { networks: 'auto' })).status, 202);
    assert.equal((await create('2.37', { networks: [{ uuid: PRIVATE }] })).status, 202);
    const bad = await create('2.37', { networks: [{ uuid: 'not-a-uuid' }] });
    assert.equal(bad.body.badRequest.message,
      "Invalid input for field/attribute networks. Value: [{'uuid': 'not-a-uuid'}]. [{'uuid': 'not-a-uuid'}] is not valid under any of the given schemas");
    const old = await create('2.36', { networks: [{ uuid: 'not-a-uuid' }] });
    assert.equal(old.body.badRequest.message, 'Bad networks format: network uuid is not in proper format (not-a-uuid)');
  });
});

test('2.38: a status filter naming no status is 400 (an empty list before)', async () => {
  assert.deepEqual((await n.request('GET', '/v2.1/servers?status=NOPE', at('2.37'))).body, { servers: [] });
  assert.deepEqual((await n.request('GET', '/v2.1/servers?status=NOPE', at('2.38'))).body, { badRequest: { code: 400, message: 'Invalid status value' } });
  assert.equal((await n.request('GET', '/v2.1/servers?status=NOPE&status=ACTIVE', at('2.38'))).status, 200, 'one known status is enough');
});

describe('moves with force', () => {
  test('2.29 evacuate and 2.30 live migration take force, only with a host; force takes a disabled host', async () => {
    const id = await boot('forced');
    const server = (await n.request('GET', `/v2.1/servers/${id}`)).body.server;
    const other = server['OS-EXT-SRV-ATTR:host'] === 'compute-1' ? 'compute-2' : 'compute-1';
    const act = (v: string, body: unknown) => n.request('POST', `/v2.1/servers/${id}/action`, { ...at(v), body });
    assert.match((await act('2.29', { 'os-migrateLive': { host: other, block_migration: 'auto', force: true } })).body.badRequest.message, /'force' was unexpected/);
    assert.deepEqual((await act('2.30', { 'os-migrateLive': { host: null, block_migration: 'auto', force: true } })).body,
      { badRequest: { code: 400, message: "Can't force to a non-provided destination" } });
    const services = (v: string, action: string, body: unknown) => n.request('PUT', `/v2.1/os-services/${action}`, { ...at(v), body });
    await services('2.11', 'disable', { host: other, binary: 'nova-compute' });
    try {
      const refused = await act('2.30', { 'os-migrateLive': { host: other, block_migration: 'auto' } });
      assert.deepEqual(refused.body, { badRequest: { code: 400, message: `Compute service of ${other} is unavailable at this time.` } });
      assert.equal((await act('2.30', { 'os-migrateLive': { host: other, block_migration: 'auto', force: true } })).status, 202);
      await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
      assert.equal((await n.request('GET', `/v2.1/servers/${id}`)).body.server['OS-EXT-SRV-ATTR:host'], other);
    } finally {
      await services('2.11', 'enable', { host: other, binary: 'nova-compute' });
    }
    assert.deepEqual((await act('2.29', { evacuate: { force: true } })).body, { badRequest: { code: 400, message: "Can't force to a non-provided destination" } });
    assert.match((await act('2.28', { evacuate: { host: other, force: true } })).body.badRequest.message, /'force' was unexpected/);
  });
});

test('2.33: hypervisors page with limit and marker; an unknown marker is 400', async () => {
  const all = (await n.request('GET', '/v2.1/os-hypervisors', at('2.33'))).body.hypervisors;
  assert.equal(all.length, 2);
  const first = await n.request('GET', '/v2.1/os-hypervisors?limit=1', at('2.33'));
  assert.deepEqual(first.body.hypervisors, [all[0]]);
  assert.equal(first.body.hypervisors_links[0].rel, 'next');
  assert.match(first.body.hypervisors_links[0].href, new RegExp(`/v2.1/os-hypervisors\\?limit=1&marker=${all[0].id}$`));
  const next = await n.request('GET', `/v2.1/os-hypervisors/detail?limit=1&marker=${all[0].id}`, at('2.33'));
  assert.equal(next.body.hypervisors[0].id, all[1].id);
  assert.equal(next.body.hypervisors[0].hypervisor_type, 'fake');
  assert.deepEqual((await n.request('GET', '/v2.1/os-hypervisors?marker=999', at('2.33'))).body, { badRequest: { code: 400, message: 'marker [999] not found' } });
  assert.equal((await n.request('GET', '/v2.1/os-hypervisors?bogus=1', at('2.33'))).status, 400);
  assert.equal((await n.request('GET', '/v2.1/os-hypervisors?limit=1', at('2.32'))).body.hypervisors.length, 2, 'no paging before 2.33');
});

test('2.36: the proxy APIs are gone; limits and quotas drop the network resources', async () => {
  for (const path of ['/v2.1/images', '/v2.1/os-volumes', '/v2.1/os-snapshots', '/v2.1/os-floating-ips', '/v2.1/os-floating-ip-pools']) {
    assert.equal((await n.request('GET', path, at('2.35'))).status, 200, path);
    assert.deepEqual((await n.request('GET', path, at('2.36'))).body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } }, path);
  }
  const limits = (await n.request('GET', '/v2.1/limits', at('2.36'))).body.limits.absolute;
  assert.equal('maxSecurityGroups' in limits, false);
  assert.equal('totalFloatingIpsUsed' in limits, false);
  const quota = (await n.request('GET', '/v2.1/os-quota-sets/openstack', at('2.36'))).body.quota_set;
  assert.equal('floating_ips' in quota, false);
  assert.equal('security_groups' in quota, false);
});
