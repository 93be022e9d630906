/**
 * `openstack` resource and admin commands: flavors, images (with an upload), keypairs,
 * availability zones, volumes, limits and quotas, hypervisors, compute services, migrations
 * and usage.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE, OPENSTACK, openstackClient, skipUnless, startCloud, type ClientCloud } from './harness.js';

const skip = skipUnless(OPENSTACK, 'apt-get install python3-openstackclient');
const opts = { skip, timeout: 180_000 };

let cloud: ClientCloud;
let os: ReturnType<typeof openstackClient>;

before(async () => {
  if (skip) return;
  cloud = await startCloud('osc-resources');
  os = openstackClient(cloud);
});
after(async () => { await cloud?.stop(); });

test('flavor create (server-minted id), set/unset --property, show, delete', opts, async () => {
  const f = await os.ok('flavor', 'create', '--ram', '256', '--disk', '1', '--vcpus', '1', 'f1', '-f', 'json');
  assert.match(f.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual([f.name, f.ram, f.disk, f.vcpus, f['os-flavor-access:is_public']], ['f1', 256, 1, 1, true]);
  await os.ok('flavor', 'set', '--property', 'hw:cpu_policy=shared', 'f1');
  assert.deepEqual((await os.ok('flavor', 'show', 'f1', '-f', 'json')).properties, { 'hw:cpu_policy': 'shared' });
  await os.ok('flavor', 'unset', '--property', 'hw:cpu_policy', 'f1');
  const shown = await os.ok('flavor', 'show', 'f1', '-f', 'json');
  assert.deepEqual([shown.id, shown.properties], [f.id, {}]);
  const list = await os.ok('flavor', 'list', '-f', 'json');
  // Nova sorts by flavor id as a string: where a UUID lands among '1'..'5' depends on its first digit.
  assert.deepEqual(list.map((x: any) => x.Name).sort(), ['f1', 'm1.large', 'm1.medium', 'm1.small', 'm1.tiny', 'm1.xlarge']);
  await os.ok('flavor', 'delete', 'f1');
  await os.fails(/No Flavor found for f1/, 'flavor', 'show', 'f1');
});

test('image list/show, image create --file uploads the bytes, image delete', opts, async () => {
  const list = await os.ok('image', 'list', '-f', 'json');
  const cirros = list.find((i: any) => i.Name === IMAGE);
  assert.equal(cirros?.Status, 'active');
  assert.equal((await os.ok('image', 'show', IMAGE, '-f', 'json')).id, cirros.ID);
  const file = path.join(cloud.tmp, 'img.bin');
  writeFileSync(file, Buffer.alloc(1536, 7));
  const img = await os.ok('image', 'create', '--file', file, '--disk-format', 'raw', '--container-format', 'bare', 'img1', '-f', 'json');
  assert.equal(img.name, 'img1');
  const shown = await os.ok('image', 'show', 'img1', '-f', 'json');
  assert.deepEqual([shown.status, shown.size, shown.disk_format], ['active', 1536, 'raw']);
  await os.ok('image', 'delete', 'img1');
  await os.fails(/No Image found for img1/, 'image', 'show', 'img1');
});

test('keypair create/list/show/delete', opts, async () => {
  const pub = path.join(cloud.tmp, 'kp.pub');
  writeFileSync(pub, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc0ClFUwuC7t9ya9Lk11nJh2GdVbVrI3NZLlLgQpQ6a test@novum\n');
  const kp = await os.ok('keypair', 'create', '--public-key', pub, 'kp1', '-f', 'json');
  assert.deepEqual([kp.name, kp.type], ['kp1', 'ssh']);
  assert.match(kp.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  assert.deepEqual((await os.ok('keypair', 'list', '-f', 'json')).map((k: any) => k.Name), ['kp1']);
  const shown = await os.ok('keypair', 'show', 'kp1', '-f', 'json');
  assert.equal(shown.fingerprint, kp.fingerprint);
  await os.ok('keypair', 'delete', 'kp1');
  assert.deepEqual(await os.ok('keypair', 'list', '-f', 'json'), []);
});

test('availability zone list --long: compute, volume and network zones', opts, async () => {
  const zones = await os.ok('availability', 'zone', 'list', '--long', '-f', 'json');
  const rows = zones.map((z: any) => `${z['Zone Name']}/${z['Zone Resource'] ?? ''}/${z['Host Name'] ?? ''}/${z['Service Name'] ?? ''}`);
  assert.ok(rows.includes('nova//compute-1/nova-compute'), rows.join('\n'));
  assert.ok(rows.includes('internal//controller/nova-scheduler'), rows.join('\n'));
  assert.ok(zones.some((z: any) => z['Zone Name'] === 'nova' && z['Zone Resource'] === 'network'), rows.join('\n'));
  assert.ok(zones.every((z: any) => z['Zone Status'] === 'available'));
});

test('volume create/list/delete', opts, async () => {
  const v = await os.ok('volume', 'create', '--size', '2', 'v1', '-f', 'json');
  assert.deepEqual([v.name, v.size, v.status], ['v1', 2, 'creating']);
  let listed: any[] = [];
  for (let i = 0; i < 50; i++) {
    listed = await os.ok('volume', 'list', '-f', 'json');
    if (listed[0]?.Status === 'available') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(listed.map((x: any) => [x.Name, x.Status, x.Size]), [['v1', 'available', 2]]);
  await os.ok('volume', 'delete', 'v1');
  for (let i = 0; (await os.ok('volume', 'list', '-f', 'json')).length > 0; i++) {
    assert.ok(i < 50, 'v1 never went away');
    await new Promise((r) => setTimeout(r, 200));
  }
});

test('limits show --absolute: compute and volume limits with usage', opts, async () => {
  const rows = await os.ok('limits', 'show', '--absolute', '-f', 'json');
  const limits = Object.fromEntries(rows.map((r: any) => [r.Name, r.Value]));
  assert.equal(limits.maxTotalInstances, 10);
  assert.equal(limits.maxTotalCores, 20);
  assert.equal(limits.totalInstancesUsed, 0);
  assert.equal(limits.maxTotalVolumes, 10);
  assert.equal(limits.maxTotalVolumeGigabytes, 1000);
  assert.equal(limits.totalVolumesUsed, 0);
});

test('quota show: compute, volume and network quotas', opts, async () => {
  const q = await os.ok('quota', 'show', '-f', 'json');
  assert.equal(q.project_name, 'admin');
  assert.deepEqual([q.instances, q.cores, q.ram, q['key-pairs']], [10, 20, 51200, 100]);
  assert.deepEqual([q.volumes, q.snapshots, q.gigabytes], [10, 10, 1000]);
  assert.deepEqual([q.networks, q.ports, q['floating-ips']], [100, 500, 10]);
});

test('hypervisor list/show (admin)', opts, async () => {
  const list = await os.ok('hypervisor', 'list', '-f', 'json');
  assert.deepEqual(list.map((h: any) => [h['Hypervisor Hostname'], h.State]), [['compute-1', 'up'], ['compute-2', 'up']]);
  const h = await os.ok('hypervisor', 'show', 'compute-1', '-f', 'json');
  assert.deepEqual([h.hypervisor_hostname, h.state, h.status, h.vcpus, h.aggregates], ['compute-1', 'up', 'enabled', 64, []]);
  assert.match(String(h.uptime), /./);
});

test('compute service list, set --disable / --enable (admin)', opts, async () => {
  const list = await os.ok('compute', 'service', 'list', '-f', 'json');
  assert.deepEqual(list.map((s: any) => `${s.Binary}@${s.Host}`).sort(),
    ['nova-compute@compute-1', 'nova-compute@compute-2', 'nova-conductor@controller', 'nova-scheduler@controller']);
  await os.ok('compute', 'service', 'set', '--disable', '--disable-reason', 'maintenance', 'compute-2', 'nova-compute');
  const off = (await os.ok('compute', 'service', 'list', '--service', 'nova-compute', '--long', '-f', 'json'))
    .find((s: any) => s.Host === 'compute-2');
  assert.deepEqual([off.Status, off['Disabled Reason']], ['disabled', 'maintenance']);
  await os.ok('compute', 'service', 'set', '--enable', 'compute-2', 'nova-compute');
  const on = (await os.ok('compute', 'service', 'list', '--host', 'compute-2', '-f', 'json'))[0];
  assert.equal(on.Status, 'enabled');
});

test('server migration list and usage list (admin) after a migrated server', opts, async () => {
  await os.ok('server', 'create', '--image', IMAGE, '--flavor', 'm1.tiny', 'u1', '-f', 'json');
  await os.waitForStatus('u1', 'ACTIVE');
  await os.ok('server', 'migrate', 'u1');
  const s = await os.waitForStatus('u1', 'VERIFY_RESIZE');
  const migrations = await os.ok('server', 'migration', 'list', '-f', 'json');
  assert.equal(migrations.length, 1);
  assert.deepEqual([migrations[0]['Server UUID'], migrations[0].Status, migrations[0]['Dest Compute']], [s.id, 'finished', s['OS-EXT-SRV-ATTR:host']]);
  const usage = await os.ok('usage', 'list', '-f', 'json');
  assert.equal(usage.length, 1);
  assert.deepEqual(usage[0].Servers.map((x: any) => [x.name, x.flavor, x.state]), [['u1', 'm1.tiny', 'resized']]);
});
