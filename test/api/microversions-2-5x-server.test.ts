/**
 * Server microversions 2.54-2.68 (Nova: rest_api_version_history.rst; nova-api-samples/servers/
 * v2.54-v2.67, os-migrate-server/v2.56, os-evacuate/v2.68): each asserted at its version and just
 * below it, with Nova's status codes and messages.
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const IMAGE2 = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
let n: TestNovum;

before(async () => {
  n = await startNovum();
  await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
  await n.request('PUT', '/v2.1/os-quota-sets/demo', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
});
after(async () => { await n.close(); });

const at = (v: string, token?: string) => ({ headers: { 'X-OpenStack-Nova-API-Version': v }, ...(token ? { token } : {}) });

async function boot(name: string, extra: Record<string, unknown> = {}, v = '2.1', token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { ...at(v, token), body: { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'auto', ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}
const active = (id: string) => n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
const act = (id: string, v: string, body: unknown, token?: string) => n.request('POST', `/v2.1/servers/${id}/action`, { ...at(v, token), body });
const show = async (id: string, v: string, token?: string) => (await n.request('GET', `/v2.1/servers/${id}`, at(v, token))).body.server;

describe('2.54: rebuild with key_name', () => {
  test('sets, keeps and unsets the key pair; the answer shows key_name', async () => {
    await n.request('POST', '/v2.1/os-keypairs', { body: { keypair: { name: 'k254' } } });
    const id = await boot('kn');
    const low = await act(id, '2.53', { rebuild: { imageRef: IMAGE, key_name: 'k254' } });
    assert.equal(low.status, 400);
    assert.match(low.body.badRequest.message, /Additional properties are not allowed \('key_name' was unexpected\)/);
    const set = await act(id, '2.54', { rebuild: { imageRef: IMAGE2, key_name: 'k254' } });
    assert.equal(set.status, 202, set.text);
    assert.equal(set.body.server.key_name, 'k254');
    assert.equal(set.body.server['OS-EXT-STS:vm_state'], undefined, 'no extension attributes before 2.75');
    await active(id);
    assert.equal((await show(id, '2.54')).key_name, 'k254');
    const kept = await act(id, '2.54', { rebuild: { imageRef: IMAGE } });
    assert.equal(kept.body.server.key_name, 'k254');
    await active(id);
    const unset = await act(id, '2.54', { rebuild: { imageRef: IMAGE, key_name: null } });
    assert.equal(unset.body.server.key_name, null);
    await active(id);
    const bad = await act(id, '2.54', { rebuild: { imageRef: IMAGE, key_name: 'nope' } });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'Invalid key_name provided.' } });
    const noImage = await act(id, '2.54', { rebuild: { imageRef: '5c9e0e9c-1b24-4d2b-9b0d-8ac0d5a1e2f3' } });
    assert.deepEqual(noImage.body, { badRequest: { code: 400, message: 'Cannot find image for rebuild' } });
  });
});

describe('2.56: migrate to a named host', () => {
  test("a host is an admin's choice; unknown or own host is Nova's 400; below 2.56 the body is ignored", async () => {
    const id = await boot('mig');
    const own = (await show(id, '2.56'))['OS-EXT-SRV-ATTR:host'] as string;
    const other = own === 'compute-1' ? 'compute-2' : 'compute-1';
    const unknown = await act(id, '2.56', { migrate: { host: 'nowhere' } });
    assert.deepEqual(unknown.body, { badRequest: { code: 400, message: 'Compute host nowhere could not be found.' } });
    const same = await act(id, '2.56', { migrate: { host: own } });
    assert.deepEqual(same.body, { badRequest: { code: 400, message: 'Cannot migrate to the host where the server exists.' } });
    const extra = await act(id, '2.56', { migrate: { host: other, force: true } });
    assert.equal(extra.status, 400);
    const ok = await act(id, '2.56', { migrate: { host: other } });
    assert.equal(ok.status, 202, ok.text);
    const resized = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'VERIFY_RESIZE', at('2.56'));
    assert.equal(resized.body.server['OS-EXT-SRV-ATTR:host'], other);
    assert.equal((await act(id, '2.56', { confirmResize: null })).status, 204);
    await active(id);
    // 2.55: no schema, the host is not read.
    const old = await act(id, '2.55', { migrate: { host: 'nowhere' } });
    assert.equal(old.status, 202, old.text);
  });

  test('a member naming a host is refused by the migrate:host policy', async () => {
    const id = await boot('mig-m', {}, '2.1', 'demo:demo');
    const r = await act(id, '2.56', { migrate: { host: 'compute-1' } }, 'demo:demo');
    assert.equal(r.status, 403);
    assert.equal(r.body.forbidden.message, 'Policy doesn\'t allow os_compute_api:os-migrate-server:migrate:host to be performed.');
  });
});

describe('2.57: personality gone, user_data on rebuild', () => {
  test('create and rebuild refuse personality from 2.57', async () => {
    const file = [{ path: '/etc/motd', contents: 'aGVsbG8=' }];
    const c = await n.request('POST', '/v2.1/servers', { ...at('2.57'), body: { server: { name: 'p', imageRef: IMAGE, flavorRef: '1', networks: 'none', personality: file } } });
    assert.equal(c.status, 400);
    assert.match(c.body.badRequest.message, /^Invalid input for field\/attribute server\. .*Additional properties are not allowed \('personality' was unexpected\)$/);
    const id = await boot('ud');
    const r = await act(id, '2.57', { rebuild: { imageRef: IMAGE, personality: file } });
    assert.equal(r.status, 400);
    assert.match(r.body.badRequest.message, /Additional properties are not allowed \('personality' was unexpected\)/);
    assert.equal((await act(id, '2.56', { rebuild: { imageRef: IMAGE, user_data: 'ZWNobw==' } })).status, 400);
  });

  test('rebuild sets and unsets user_data and answers it from 2.57', async () => {
    const id = await boot('ud2', { user_data: 'b2xk' });
    const set = await act(id, '2.57', { rebuild: { imageRef: IMAGE, user_data: 'ZWNobyAiaGVsbG8gd29ybGQi' } });
    assert.equal(set.status, 202, set.text);
    assert.equal(set.body.server.user_data, 'ZWNobyAiaGVsbG8gd29ybGQi');
    await active(id);
    assert.equal((await show(id, '2.57'))['OS-EXT-SRV-ATTR:user_data'], 'ZWNobyAiaGVsbG8gd29ybGQi');
    const kept = await act(id, '2.57', { rebuild: { imageRef: IMAGE } });
    assert.equal(kept.body.server.user_data, 'ZWNobyAiaGVsbG8gd29ybGQi');
    await active(id);
    const unset = await act(id, '2.57', { rebuild: { imageRef: IMAGE, user_data: null } });
    assert.equal(unset.body.server.user_data, null);
    await active(id);
    const older = await act(id, '2.56', { rebuild: { imageRef: IMAGE } });
    assert.equal('user_data' in older.body.server, false);
  });
});

describe('2.63: trusted_image_certificates', () => {
  const certs = ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8', '674736e3-f25c-405c-8362-bbf991e0ce0a'];
  test('create stores them; show, list detail, update and rebuild show them (null when none)', async () => {
    const low = await n.request('POST', '/v2.1/servers', { ...at('2.62'), body: { server: { name: 't', imageRef: IMAGE, flavorRef: '1', networks: 'none', trusted_image_certificates: certs } } });
    assert.equal(low.status, 400);
    const id = await boot('tc', { trusted_image_certificates: certs }, '2.63');
    assert.deepEqual((await show(id, '2.63')).trusted_image_certificates, certs);
    assert.equal('trusted_image_certificates' in (await show(id, '2.62')), false);
    const detail = await n.request('GET', '/v2.1/servers/detail', at('2.63'));
    assert.deepEqual(detail.body.servers.find((s: any) => s.id === id).trusted_image_certificates, certs);
    const upd = await n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.63'), body: { server: { name: 'tc2' } } });
    assert.deepEqual(upd.body.server.trusted_image_certificates, certs);
    const rb = await act(id, '2.63', { rebuild: { imageRef: IMAGE, trusted_image_certificates: [certs[0]] } });
    assert.deepEqual(rb.body.server.trusted_image_certificates, [certs[0]]);
    await active(id);
    const cleared = await act(id, '2.63', { rebuild: { imageRef: IMAGE, trusted_image_certificates: null } });
    assert.equal(cleared.body.server.trusted_image_certificates, null);
    const plain = await boot('tc-none');
    assert.equal((await show(plain, '2.63')).trusted_image_certificates, null);
  });

  test("Nova's schema: an empty or duplicated list is a 400; booting from a volume refuses certificates", async () => {
    const body = (x: unknown) => ({ ...at('2.63'), body: { server: { name: 't', imageRef: IMAGE, flavorRef: '1', networks: 'none', trusted_image_certificates: x } } });
    assert.match((await n.request('POST', '/v2.1/servers', body([]))).body.badRequest.message, /is too short/);
    assert.match((await n.request('POST', '/v2.1/servers', body(['a', 'a']))).body.badRequest.message, /has non-unique elements/);
    const bfv = await n.request('POST', '/v2.1/servers', { ...at('2.63'), body: { server: {
      name: 'bfv', flavorRef: '1', networks: 'none', trusted_image_certificates: certs,
      block_device_mapping_v2: [{ boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'volume', volume_size: 1 }],
    } } });
    assert.deepEqual(bfv.body, { badRequest: { code: 400, message: 'Image certificate validation is not supported when booting from volume' } });
  });
});

describe('2.66: changes-before', () => {
  test('lists servers changed at or before the time, deleted ones too; checks the order of the two times', async () => {
    const id = await boot('cb');
    const updated = (await show(id, '2.66')).updated as string;
    const list = async (q: string, v = '2.66') => n.request('GET', `/v2.1/servers?${q}`, at(v));
    const ids = (r: { body: any }) => r.body.servers.map((s: any) => s.id);
    assert.ok(ids(await list(`changes-before=${encodeURIComponent(updated)}`)).includes(id));
    assert.ok(!ids(await list('changes-before=2000-01-01T00:00:00Z')).includes(id));
    assert.ok(ids(await list('changes-before=2000-01-01T00:00:00Z', '2.65')).includes(id), 'ignored before 2.66');
    const bad = await list('changes-before=yesterday');
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: "Invalid input for query parameters changes-before. Value: yesterday. 'yesterday' is not a 'date-time'" } });
    const order = await list('changes-since=2020-01-02T00:00:00Z&changes-before=2020-01-01T00:00:00Z');
    assert.deepEqual(order.body, { badRequest: { code: 400, message: 'The value of changes-since must be less than or equal to changes-before.' } });
    assert.equal((await n.request('DELETE', `/v2.1/servers/${id}`)).status, 204);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
    const deleted = await list(`changes-before=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    assert.equal(deleted.body.servers.find((s: any) => s.id === id)?.id, id, 'deleted servers are listed');
  });
});

describe('2.67: volume_type in block_device_mapping_v2', () => {
  test('accepted from 2.67, an unexpected property before', async () => {
    const bdm = [{ boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'volume', volume_size: 1, volume_type: null }];
    const body = { server: { name: 'vt', flavorRef: '1', networks: 'none', block_device_mapping_v2: bdm } };
    const low = await n.request('POST', '/v2.1/servers', { ...at('2.66'), body });
    assert.equal(low.status, 400);
    assert.match(low.body.badRequest.message, /Additional properties are not allowed \('volume_type' was unexpected\)/);
    const ok = await n.request('POST', '/v2.1/servers', { ...at('2.67'), body });
    assert.equal(ok.status, 202, ok.text);
    const typed = (extra: Record<string, unknown>) => n.request('POST', '/v2.1/servers', { ...at('2.67'), body: { server: {
      ...body.server, block_device_mapping_v2: [{ ...bdm[0], ...extra }],
    } } });
    assert.equal((await typed({ volume_type: 'lvmdriver-1' })).status, 202);
    assert.deepEqual((await typed({ volume_type: 'gold' })).body, { badRequest: { code: 400, message: 'Volume type gold could not be found.' } });
    assert.deepEqual((await typed({ volume_type: 'lvmdriver-1', source_type: 'volume', uuid: IMAGE })).body,
      { badRequest: { code: 400, message: 'Block Device Mapping is Invalid: Specifying volume type to existing volume is not supported.' } });
  });
});

describe('2.68: no force on evacuate and live migration', () => {
  test("force is an unexpected property from 2.68; at 2.67 Nova's force check still applies", async () => {
    const id = await boot('f68');
    const live = await act(id, '2.68', { 'os-migrateLive': { host: null, block_migration: 'auto', force: false } });
    assert.equal(live.status, 400);
    assert.match(live.body.badRequest.message, /Additional properties are not allowed \('force' was unexpected\)/);
    const ev = await act(id, '2.68', { evacuate: { force: true } });
    assert.equal(ev.status, 400);
    assert.match(ev.body.badRequest.message, /Additional properties are not allowed \('force' was unexpected\)/);
    const old = await act(id, '2.67', { 'os-migrateLive': { host: null, block_migration: 'auto', force: true } });
    assert.deepEqual(old.body, { badRequest: { code: 400, message: "Can't force to a non-provided destination" } });
  });
});
