/** os-interface, read-only (what `nova interface-list` reads): a server's ports as interface attachments. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PRIVATE_NETWORK_ID } from '../../src/compute/network.js';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

let n: TestNovum;
let server: string;
let other: string;

async function boot(name: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202);
  await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE');
  return r.body.server.id;
}

before(async () => {
  n = await startNovum();
  server = await boot('ifaces');
  other = await boot('other');
});
after(async () => { await n.close(); });

test('GET os-interface lists the server\'s port as Neutron serves it', async () => {
  const r = await n.request('GET', `/v2.1/servers/${server}/os-interface`);
  assert.equal(r.status, 200);
  const [port] = (await n.request('GET', `/networking/v2.0/ports?device_id=${server}`)).body.ports;
  assert.deepEqual(r.body, {
    interfaceAttachments: [{
      port_state: 'ACTIVE', fixed_ips: port.fixed_ips, port_id: port.id, net_id: PRIVATE_NETWORK_ID, mac_addr: port.mac_address,
    }],
  });
  const s = (await n.request('GET', `/v2.1/servers/${server}`)).body.server;
  assert.equal(port.fixed_ips[0].ip_address, s.addresses.private[0].addr);
});

test('GET os-interface/{port_id} shows one; another server\'s port and an unknown port are 404', async () => {
  const list = (await n.request('GET', `/v2.1/servers/${server}/os-interface`)).body.interfaceAttachments;
  const one = await n.request('GET', `/v2.1/servers/${server}/os-interface/${list[0].port_id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, { interfaceAttachment: list[0] });
  const otherPort = (await n.request('GET', `/v2.1/servers/${other}/os-interface`)).body.interfaceAttachments[0].port_id;
  const wrong = await n.request('GET', `/v2.1/servers/${server}/os-interface/${otherPort}`);
  assert.equal(wrong.status, 404);
  assert.deepEqual(wrong.body, { itemNotFound: { code: 404, message: `Instance ${server} does not have a port with id ${otherPort}` } });
  const missing = await n.request('GET', `/v2.1/servers/${server}/os-interface/nope`);
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: 'Port id nope could not be found.' } });
});

test('another project\'s server is a 404; a stopped server\'s port is DOWN', async () => {
  const r = await n.request('GET', `/v2.1/servers/${server}/os-interface`, { token: 'demo:demo' });
  assert.equal(r.status, 404);
  assert.equal(r.body.itemNotFound.message, `Instance ${server} could not be found.`);
  assert.equal((await n.request('POST', `/v2.1/servers/${other}/action`, { body: { 'os-stop': null } })).status, 202);
  await n.waitFor(`/v2.1/servers/${other}`, (x) => x.body?.server?.status === 'SHUTOFF');
  const down = await n.request('GET', `/v2.1/servers/${other}/os-interface`);
  assert.equal(down.body.interfaceAttachments[0].port_state, 'DOWN');
});
