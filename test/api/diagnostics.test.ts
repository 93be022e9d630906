/** GET /servers/{id}/diagnostics: admin only, libvirt's flat map before 2.48. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';
import { standardDiagnostics } from '../../src/api/compute/diagnostics/view.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
/** The seed's "Get server diagnostics" example response keys. */
const SEED_KEYS = [
  'vnet0_tx_errors', 'vda_errors', 'vda_read', 'vda_write', 'vnet0_tx_packets', 'vda_write_req', 'memory-actual', 'cpu0_time',
  'vnet0_tx', 'vnet0_rx_drop', 'vnet0_rx_packets', 'vnet0_rx_errors', 'memory', 'memory-rss', 'vda_read_req', 'vnet0_rx', 'vnet0_tx_drop',
];

let n: TestNovum;
let server: string;
let demoServer: string;

async function boot(name: string, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}

before(async () => {
  n = await startNovum();
  server = await boot('diag');
  demoServer = await boot('diag-demo', 'demo:demo');
});
after(async () => { await n.close(); });

test('seed "Get server diagnostics": every key of the example, numbers from the hypervisor', async () => {
  const r = await n.request('GET', `/v2/openstack/servers/${server}/diagnostics`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body).sort(), [...SEED_KEYS].sort());
  for (const k of SEED_KEYS) assert.equal(typeof r.body[k], 'number', k);
  assert.equal(r.body.memory, 512 * 1024, 'flavor 1 has 512 MB, in KiB');
  assert.equal(r.body.vda_errors, -1);
  assert.ok(r.body.cpu0_time > 0);
  assert.equal((await n.request('GET', `/v2.1/servers/${server}/diagnostics`)).status, 200);
});

test('members get Nova\'s policy 403 for their own server, 404 for another project\'s', async () => {
  const own = await n.request('GET', `/v2.1/servers/${demoServer}/diagnostics`, { token: 'demo:demo' });
  assert.deepEqual(own.body, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-server-diagnostics to be performed." } });
  const other = await n.request('GET', `/v2.1/servers/${server}/diagnostics`, { token: 'demo:demo' });
  assert.equal(other.status, 404);
  assert.equal((await n.request('GET', `/v2.1/servers/${demoServer}/diagnostics`)).status, 200, 'admins see every project\'s');
});

test('a server without a host is 409', async () => {
  await n.novum.worker.stop();
  try {
    const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'waiting', imageRef: IMAGE, flavorRef: '1' } } });
    const id = r.body.server.id as string;
    const d = await n.request('GET', `/v2.1/servers/${id}/diagnostics`);
    assert.deepEqual(d.body, { conflictingRequest: { code: 409, message: `Instance ${id} is not ready` } });
  } finally {
    n.novum.worker.start();
  }
});

test('the 2.48 body has the standard fields with the server\'s MAC', async () => {
  const d = await n.novum.services.network.guest.diagnostics({ userId: 'admin', projectId: 'openstack', isAdmin: true, requestId: 'r' }, server);
  const body = standardDiagnostics(d);
  assert.deepEqual(Object.keys(body).sort(), [
    'config_drive', 'cpu_details', 'disk_details', 'driver', 'hypervisor', 'hypervisor_os', 'memory_details', 'nic_details',
    'num_cpus', 'num_disks', 'num_nics', 'state', 'uptime',
  ]);
  assert.equal(body.state, 'running');
  assert.equal(body.num_nics, 1);
  const shown = await n.request('GET', `/v2.1/servers/${server}`);
  assert.equal((body.nic_details as Array<{ mac_address: string }>)[0].mac_address, shown.body.server.addresses.private[0]['OS-EXT-IPS-MAC:mac_addr']);
  assert.deepEqual(Object.keys((body.nic_details as object[])[0]).sort(), [
    'mac_address', 'rx_drop', 'rx_errors', 'rx_octets', 'rx_packets', 'rx_rate', 'tx_drop', 'tx_errors', 'tx_octets', 'tx_packets', 'tx_rate',
  ]);
});
