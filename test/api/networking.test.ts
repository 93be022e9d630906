/** The Neutron v2.0 read subset at /networking. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PRIVATE_NETWORK_ID } from '../../src/compute/network.js';
import { PUBLIC_NETWORK_ID } from '../../src/network/topology.js';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

let n: TestNovum;
let server: string;
let fixed: string;
let mac: string;

before(async () => {
  n = await startNovum();
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'net', imageRef: IMAGE, flavorRef: '1' } } });
  server = r.body.server.id;
  const s = await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body?.server?.status === 'ACTIVE');
  fixed = s.body.server.addresses.private[0].addr;
  mac = s.body.server.addresses.private[0]['OS-EXT-IPS-MAC:mac_addr'];
});
after(async () => { await n.close(); });

test('the version document needs no token; everything else does', async () => {
  const r = await n.request('GET', '/networking', { token: null });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: 'http://localhost:80/networking/v2.0/' }] }] });
  const noToken = await n.request('GET', '/networking/v2.0/networks', { token: null });
  assert.equal(noToken.status, 401);
  const root = await n.request('GET', '/networking/v2.0');
  assert.deepEqual(root.body.resources.map((x: { collection: string }) => x.collection), ['networks', 'subnets', 'ports', 'floatingips', 'security-groups', 'security-group-rules']);
});

test('networks: private (shared) and public (external), with Neutron\'s fields and filters', async () => {
  const r = await n.request('GET', '/networking/v2.0/networks', { token: 'demo:demo' });
  assert.equal(r.status, 200);
  const [priv, pub] = r.body.networks;
  assert.equal(priv.id, PRIVATE_NETWORK_ID);
  assert.equal(priv.name, 'private');
  for (const key of ['id', 'name', 'status', 'subnets', 'tenant_id', 'project_id', 'admin_state_up', 'shared', 'router:external', 'availability_zones', 'mtu']) {
    assert.ok(key in priv, key);
  }
  assert.deepEqual([priv.status, priv.admin_state_up, priv['router:external'], priv.availability_zones, priv.mtu], ['ACTIVE', true, false, ['nova'], 1450]);
  assert.deepEqual([pub.id, pub.name, pub['router:external']], [PUBLIC_NETWORK_ID, 'public', true]);
  const external = await n.request('GET', '/networking/v2.0/networks?router:external=True');
  assert.deepEqual(external.body.networks.map((x: { name: string }) => x.name), ['public']);
  const byName = await n.request('GET', '/networking/v2.0/networks?name=private&fields=id&fields=name');
  assert.deepEqual(byName.body, { networks: [{ id: PRIVATE_NETWORK_ID, name: 'private' }] });
  const one = await n.request('GET', `/networking/v2.0/networks/${PUBLIC_NETWORK_ID}`);
  assert.equal(one.body.network.name, 'public');
  const missing = await n.request('GET', '/networking/v2.0/networks/nope');
  assert.deepEqual(missing.body, { NeutronError: { type: 'NetworkNotFound', message: 'Network nope could not be found.', detail: '' } });
});

test('subnets: one per network, with cidr, gateway and allocation pools', async () => {
  const r = await n.request('GET', '/networking/v2.0/subnets');
  assert.equal(r.body.subnets.length, 2);
  const priv = (await n.request('GET', `/networking/v2.0/subnets?network_id=${PRIVATE_NETWORK_ID}`)).body.subnets[0];
  assert.deepEqual([priv.cidr, priv.gateway_ip, priv.ip_version, priv.enable_dhcp], ['10.0.0.0/16', '10.0.0.1', 4, true]);
  assert.deepEqual(priv.allocation_pools, [{ start: '10.0.0.2', end: '10.0.255.254' }]);
  const networks = (await n.request('GET', '/networking/v2.0/networks')).body.networks;
  assert.deepEqual(networks[0].subnets, [priv.id]);
  assert.equal((await n.request('GET', `/networking/v2.0/subnets/${priv.id}`)).body.subnet.id, priv.id);
  assert.equal((await n.request('GET', '/networking/v2.0/subnets/nope')).body.NeutronError.type, 'SubnetNotFound');
});

test('ports?device_id=<server>: one port per fixed address; other projects see none', async () => {
  const r = await n.request('GET', `/networking/v2.0/ports?device_id=${server}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.ports.length, 1);
  const p = r.body.ports[0];
  assert.deepEqual(
    [p.network_id, p.mac_address, p.device_id, p.device_owner, p.status, p.tenant_id],
    [PRIVATE_NETWORK_ID, mac, server, 'compute:nova', 'ACTIVE', 'openstack'],
  );
  const subnet = (await n.request('GET', `/networking/v2.0/subnets?network_id=${PRIVATE_NETWORK_ID}`)).body.subnets[0];
  assert.deepEqual(p.fixed_ips, [{ subnet_id: subnet.id, ip_address: fixed }]);
  assert.equal((await n.request('GET', `/networking/v2.0/ports/${p.id}`)).body.port.id, p.id);
  assert.deepEqual((await n.request('GET', `/networking/v2.0/ports?device_id=${server}`, { token: 'demo:demo' })).body, { ports: [] });
  assert.equal((await n.request('GET', `/networking/v2.0/ports/${p.id}`, { token: 'demo:demo' })).body.NeutronError.type, 'PortNotFound');
});

test('floatingips show what os-floating-ips allocated and associated', async () => {
  const fip = (await n.request('POST', '/v2.1/os-floating-ips', { body: {} })).body.floating_ip;
  const before = (await n.request('GET', '/networking/v2.0/floatingips')).body.floatingips.find((f: { id: string }) => f.id === fip.id);
  assert.deepEqual([before.floating_ip_address, before.port_id, before.fixed_ip_address, before.status, before.floating_network_id], [fip.ip, null, null, 'DOWN', PUBLIC_NETWORK_ID]);
  assert.equal((await n.request('POST', `/v2.1/servers/${server}/action`, { body: { addFloatingIp: { address: fip.ip } } })).status, 202);
  const port = (await n.request('GET', `/networking/v2.0/ports?device_id=${server}`)).body.ports[0];
  const after = (await n.request('GET', `/networking/v2.0/floatingips/${fip.id}`)).body.floatingip;
  assert.deepEqual([after.port_id, after.fixed_ip_address, after.status], [port.id, fixed, 'ACTIVE']);
  assert.equal((await n.request('GET', `/networking/v2.0/floatingips?port_id=${port.id}`)).body.floatingips.length, 1);
  assert.deepEqual((await n.request('GET', '/networking/v2.0/floatingips', { token: 'demo:demo' })).body, { floatingips: [] });
});

test('extensions and availability zones, as `openstack availability zone list` reads them', async () => {
  const list = await n.request('GET', '/networking/v2.0/extensions');
  const az = list.body.extensions.find((e: { alias: string }) => e.alias === 'availability_zone');
  assert.deepEqual(Object.keys(az).sort(), ['alias', 'description', 'links', 'name', 'updated']);
  assert.equal(az.name, 'Availability Zone');
  assert.deepEqual((await n.request('GET', '/networking/v2.0/extensions/availability_zone')).body, { extension: az });
  const byName = await n.request('GET', '/networking/v2.0/extensions/Availability%20Zone');
  assert.equal(byName.status, 404);
  assert.deepEqual(byName.body, { NeutronError: { type: 'HTTPNotFound', message: 'Extension with alias Availability Zone does not exist', detail: '' } });
  const zones = await n.request('GET', '/networking/v2.0/availability_zones');
  assert.deepEqual(zones.body, { availability_zones: [
    { name: 'nova', resource: 'network', state: 'available' }, { name: 'nova', resource: 'router', state: 'available' },
  ] });
  const unknown = await n.request('GET', '/networking/v2.0/routers');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.NeutronError.type, 'HTTPNotFound');
});
