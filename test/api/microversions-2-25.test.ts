/**
 * What microversions 2.2 to 2.25 change, each asserted at its version and just below it
 * (Nova: rest_api_version_history.rst; nova-api-samples/<resource>/v2.N/).
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { startNovum, type TestNovum } from '../helpers.js';
import { MAX_VERSION } from '../../src/api/microversion.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;

before(async () => {
  n = await startNovum();
  await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
});
after(async () => { await n.close(); });

const at = (v: string, token?: string) => ({ headers: { 'X-OpenStack-Nova-API-Version': v }, ...(token ? { token } : {}) });

async function boot(name: string, extra: Record<string, unknown> = {}, v = '2.1'): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { ...at(v), body: { server: { name, imageRef: IMAGE, flavorRef: '1', ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
  return id;
}

const act = (id: string, v: string, body: unknown) => n.request('POST', `/v2.1/servers/${id}/action`, { ...at(v), body });
const show = async (id: string, v: string, token?: string) => (await n.request('GET', `/v2.1/servers/${id}`, at(v, token))).body.server;

test('the version document and `latest` say the maximum; one above is 406', async () => {
  const doc = await n.request('GET', '/v2.1', { token: null });
  assert.equal(doc.body.version.version, MAX_VERSION);
  const latest = await n.request('GET', '/v2.1/servers', at('latest'));
  assert.equal(latest.headers['x-openstack-nova-api-version'], MAX_VERSION);
  const above = `2.${Number(MAX_VERSION.split('.')[1]) + 1}`;
  const high = await n.request('GET', '/v2.1/servers', at(above));
  assert.deepEqual(high.body, { computeFault: { code: 406, message: `Version ${above} is not supported by the API. Minimum is 2.1 and maximum is ${MAX_VERSION}.` } });
});

describe('2.2: keypair types', () => {
  test('an x509 key pair is generated as a certificate with its private key', async () => {
    const r = await n.request('POST', '/v2.1/os-keypairs', { ...at('2.2'), body: { keypair: { name: 'cert', type: 'x509' } } });
    assert.equal(r.status, 201, r.text);
    const k = r.body.keypair;
    assert.equal(k.type, 'x509');
    const cert = new X509Certificate(k.public_key);
    assert.equal(k.fingerprint, cert.fingerprint.toLowerCase());
    assert.match(k.private_key, /^-----BEGIN RSA PRIVATE KEY-----/);
    assert.ok(cert.verify(cert.publicKey), 'self-signed');
    const listed = await n.request('GET', '/v2.1/os-keypairs', at('2.2'));
    assert.equal(listed.body.keypairs.find((x: any) => x.keypair.name === 'cert').keypair.type, 'x509');
    assert.equal((await n.request('DELETE', '/v2.1/os-keypairs/cert', at('2.2'))).status, 204);
  });
});

describe('servers', () => {
  test('2.5: members filter by ip6 (ignored for them before); 2.9 locked; 2.16 host_status for admins', async () => {
    const id = await boot('v6filter');
    const none = await n.request('GET', '/v2.1/servers?ip6=fd00::99', at('2.5'));
    assert.deepEqual(none.body.servers, []);
    const member = await n.request('POST', '/v2.1/servers', { token: 'demo:demo', body: { server: { name: 'm', imageRef: IMAGE, flavorRef: '1' } } });
    const ignored = await n.request('GET', '/v2.1/servers?ip6=fd00::99', at('2.4', 'demo:demo'));
    assert.deepEqual(ignored.body.servers.map((s: any) => s.id), [member.body.server.id]);
    assert.deepEqual((await n.request('GET', '/v2.1/servers?ip6=fd00::99', at('2.5', 'demo:demo'))).body.servers, []);

    assert.equal('locked' in (await show(id, '2.8')), false);
    assert.equal((await show(id, '2.9')).locked, false);
    assert.equal('host_status' in (await show(id, '2.15')), false);
    assert.equal((await show(id, '2.16')).host_status, 'UP');
    assert.equal('host_status' in (await show(member.body.server.id, '2.16', 'demo:demo')), false, 'members do not see it');
    const host = (await show(id, '2.16'))['OS-EXT-SRV-ATTR:host'];
    const put = (action: string, body: unknown) => n.request('PUT', `/v2.1/os-services/${action}`, { ...at('2.11'), body });
    assert.equal((await put('disable', { host, binary: 'nova-compute' })).status, 200);
    assert.equal((await show(id, '2.16')).host_status, 'MAINTENANCE');
    assert.equal((await put('force-down', { host, binary: 'nova-compute', forced_down: true })).status, 200);
    const detail = await n.request('GET', '/v2.1/servers/detail', at('2.16'));
    assert.equal(detail.body.servers.find((s: any) => s.id === id).host_status, 'DOWN');
    await put('force-down', { host, binary: 'nova-compute', forced_down: false });
    await put('enable', { host, binary: 'nova-compute' });
    const upd = await n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.16'), body: { server: { name: 'v6filter' } } });
    assert.equal('host_status' in upd.body.server, false, 'not in the update answer');
  });

  test('2.6: os-getVNCConsole is gone (404), remote-consoles answers', async () => {
    const id = await boot('console');
    assert.equal((await act(id, '2.5', { 'os-getVNCConsole': { type: 'novnc' } })).status, 200);
    const gone = await act(id, '2.6', { 'os-getVNCConsole': { type: 'novnc' } });
    assert.deepEqual(gone.body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    const rc = await n.request('POST', `/v2.1/servers/${id}/remote-consoles`, { ...at('2.6'), body: { remote_console: { protocol: 'vnc', type: 'novnc' } } });
    assert.equal(rc.status, 200, rc.text);
  });

  test('2.17: trigger_crash_dump (404 before; 202, recorded; 409 when stopped)', async () => {
    const id = await boot('dump');
    assert.equal((await act(id, '2.16', { trigger_crash_dump: null })).status, 404);
    const bad = await act(id, '2.17', { trigger_crash_dump: {} });
    assert.equal(bad.status, 400);
    assert.equal((await act(id, '2.17', { trigger_crash_dump: null })).status, 202);
    const actions = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions`);
    assert.ok(actions.body.instanceActions.some((a: any) => a.action === 'trigger_crash_dump'));
    await act(id, '2.17', { 'os-stop': null });
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'SHUTOFF');
    const stopped = await act(id, '2.17', { trigger_crash_dump: null });
    assert.deepEqual(stopped.body, { conflictingRequest: { code: 409, message: `Cannot 'trigger_crash_dump' instance ${id} while it is in vm_state stopped` } });
  });

  test('2.19: description on create, update and rebuild; refused before', async () => {
    const early = await n.request('POST', '/v2.1/servers', { ...at('2.18'), body: { server: { name: 'd', imageRef: IMAGE, flavorRef: '1', description: 'x' } } });
    assert.equal(early.status, 400);
    assert.match(early.body.badRequest.message, /Additional properties are not allowed \('description' was unexpected\)/);
    const id = await boot('described', { description: 'first' }, '2.19');
    assert.equal((await show(id, '2.19')).description, 'first');
    assert.equal('description' in (await show(id, '2.18')), false);
    const upd = await n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.19'), body: { server: { description: null } } });
    assert.equal(upd.body.server.description, null);
    assert.equal((await n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.18'), body: { server: { description: 'y' } } })).status, 400);
    const rb = await act(id, '2.19', { rebuild: { imageRef: IMAGE, description: 'rebuilt' } });
    assert.equal(rb.status, 202, rb.text);
    assert.equal(rb.body.server.description, 'rebuilt');
    assert.equal((await act(id, '2.18', { rebuild: { imageRef: IMAGE, description: 'z' } })).status, 400);
  });

  test('2.21: the actions of a deleted server can be read', async () => {
    const id = await boot('gone');
    assert.equal((await n.request('DELETE', `/v2.1/servers/${id}`)).status, 204);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
    assert.equal((await n.request('GET', `/v2.1/servers/${id}/os-instance-actions`, at('2.20'))).status, 404);
    const list = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions`, at('2.21'));
    assert.deepEqual(list.body.instanceActions.map((a: any) => a.action).sort(), ['create', 'delete']);
    const one = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions/${list.body.instanceActions[0].request_id}`, at('2.21'));
    assert.equal(one.status, 200);
  });
});

describe('moves', () => {
  test('2.14: evacuate takes no onSharedStorage and answers no password', async () => {
    const id = await boot('evac');
    const host = (await show(id, '2.1'))['OS-EXT-SRV-ATTR:host'];
    const old = await act(id, '2.14', { evacuate: { onSharedStorage: false } });
    assert.match(old.body.badRequest.message, /'onSharedStorage' was unexpected/);
    await n.request('PUT', '/v2.1/os-services/force-down', { ...at('2.11'), body: { host, binary: 'nova-compute', forced_down: true } });
    try {
      const r = await act(id, '2.14', { evacuate: {} });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.text, '');
      await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
    } finally {
      await n.request('PUT', '/v2.1/os-services/force-down', { ...at('2.11'), body: { host, binary: 'nova-compute', forced_down: false } });
    }
  });

  test('2.22-2.25: a live migration in progress is listed, forced, aborted; block_migration "auto"', async () => {
    const id = await boot('live');
    const live = (v: string, extra: Record<string, unknown>) => act(id, v, { 'os-migrateLive': { host: null, ...extra } });
    assert.match((await live('2.25', { block_migration: 'auto', disk_over_commit: false })).body.badRequest.message, /'disk_over_commit' was unexpected/);
    await n.novum.worker.stop();
    try {
      assert.equal((await live('2.25', { block_migration: 'auto' })).status, 202);
      const base = `/v2.1/servers/${id}/migrations`;
      assert.equal((await n.request('GET', base, at('2.22'))).status, 404, 'listing starts at 2.23');
      const list = await n.request('GET', base, at('2.23'));
      assert.equal(list.body.migrations.length, 1);
      const m = list.body.migrations[0];
      assert.equal(m.server_uuid, id);
      assert.equal(m.status, 'queued');
      assert.deepEqual(Object.keys(m).sort(), ['created_at', 'dest_compute', 'dest_host', 'dest_node', 'disk_processed_bytes', 'disk_remaining_bytes',
        'disk_total_bytes', 'id', 'memory_processed_bytes', 'memory_remaining_bytes', 'memory_total_bytes', 'server_uuid', 'source_compute',
        'source_node', 'status', 'updated_at']);
      assert.equal((await n.request('GET', `${base}/${m.id}`, at('2.23'))).body.migration.id, m.id);
      assert.deepEqual((await n.request('GET', `${base}/999`, at('2.23'))).body,
        { itemNotFound: { code: 404, message: `In-progress live migration 999 is not found for server ${id}.` } });
      const force = () => n.request('POST', `${base}/${m.id}/action`, { ...at('2.22'), body: { force_complete: null } });
      assert.deepEqual((await force()).body, { badRequest: { code: 400, message: `Migration ${m.id} state of instance ${id} is queued. Cannot force complete while the migration is in this state.` } });
      assert.equal((await n.request('DELETE', `${base}/${m.id}`, at('2.23'))).status, 404, 'abort starts at 2.24');
      assert.equal((await n.request('DELETE', `${base}/${m.id}`, at('2.24'))).status, 400, 'a queued one only from 2.65');
      assert.equal((await n.request('GET', base, at('2.23', 'demo:demo'))).status, 403);
      await n.novum.store.db.updateTable('migrations').set({ status: 'running' }).where('id', '=', m.id).execute();
      assert.equal((await force()).status, 202);
      assert.equal((await n.request('DELETE', `${base}/${m.id}`, at('2.24'))).status, 202);
      const after = await show(id, '2.1');
      assert.equal(after['OS-EXT-STS:task_state'], null);
      assert.equal(after['OS-EXT-SRV-ATTR:host'], m.source_compute, 'stays on its host');
      assert.deepEqual((await n.request('GET', base, at('2.23'))).body.migrations, []);
      const record = await n.request('GET', `/v2.1/os-migrations?instance_uuid=${id}`, at('2.23'));
      assert.equal(record.body.migrations[0].status, 'cancelled');
      const actions = (await n.request('GET', `/v2.1/servers/${id}/os-instance-actions`)).body.instanceActions.map((a: any) => a.action);
      assert.ok(actions.includes('live_migration_force_complete') && actions.includes('live_migration_cancel'), actions.join());
    } finally {
      n.novum.worker.start();
    }
  });
});
