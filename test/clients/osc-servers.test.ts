/**
 * `openstack server ...` (python3-openstackclient): create by names with a key, properties, a
 * zone and --min/--max, the list filters, show, set/unset, the power actions and delete --wait,
 * each checked by what the CLI prints and the state it leads to.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE, OPENSTACK, openstackClient, skipUnless, startCloud, type ClientCloud } from './harness.js';

const skip = skipUnless(OPENSTACK, 'apt-get install python3-openstackclient');
const opts = { skip, timeout: 180_000 };

let cloud: ClientCloud;
let os: ReturnType<typeof openstackClient>;

before(async () => {
  if (skip) return;
  cloud = await startCloud('osc-servers');
  os = openstackClient(cloud);
});
after(async () => { await cloud?.stop(); });

test('server create --key-name --property --availability-zone nova --min 2 --max 2 --wait', opts, async () => {
  const kp = await os.ok('keypair', 'create', 'kp1');
  assert.match(kp, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  const s = await os.ok('server', 'create', '--image', IMAGE, '--flavor', 'm1.tiny', '--key-name', 'kp1', '--property', 'a=b',
    '--availability-zone', 'nova', '--min', '2', '--max', '2', '--wait', 'vm', '-f', 'json');
  // Nova names the servers of a multiple create <name>-1, <name>-2; the CLI shows the first.
  assert.equal(s.name, 'vm-1');
  assert.equal(s.status, 'ACTIVE');
  assert.equal(s.key_name, 'kp1');
  assert.deepEqual(s.properties, { a: 'b' });
  assert.equal(s['OS-EXT-AZ:availability_zone'], 'nova');
  assert.match(s.flavor, /^m1\.tiny \(1\)$/);
  assert.match(s.image, new RegExp(`^${IMAGE.replace(/\./g, '\\.')} \\([0-9a-f-]{36}\\)$`));
  assert.equal(typeof s.adminPass, 'string');
});

test('server list --long shows both servers with image, flavor, zone, host and properties', opts, async () => {
  const list = await os.ok('server', 'list', '--long', '-f', 'json');
  assert.deepEqual(list.map((s: any) => s.Name).sort(), ['vm-1', 'vm-2']);
  for (const s of list) {
    assert.equal(s.Status, 'ACTIVE');
    assert.equal(s['Power State'], 1);
    assert.equal(s['Image Name'], IMAGE);
    assert.equal(s['Flavor Name'], 'm1.tiny');
    assert.equal(s['Availability Zone'], 'nova');
    assert.match(s.Host, /^compute-\d$/);
    assert.deepEqual(s.Properties, { a: 'b' });
    assert.match(s.Networks.private[0], /^10\.0\.\d+\.\d+$/);
  }
});

test('server list --status ACTIVE --name vm-1 finds exactly vm-1', opts, async () => {
  const one = await os.ok('server', 'list', '--status', 'ACTIVE', '--name', 'vm-1', '-f', 'json');
  assert.deepEqual(one.map((s: any) => s.Name), ['vm-1']);
});

test('server list --all-projects as admin includes another project\'s server', opts, async () => {
  const demo = openstackClient(cloud, 'novum-demo');
  await demo.ok('server', 'create', '--image', IMAGE, '--flavor', 'm1.tiny', 'demo-vm', '-f', 'json');
  const all = await os.ok('server', 'list', '--all-projects', '--long', '-f', 'json');
  assert.deepEqual(all.map((s: any) => s.Name).sort(), ['demo-vm', 'vm-1', 'vm-2']);
  await demo.ok('server', 'delete', 'demo-vm');
});

test('server set --name --property and server unset --property', opts, async () => {
  assert.equal((await os.ok('server', 'set', '--name', 'vmx', '--property', 'c=d', 'vm-1')).trim(), '');
  await os.ok('server', 'unset', '--property', 'a', 'vmx');
  const s = await os.ok('server', 'show', 'vmx', '-f', 'json');
  assert.equal(s.name, 'vmx');
  assert.deepEqual(s.properties, { c: 'd' });
});

const POWER: ReadonlyArray<[string[], string, string, number]> = [
  [['pause'], 'PAUSED', 'paused', 3],
  [['unpause'], 'ACTIVE', 'active', 1],
  [['suspend'], 'SUSPENDED', 'suspended', 4],
  [['resume'], 'ACTIVE', 'active', 1],
  [['stop'], 'SHUTOFF', 'stopped', 4],
  [['start'], 'ACTIVE', 'active', 1],
  [['reboot'], 'ACTIVE', 'active', 1],
  [['reboot', '--hard'], 'ACTIVE', 'active', 1],
];

for (const [action, status, vmState, power] of POWER) {
  test(`server ${action.join(' ')} vmx leads to ${status}`, opts, async () => {
    assert.equal((await os.ok('server', ...action, 'vmx')).trim(), '');
    const s = await os.waitForStatus('vmx', status);
    assert.equal(s['OS-EXT-STS:vm_state'], vmState);
    assert.equal(s['OS-EXT-STS:power_state'], power);
  });
}

test('server event list shows each action, newest first', opts, async () => {
  const events = await os.ok('server', 'event', 'list', 'vmx', '-f', 'json');
  assert.deepEqual(events.map((e: any) => e.Action),
    ['reboot', 'reboot', 'start', 'stop', 'resume', 'suspend', 'unpause', 'pause', 'create']);
  for (const e of events) assert.match(e['Request ID'], /^req-[0-9a-f-]{36}$/);
});

test('server delete --wait removes both servers', opts, async () => {
  assert.equal((await os.ok('server', 'delete', '--wait', 'vmx', 'vm-2')).trim(), '');
  assert.deepEqual(await os.ok('server', 'list', '-f', 'json'), []);
});
