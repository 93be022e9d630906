/**
 * Neutron floating IP writes at /networking (what openstacksdk's create_server auto IP and
 * `openstack floating ip create` / `server add|remove floating ip` send).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PRIVATE_NETWORK_ID } from '../../src/compute/network.js';
import { PUBLIC_NETWORK_ID } from '../../src/network/topology.js';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const FIPS = '/networking/v2.0/floatingips';

let n: TestNovum;
let server: string;
let port: { id: string; fixed_ips: Array<{ ip_address: string }> };

before(async () => {
  n = await startNovum();
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'fipw', imageRef: IMAGE, flavorRef: '1' } } });
  server = r.body.server.id;
  await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body?.server?.status === 'ACTIVE');
  port = (await n.request('GET', `/networking/v2.0/ports?device_id=${server}`)).body.ports[0];
});
after(async () => { await n.close(); });

const neutronError = (type: string, message: string) => ({ NeutronError: { type, message, detail: '' } });

test('POST allocates on the external network (201), unbound', async () => {
  const r = await n.request('POST', FIPS, { body: { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } } });
  assert.equal(r.status, 201);
  const f = r.body.floatingip;
  assert.match(f.floating_ip_address, /^172\.24\.4\.\d+$/);
  assert.deepEqual([f.floating_network_id, f.port_id, f.fixed_ip_address, f.status, f.router_id], [PUBLIC_NETWORK_ID, null, null, 'DOWN', null]);
  const nova = (await n.request('GET', '/v2.1/os-floating-ips')).body.floating_ips;
  assert.ok(nova.some((x: { ip: string }) => x.ip === f.floating_ip_address), 'Nova\'s proxy sees the same floating IP');
  assert.equal((await n.request('DELETE', `${FIPS}/${f.id}`)).status, 204);
  assert.equal((await n.request('GET', `${FIPS}/${f.id}`)).status, 404);
});

test('PUT port_id binds it to the server (addresses show it); port_id null unbinds', async () => {
  const f = (await n.request('POST', FIPS, { body: { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } } })).body.floatingip;
  const bound = await n.request('PUT', `${FIPS}/${f.id}`, { body: { floatingip: { port_id: port.id } } });
  assert.equal(bound.status, 200);
  assert.deepEqual([bound.body.floatingip.port_id, bound.body.floatingip.fixed_ip_address, bound.body.floatingip.status],
    [port.id, port.fixed_ips[0].ip_address, 'ACTIVE']);
  const addrs = (await n.request('GET', `/v2.1/servers/${server}`)).body.server.addresses.private;
  assert.deepEqual(addrs.map((a: { addr: string; 'OS-EXT-IPS:type': string }) => [a.addr, a['OS-EXT-IPS:type']]),
    [[port.fixed_ips[0].ip_address, 'fixed'], [f.floating_ip_address, 'floating']]);
  const same = await n.request('PUT', `${FIPS}/${f.id}`, { body: { floatingip: {} } });
  assert.equal(same.body.floatingip.port_id, port.id, 'without port_id the binding stays');
  const unbound = await n.request('PUT', `${FIPS}/${f.id}`, { body: { floatingip: { port_id: null } } });
  assert.deepEqual([unbound.status, unbound.body.floatingip.port_id, unbound.body.floatingip.fixed_ip_address], [200, null, null]);
  assert.equal((await n.request('GET', `/v2.1/servers/${server}`)).body.server.addresses.private.length, 1);
  await n.request('DELETE', `${FIPS}/${f.id}`);
});

test('POST with port_id creates it bound; DELETE of a bound one frees the server\'s address', async () => {
  const r = await n.request('POST', FIPS, { body: { floatingip: { floating_network_id: PUBLIC_NETWORK_ID, port_id: port.id } } });
  assert.equal(r.status, 201);
  assert.equal(r.body.floatingip.port_id, port.id);
  assert.equal((await n.request('DELETE', `${FIPS}/${r.body.floatingip.id}`)).status, 204);
  assert.equal((await n.request('GET', `/v2.1/servers/${server}`)).body.server.addresses.private.length, 1);
});

test('Neutron\'s refusals: body, network, port, fixed IP, read-only attributes, other projects', async () => {
  const post = (floatingip: unknown, token?: string) => n.request('POST', FIPS, { body: { floatingip }, token });
  let r = await post({});
  assert.deepEqual([r.status, r.body], [400, neutronError('HTTPBadRequest', "Failed to parse request. Required attribute 'floating_network_id' not specified")]);
  r = await post({ floating_network_id: PRIVATE_NETWORK_ID });
  assert.deepEqual([r.status, r.body], [400, neutronError('HTTPBadRequest', `Bad floatingip request: Network ${PRIVATE_NETWORK_ID} is not a valid external network.`)]);
  const nowhere = '00000000-0000-4000-8000-000000000000';
  r = await post({ floating_network_id: nowhere });
  assert.deepEqual([r.status, r.body], [404, neutronError('NetworkNotFound', `Network ${nowhere} could not be found.`)]);
  r = await post({ floating_network_id: PUBLIC_NETWORK_ID, bogus: 1 });
  assert.deepEqual([r.status, r.body], [400, neutronError('HTTPBadRequest', "Unrecognized attribute(s) 'bogus'")]);
  r = await post({ floating_network_id: 'x' });
  assert.deepEqual([r.status, r.body], [400, neutronError('HTTPBadRequest', "Invalid input for floating_network_id. Reason: 'x' is not a valid UUID.")]);
  r = await post({ floating_network_id: PUBLIC_NETWORK_ID, port_id: port.id }, 'demo:demo');
  assert.deepEqual([r.status, r.body], [404, neutronError('PortNotFound', `Port ${port.id} could not be found.`)]);
  r = await post({ floating_network_id: PUBLIC_NETWORK_ID, port_id: port.id, fixed_ip_address: '10.9.9.9' });
  assert.deepEqual([r.status, r.body], [400, neutronError('HTTPBadRequest', `Bad floatingip request: Port ${port.id} does not have fixed ip 10.9.9.9.`)]);
  r = await n.request('POST', FIPS, { body: { nothing: {} } });
  assert.deepEqual([r.status, r.body], [400, neutronError('HTTPBadRequest', "Unable to find 'floatingip' in request body")]);
  const f = (await post({ floating_network_id: PUBLIC_NETWORK_ID })).body.floatingip;
  r = await n.request('PUT', `${FIPS}/${f.id}`, { body: { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } } });
  assert.deepEqual([r.status, r.body], [400, neutronError('HTTPBadRequest', 'Cannot update read-only attribute floating_network_id')]);
  r = await n.request('DELETE', `${FIPS}/${f.id}`, { token: 'demo:demo' });
  assert.deepEqual([r.status, r.body], [404, neutronError('FloatingIPNotFound', `Floating IP ${f.id} could not be found`)]);
  assert.equal((await n.request('GET', `${FIPS}/${f.id}`)).status, 200);
});

test('over the floating_ips quota is Neutron\'s 409 OverQuota', async () => {
  const token = 'q:fipquota';
  assert.equal((await n.request('PUT', '/v2.1/os-quota-sets/fipquota', { body: { quota_set: { floating_ips: 1 } } })).status, 200);
  const first = await n.request('POST', FIPS, { body: { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } }, token });
  assert.equal(first.status, 201);
  const second = await n.request('POST', FIPS, { body: { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } }, token });
  assert.deepEqual([second.status, second.body], [409, neutronError('OverQuota', "Quota exceeded for resources: ['floatingip'].")]);
});
