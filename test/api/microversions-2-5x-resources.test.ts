/**
 * Microversions 2.54-2.93 of the non-server resources: flavors (2.55 description, 2.61
 * extra_specs, 2.75 swap, 2.86 extra spec validation), keypairs (2.75 strict queries, 2.92
 * public_key required), hypervisors (2.88), quotas and limits (2.57).
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { microversionCaller, startNovum, type TestNovum } from '../helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PUBLIC_KEY = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova';
let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const call = microversionCaller(() => n);
const badRequest = (message: string) => ({ badRequest: { code: 400, message } });

describe('flavors', () => {
  test('2.55 description on create, list, show and PUT; PUT is a 404 before 2.55', async () => {
    const made = await call('2.55', 'POST', '/flavors', { flavor: { name: 'd1', ram: 64, vcpus: 1, disk: 1, id: 'd1', description: 'small one' } });
    assert.equal(made.status, 200, made.text);
    assert.equal(made.body.flavor.description, 'small one');
    assert.equal(made.body.flavor.extra_specs, undefined, 'extra_specs only from 2.61');
    const listed = (await call('2.55', 'GET', '/flavors')).body.flavors.find((f: any) => f.id === 'd1');
    assert.deepEqual(Object.keys(listed).sort(), ['description', 'id', 'links', 'name']);
    assert.equal((await call('2.54', 'GET', '/flavors/d1')).body.flavor.description, undefined);
    assert.equal((await call('2.54', 'PUT', '/flavors/d1', { flavor: { description: 'x' } })).status, 404);
    const updated = await call('2.55', 'PUT', '/flavors/d1', { flavor: { description: null } });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.flavor.description, null);
    const tooMuch = await call('2.55', 'PUT', '/flavors/d1', { flavor: { description: 'x', name: 'y' } });
    assert.equal(tooMuch.status, 400);
    assert.equal((await call('2.55', 'PUT', '/flavors/d1', { flavor: { description: 'z' } }, 'demo:demo')).status, 403);
  });

  test('2.61 extra_specs in flavor views (to every user); 2.75 swap is 0, not ""', async () => {
    await call('2.61', 'POST', '/flavors', { flavor: { name: 'e1', ram: 64, vcpus: 1, disk: 1, id: 'e1' } });
    await call('2.61', 'POST', '/flavors/e1/os-extra_specs', { extra_specs: { 'hw:cpu_policy': 'shared' } });
    const asDemo = await call('2.61', 'GET', '/flavors/e1', undefined, 'demo:demo');
    assert.deepEqual(asDemo.body.flavor.extra_specs, { 'hw:cpu_policy': 'shared' });
    const detail = (await call('2.61', 'GET', '/flavors/detail')).body.flavors;
    assert.ok(detail.every((f: any) => typeof f.extra_specs === 'object'));
    assert.equal((await call('2.60', 'GET', '/flavors/e1')).body.flavor.extra_specs, undefined);
    assert.equal((await call('2.74', 'GET', '/flavors/e1')).body.flavor.swap, '');
    assert.equal((await call('2.75', 'GET', '/flavors/e1')).body.flavor.swap, 0);
  });

  test('2.86 validates extra specs: known names by their rule, unknown names in known namespaces refused', async () => {
    await call('2.86', 'POST', '/flavors', { flavor: { name: 'v1', ram: 64, vcpus: 1, disk: 1, id: 'v1' } });
    const set = (specs: Record<string, unknown>, v = '2.86') => call(v, 'POST', '/flavors/v1/os-extra_specs', { extra_specs: specs });
    const ok = await set({
      'hw:cpu_policy': 'dedicated', 'hw:mem_page_size': '2MB', 'hw:numa_nodes': 2, 'hw:numa_cpus.0': '0-1', 'quota:disk_read_bytes_sec': '10240',
      'foo:bar': 'anything', plain: 'x', 'trait:HW_CPU_X86_AVX2': 'required', 'resources:VGPU': '1', 'hw_rng:allowed': 'True',
    });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual((await set({ 'hw:cpu_policy': 'fast' })).body,
      badRequest("Validation failed; 'fast' is not one of: dedicated, shared, mixed."));
    assert.deepEqual((await set({ 'hw:numa_nodes': '0' })).body, badRequest("Validation failed; '0' is less than the min value of '1'."));
    assert.deepEqual((await set({ 'hw:numa_nodes': 'two' })).body, badRequest("Validation failed; 'two' is not a valid integer value."));
    assert.deepEqual((await set({ 'hw:cpu_realtime': 'maybe' })).body, badRequest("Validation failed; 'maybe' is not a valid boolean-like value."));
    assert.deepEqual((await set({ 'hw:mem_page_size': 'huge' })).body,
      badRequest("Validation failed; 'huge' is not of the format '(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)'."));
    assert.deepEqual((await set({ 'hw:no_such_thing': '1' })).body,
      badRequest("Validation failed; extra spec 'hw:no_such_thing' does not appear to be a valid extra spec."));
    assert.deepEqual((await set({ 'quota:bogus': '1' })).body,
      badRequest("Validation failed; extra spec 'quota:bogus' does not appear to be a valid extra spec."));
    const put = await call('2.86', 'PUT', '/flavors/v1/os-extra_specs/hw:cpu_policy', { 'hw:cpu_policy': 'bogus' });
    assert.equal(put.status, 400);
    assert.equal((await set({ 'hw:no_such_thing': '1' }, '2.85')).status, 200, 'no validation before 2.86');
  });
});

describe('keypairs', () => {
  test('2.92: public_key is required, "@" and "." are allowed in names', async () => {
    const noKey = await call('2.92', 'POST', '/os-keypairs', { keypair: { name: 'gen' } });
    assert.equal(noKey.status, 400);
    assert.match(noKey.body.badRequest.message, /'public_key' is a required property/);
    const made = await call('2.92', 'POST', '/os-keypairs', { keypair: { name: 'me@host.example', public_key: PUBLIC_KEY } });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.keypair.private_key, undefined);
    assert.equal(made.body.keypair.type, 'ssh');
    const before292 = await call('2.91', 'POST', '/os-keypairs', { keypair: { name: 'a@b', public_key: PUBLIC_KEY } });
    assert.deepEqual(before292.body, badRequest('Keypair data is invalid: Keypair name contains unsafe characters'));
    const generated = await call('2.91', 'POST', '/os-keypairs', { keypair: { name: 'gen91' } });
    assert.equal(generated.status, 201);
    assert.ok(generated.body.keypair.private_key);
    assert.equal((await call('2.92', 'DELETE', '/os-keypairs/me@host.example')).status, 204);
  });

  test('2.75: unknown query parameters are refused by list, show and delete', async () => {
    await call('2.92', 'POST', '/os-keypairs', { keypair: { name: 'q1', public_key: PUBLIC_KEY } });
    for (const path of ['/os-keypairs?foo=1', '/os-keypairs/q1?foo=1']) {
      const r = await call('2.75', 'GET', path);
      assert.equal(r.status, 400, path);
      assert.match(r.body.badRequest.message, /Additional properties are not allowed \('foo' was unexpected\)/);
      assert.equal((await call('2.74', 'GET', path)).status, 200, path);
    }
    assert.equal((await call('2.75', 'DELETE', '/os-keypairs/q1?foo=1')).status, 400);
    assert.equal((await call('2.75', 'GET', '/os-keypairs?limit=1')).status, 200);
  });
});

describe('2.75 strict query parameters', () => {
  test('flavors, server groups, limits, quota sets and volume attachments refuse unknown parameters from 2.75', async () => {
    const server = (await n.request('GET', '/v2.1/servers')).body.servers[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    for (const path of ['/flavors?foo=1', '/flavors/detail?foo=1', '/os-server-groups?foo=1', '/limits?foo=1', '/os-quota-sets/openstack?foo=1',
      '/os-quota-sets/openstack/detail?foo=1']) {
      const r = await call('2.75', 'GET', path);
      assert.equal(r.status, 400, path);
      assert.match(r.body.badRequest.message, /Additional properties are not allowed \('foo' was unexpected\)/, path);
      assert.equal((await call('2.74', 'GET', path)).status, 200, path);
    }
    assert.equal((await call('2.75', 'GET', '/flavors?limit=1&sort_key=name')).status, 200);
    assert.equal((await call('2.75', 'GET', '/os-server-groups?all_projects=1&limit=1&offset=0')).status, 200);
    assert.equal((await call('2.75', 'GET', '/limits?tenant_id=openstack')).status, 200);
    assert.equal((await call('2.75', 'GET', '/os-quota-sets/openstack?user_id=admin')).status, 200);
    const atts = await call('2.75', 'GET', `/servers/${server}/os-volume_attachments?foo=1`);
    assert.equal(atts.status, 400);
  });
});

describe('hypervisors (2.88)', () => {
  test('detail and show lose the usage figures and gain uptime; statistics and uptime routes are gone', async () => {
    const list = (await call('2.88', 'GET', '/os-hypervisors/detail')).body.hypervisors;
    assert.ok(list.length > 0);
    assert.deepEqual(Object.keys(list[0]).sort(),
      ['host_ip', 'hypervisor_hostname', 'hypervisor_type', 'hypervisor_version', 'id', 'service', 'state', 'status', 'uptime']);
    assert.match(list[0].uptime, /up/);
    const shown = (await call('2.88', 'GET', `/os-hypervisors/${list[0].id}`)).body.hypervisor;
    assert.equal(shown.vcpus, undefined);
    assert.equal(typeof shown.uptime, 'string');
    assert.equal((await call('2.87', 'GET', `/os-hypervisors/${list[0].id}`)).body.hypervisor.uptime, undefined);
    assert.equal((await call('2.88', 'GET', '/os-hypervisors/statistics')).status, 404);
    assert.equal((await call('2.88', 'GET', `/os-hypervisors/${list[0].id}/uptime`)).status, 404);
    assert.equal((await call('2.87', 'GET', `/os-hypervisors/${list[0].id}/uptime`)).status, 200);
    assert.match(list[0].id, UUID);
  });
});

describe('quotas and limits (2.57)', () => {
  const PERSONALITY = ['injected_file_content_bytes', 'injected_file_path_bytes', 'injected_files'];

  test('the personality quotas are gone from quota sets, quota classes and limits, and refused in updates', async () => {
    const set = (await call('2.57', 'GET', '/os-quota-sets/openstack')).body.quota_set;
    assert.ok(PERSONALITY.every((k) => !(k in set)));
    const old = (await call('2.56', 'GET', '/os-quota-sets/openstack')).body.quota_set;
    assert.ok(PERSONALITY.every((k) => k in old));
    const cls = (await call('2.57', 'GET', '/os-quota-class-sets/default')).body.quota_class_set;
    assert.ok(PERSONALITY.every((k) => !(k in cls)));
    const abs = (await call('2.57', 'GET', '/limits')).body.limits.absolute;
    assert.equal(abs.maxPersonality, undefined);
    assert.equal(abs.maxPersonalitySize, undefined);
    assert.equal(typeof (await call('2.56', 'GET', '/limits')).body.limits.absolute.maxPersonality, 'number');
    const upd = await call('2.57', 'PUT', '/os-quota-sets/openstack', { quota_set: { injected_files: 5 } });
    assert.equal(upd.status, 400);
    assert.match(upd.body.badRequest.message, /Additional properties are not allowed \('injected_files' was unexpected\)/);
    const clsUpd = await call('2.57', 'PUT', '/os-quota-class-sets/default', { quota_class_set: { injected_file_path_bytes: 5 } });
    assert.equal(clsUpd.status, 400);
  });
});
