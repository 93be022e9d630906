/**
 * Server microversions 2.71-2.93 (Nova: rest_api_version_history.rst; nova-api-samples/servers/
 * v2.71-v2.90, os-lock-server/v2.73, os-shelve/v2.77 and v2.91, os-server-topology/v2.78,
 * os-rescue/v2.87): each asserted at its version and just below it.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE, IMAGE2, serversKit } from './microversion-servers-kit.js';

const kit = serversKit();
const { at, status, boot, act, show } = kit;

describe('2.71: server_groups', () => {
  test('show, update and rebuild carry the group; list detail does not', async () => {
    const g = await kit.n.request('POST', '/v2.1/os-server-groups', { ...at('2.64'), body: { server_group: { name: 'g71', policy: 'anti-affinity' } } });
    const group = g.body.server_group.id as string;
    const id = await boot('sg', {}, '2.71');
    const member = await kit.n.request('POST', '/v2.1/servers', { ...at('2.71'), body: { server: { name: 'sg2', imageRef: IMAGE, flavorRef: '1', networks: 'none' }, 'os:scheduler_hints': { group } } });
    const mid = member.body.server.id as string;
    await status(mid, 'ACTIVE');
    assert.deepEqual((await show(mid, '2.71')).server_groups, [group]);
    assert.deepEqual((await show(id, '2.71')).server_groups, []);
    assert.equal('server_groups' in (await show(mid, '2.70')), false);
    const upd = await kit.n.request('PUT', `/v2.1/servers/${mid}`, { ...at('2.71'), body: { server: { name: 'sg2b' } } });
    assert.deepEqual(upd.body.server.server_groups, [group]);
    const rb = await act(mid, '2.71', { rebuild: { imageRef: IMAGE } });
    assert.deepEqual(rb.body.server.server_groups, [group]);
    const detail = await kit.n.request('GET', '/v2.1/servers/detail', at('2.71'));
    assert.equal(detail.body.servers.some((s: any) => 'server_groups' in s), false);
  });
});

describe('2.73: lock with a reason, the locked filter', () => {
  test('the reason is shown in views and cleared by unlock; locked filters the list', async () => {
    const id = await boot('lk');
    const other = await boot('unlocked');
    assert.equal((await act(id, '2.73', { lock: { locked_reason: 'maintenance' } })).status, 202);
    const s = await show(id, '2.73');
    assert.equal(s.locked, true);
    assert.equal(s.locked_reason, 'maintenance');
    assert.equal('locked_reason' in (await show(id, '2.72')), false);
    const detail = await kit.n.request('GET', '/v2.1/servers/detail', at('2.73'));
    assert.equal(detail.body.servers.find((x: any) => x.id === id).locked_reason, 'maintenance');
    const locked = await kit.n.request('GET', '/v2.1/servers?locked=true', at('2.73'));
    assert.deepEqual(locked.body.servers.map((x: any) => x.id), [id]);
    const unlocked = await kit.n.request('GET', '/v2.1/servers?locked=0', at('2.73'));
    assert.ok(unlocked.body.servers.some((x: any) => x.id === other) && !unlocked.body.servers.some((x: any) => x.id === id));
    const bad = await kit.n.request('GET', '/v2.1/servers?locked=maybe', at('2.73'));
    assert.equal(bad.body.badRequest.message,
      "Invalid input received: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'");
    assert.equal((await kit.n.request('GET', '/v2.1/servers?locked=maybe', at('2.72'))).status, 200, 'ignored before 2.73');
    assert.equal((await act(id, '2.73', { unlock: null })).status, 202);
    assert.equal((await show(id, '2.73')).locked_reason, null);
  });

  test("Nova's lock schema: an empty reason is a 400; a lock without one has a null reason", async () => {
    const id = await boot('lk2');
    const empty = await act(id, '2.73', { lock: { locked_reason: '' } });
    assert.match(empty.body.badRequest.message, /^Invalid input for field\/attribute locked_reason\. Value: \. '' is too short$/);
    assert.equal((await act(id, '2.73', { lock: null })).status, 202);
    assert.equal((await show(id, '2.73')).locked_reason, null);
  });
});

describe('2.74: create on a requested host and node', () => {
  test('admins place the server; unknown hosts, members and zone:host combined are refused', async () => {
    const body = (extra: Record<string, unknown>) => ({ server: { name: 'h74', imageRef: IMAGE, flavorRef: '1', networks: 'none', ...extra } });
    const low = await kit.n.request('POST', '/v2.1/servers', { ...at('2.73'), body: body({ host: 'compute-2' }) });
    assert.match(low.body.badRequest.message, /Additional properties are not allowed \('host' was unexpected\)/);
    const unknown = await kit.n.request('POST', '/v2.1/servers', { ...at('2.74'), body: body({ host: 'nowhere' }) });
    assert.deepEqual(unknown.body, { badRequest: { code: 400, message: 'Compute host nowhere could not be found.' } });
    const node = await kit.n.request('POST', '/v2.1/servers', { ...at('2.74'), body: body({ hypervisor_hostname: 'nonode' }) });
    assert.deepEqual(node.body, { badRequest: { code: 400, message: 'Compute host nonode could not be found.' } });
    const both = await kit.n.request('POST', '/v2.1/servers', { ...at('2.74'), body: body({ host: 'compute-2', availability_zone: 'nova:compute-2' }) });
    assert.equal(both.body.badRequest.message, 'One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.');
    const member = await kit.n.request('POST', '/v2.1/servers', { ...at('2.74', 'demo:demo'), body: body({ host: 'compute-2' }) });
    assert.equal(member.status, 403);
    assert.equal(member.body.forbidden.message, "Policy doesn't allow compute:servers:create:requested_destination to be performed.");
    for (const extra of [{ host: 'compute-2' }, { hypervisor_hostname: 'compute-1' }]) {
      const ok = await kit.n.request('POST', '/v2.1/servers', { ...at('2.74'), body: body(extra) });
      assert.equal(ok.status, 202, ok.text);
      const s = (await status(ok.body.server.id, 'ACTIVE')).body.server;
      assert.equal(s['OS-EXT-SRV-ATTR:host'], Object.values(extra)[0]);
    }
  });
});

describe('2.75: full update and rebuild answers, strict list queries', () => {
  test('update and rebuild answer as show does (rebuild: user_data instead of the admin attribute)', async () => {
    const id = await boot('full');
    const upd = (await kit.n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.75'), body: { server: { name: 'full2' } } })).body.server;
    const shown = await show(id, '2.75');
    assert.deepEqual(Object.keys(upd).sort(), Object.keys(shown).sort());
    assert.equal(upd['OS-EXT-STS:vm_state'], 'active');
    assert.equal(upd.host_status, 'UP');
    const old = (await kit.n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.74'), body: { server: { name: 'full3' } } })).body.server;
    assert.equal('OS-EXT-STS:vm_state' in old, false);
    const rb = await act(id, '2.75', { rebuild: { imageRef: IMAGE2 } });
    assert.equal(rb.status, 202);
    assert.match(String(rb.headers.location), new RegExp(`/v2\\.1/servers/${id}$`));
    const keys = new Set(Object.keys(rb.body.server));
    for (const k of ['OS-EXT-STS:task_state', 'OS-EXT-SRV-ATTR:host', 'key_name', 'security_groups', 'user_data', 'adminPass', 'host_status']) assert.ok(keys.has(k), k);
    assert.equal(keys.has('OS-EXT-SRV-ATTR:user_data'), false);
    assert.equal(rb.body.server['OS-EXT-STS:task_state'], 'rebuilding');
  });

  test('GET /servers refuses unknown parameters from 2.75 and ignores them before', async () => {
    for (const path of ['/v2.1/servers', '/v2.1/servers/detail']) {
      const r = await kit.n.request('GET', `${path}?foo=bar`, at('2.75'));
      assert.deepEqual(r.body, { badRequest: { code: 400, message: "Additional properties are not allowed ('foo' was unexpected)" } });
      assert.equal((await kit.n.request('GET', `${path}?foo=bar`, at('2.74'))).status, 200);
      assert.equal((await kit.n.request('GET', `${path}?name=x&limit=1&sort_key=display_name`, at('2.75'))).status, 200);
    }
  });
});
