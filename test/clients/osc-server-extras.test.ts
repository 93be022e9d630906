/**
 * `openstack` commands around a server: snapshots and backups to Glance, instance action
 * events, console log and URL, volume attach/detach through Cinder, and floating IPs through
 * Neutron.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE, OPENSTACK, openstackClient, skipUnless, startCloud, type ClientCloud } from './harness.js';

const skip = skipUnless(OPENSTACK, 'apt-get install python3-openstackclient');
const opts = { skip, timeout: 180_000 };

let cloud: ClientCloud;
let os: ReturnType<typeof openstackClient>;
let server: any;

before(async () => {
  if (skip) return;
  cloud = await startCloud('osc-extras');
  os = openstackClient(cloud);
});
after(async () => { await cloud?.stop(); });

test('server create ex1 (polled to ACTIVE)', opts, async () => {
  await os.ok('server', 'create', '--image', IMAGE, '--flavor', 'm1.tiny', 'ex1', '-f', 'json');
  server = await os.waitForStatus('ex1', 'ACTIVE');
});

test('server image create makes an active snapshot image of the server', opts, async () => {
  const img = await os.ok('server', 'image', 'create', '--name', 'snap1', '--wait', 'ex1', '-f', 'json');
  assert.equal(img.name, 'snap1');
  assert.equal(img.status, 'active');
  assert.equal(img.properties.image_type, 'snapshot');
  assert.equal(img.properties.instance_uuid, server.id);
  const shown = await os.ok('image', 'show', 'snap1', '-f', 'json');
  assert.equal(shown.id, img.id);
});

test('server backup create --type daily --rotate 1 makes a backup image', opts, async () => {
  const img = await os.ok('server', 'backup', 'create', '--name', 'bk1', '--type', 'daily', '--rotate', '1', 'ex1', '-f', 'json');
  assert.equal(img.name, 'bk1');
  assert.equal(img.properties.image_type, 'backup');
  assert.equal(img.properties.backup_type, 'daily');
  const listed = await os.ok('image', 'list', '--private', '-f', 'json');
  assert.deepEqual(listed.map((i: any) => i.Name).sort(), ['bk1', 'snap1']);
  await os.waitFor('ex1', (s) => s['OS-EXT-STS:task_state'] === null, 'idle after the backup');
});

test('server event list / event show: the snapshot action with its event', opts, async () => {
  const events = await os.ok('server', 'event', 'list', 'ex1', '-f', 'json');
  assert.deepEqual(events.map((e: any) => e.Action), ['createBackup', 'createImage', 'create']);
  const snap = events[1];
  const shown = await os.ok('server', 'event', 'show', 'ex1', snap['Request ID'], '-f', 'json');
  assert.equal(shown.action, 'createImage');
  assert.equal(shown.instance_uuid, server.id);
  assert.equal(shown.request_id, snap['Request ID']);
  assert.deepEqual(shown.events.map((e: any) => [e.event, e.result]), [['compute_snapshot_instance', 'Success']]);
});

test('console log show prints the guest\'s boot log; console url show a noVNC URL', opts, async () => {
  const log = await os.ok('console', 'log', 'show', 'ex1');
  assert.match(log, /Linux version/);
  assert.match(log, /login:/);
  const url = await os.ok('console', 'url', 'show', 'ex1', '-f', 'json');
  assert.equal(url.type, 'novnc');
  assert.match(url.url, /^http:\/\/127\.0\.0\.1:\d+\/.*token/);
});

test('volume create, server add volume (in-use, /dev/vdb), server remove volume (available)', opts, async () => {
  const v = await os.ok('volume', 'create', '--size', '1', 'vol1', '-f', 'json');
  assert.equal(v.size, 1);
  assert.equal(v.name, 'vol1');
  for (let i = 0; (await os.ok('volume', 'show', 'vol1', '-f', 'json')).status !== 'available'; i++) {
    assert.ok(i < 50, 'vol1 never became available');
    await new Promise((r) => setTimeout(r, 200));
  }
  const att = await os.ok('server', 'add', 'volume', 'ex1', 'vol1', '-f', 'json');
  assert.deepEqual([att['Server ID'], att['Volume ID'], att.Device], [server.id, v.id, '/dev/vdb']);
  const used = await os.ok('volume', 'list', '-f', 'json');
  assert.equal(used[0].Status, 'in-use');
  assert.equal(used[0]['Attached to'][0].server_id, server.id);
  const shown = await os.ok('server', 'show', 'ex1', '-f', 'json');
  assert.deepEqual(shown.volumes_attached.map((a: any) => a.id), [v.id]);
  await os.ok('server', 'remove', 'volume', 'ex1', 'vol1');
  for (let i = 0; (await os.ok('volume', 'show', 'vol1', '-f', 'json')).status !== 'available'; i++) {
    assert.ok(i < 50, 'vol1 never became available again');
    await new Promise((r) => setTimeout(r, 200));
  }
});

test('floating ip create public, server add / remove floating ip, floating ip delete', opts, async () => {
  const fip = await os.ok('floating', 'ip', 'create', 'public', '-f', 'json');
  const address = fip.floating_ip_address;
  assert.match(address, /^172\.24\.4\.\d+$/);
  assert.equal(fip.port_id, null);
  await os.ok('server', 'add', 'floating', 'ip', 'ex1', address);
  const withFip = await os.ok('server', 'show', 'ex1', '-f', 'json');
  assert.deepEqual(withFip.addresses.private, [server.addresses.private[0], address]);
  const bound = await os.ok('floating', 'ip', 'show', address, '-f', 'json');
  assert.equal(bound.fixed_ip_address, server.addresses.private[0]);
  assert.equal(bound.status, 'ACTIVE');
  await os.ok('server', 'remove', 'floating', 'ip', 'ex1', address);
  assert.deepEqual((await os.ok('server', 'show', 'ex1', '-f', 'json')).addresses.private, [server.addresses.private[0]]);
  await os.ok('floating', 'ip', 'delete', address);
  assert.deepEqual(await os.ok('floating', 'ip', 'list', '-f', 'json'), []);
});
