/** os-virtual-interfaces: a server's interfaces, as legacy v2 and v2.1 show them. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PRIVATE_NETWORK_ID } from '../../src/compute/network.js';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

let n: TestNovum;
let server: string;
let mac: string;

before(async () => {
  n = await startNovum();
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'vif', imageRef: IMAGE, flavorRef: '1' } } });
  server = r.body.server.id;
  const s = await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body?.server?.status === 'ACTIVE');
  mac = s.body.server.addresses.private[0]['OS-EXT-IPS-MAC:mac_addr'];
});
after(async () => { await n.close(); });

test('seed "List virtual interfaces" and "Show virtual interface and attached network": legacy v2 has every key', async () => {
  const r = await n.request('GET', `/v2/openstack/servers/${server}/os-virtual-interfaces`);
  assert.equal(r.status, 200);
  assert.equal(r.body.virtual_interfaces.length, 1);
  const vif = r.body.virtual_interfaces[0];
  assert.deepEqual(Object.keys(vif).sort(), ['OS-EXT-VIF-NET:net_id', 'id', 'mac_address']);
  assert.match(vif.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(vif.mac_address, mac);
  assert.equal(vif['OS-EXT-VIF-NET:net_id'], PRIVATE_NETWORK_ID);
  const again = await n.request('GET', `/v2/openstack/servers/${server}/os-virtual-interfaces`);
  assert.equal(again.body.virtual_interfaces[0].id, vif.id, 'the interface id is stable');
});

test('v2.1 shows id and mac_address only (net_id arrives with 2.12); the id is the Neutron port\'s', async () => {
  const r = await n.request('GET', `/v2.1/servers/${server}/os-virtual-interfaces`);
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body.virtual_interfaces[0]).sort(), ['id', 'mac_address']);
  const ports = await n.request('GET', `/networking/v2.0/ports?device_id=${server}`);
  assert.equal(ports.body.ports[0].id, r.body.virtual_interfaces[0].id);
});

test('another project\'s server is 404; an unknown server is 404', async () => {
  const other = await n.request('GET', `/v2.1/servers/${server}/os-virtual-interfaces`, { token: 'demo:demo' });
  assert.deepEqual(other.body, { itemNotFound: { code: 404, message: `Instance ${server} could not be found.` } });
  const missing = await n.request('GET', '/v2.1/servers/00000000-0000-0000-0000-000000000000/os-virtual-interfaces');
  assert.equal(missing.status, 404);
});
