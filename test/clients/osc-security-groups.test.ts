/**
 * `openstack security group ...` (Neutron's API) and the server commands that use groups:
 * `server create --security-group`, `server add/remove security group`, a group in use.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE, OPENSTACK, openstackClient, skipUnless, startCloud, type ClientCloud } from './harness.js';

const skip = skipUnless(OPENSTACK, 'apt-get install python3-openstackclient');
const opts = { skip, timeout: 240_000 };

let cloud: ClientCloud;
let os: ReturnType<typeof openstackClient>;

before(async () => {
  if (skip) return;
  cloud = await startCloud('osc-security-groups');
  os = openstackClient(cloud, 'novum-demo');
});
after(async () => { await cloud?.stop(); });

test('security group create / rule create / list / show / delete', opts, async () => {
  const g = await os.ok('security', 'group', 'create', 'web', '--description', 'web servers', '-f', 'json');
  assert.deepEqual([g.name, g.description, g.rules.length], ['web', 'web servers', 2]);
  const rule = await os.ok('security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', 'web', '-f', 'json');
  assert.deepEqual([rule.protocol, rule.port_range_min, rule.port_range_max, rule.direction], ['tcp', 22, 22, 'ingress']);
  const rules = await os.ok('security', 'group', 'rule', 'list', 'web', '-f', 'json');
  assert.equal(rules.length, 3);
  const names = (await os.ok('security', 'group', 'list', '-f', 'json')).map((x: any) => x.Name).sort();
  assert.deepEqual(names, ['default', 'web']);
  await os.fails(/already exists/, 'security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', 'web');
  await os.ok('security', 'group', 'rule', 'delete', rule.id);
  await os.ok('security', 'group', 'delete', 'web');
  await os.fails(/No SecurityGroup found for web|could not be found|does not exist/, 'security', 'group', 'show', 'web');
});

test('server create --security-group, add/remove security group; a group in use is not deleted', opts, async () => {
  await os.ok('security', 'group', 'create', 'app', '-f', 'json');
  await os.ok('server', 'create', '--image', IMAGE, '--flavor', 'm1.tiny', '--security-group', 'app', 'sgs', '-f', 'json');
  const built = await os.waitForStatus('sgs', 'ACTIVE');
  assert.deepEqual(built.security_groups, [{ name: 'app' }]);
  await os.ok('server', 'add', 'security', 'group', 'sgs', 'default');
  assert.deepEqual((await os.ok('server', 'show', 'sgs', '-f', 'json')).security_groups, [{ name: 'app' }, { name: 'default' }]);
  await os.fails(/in use/, 'security', 'group', 'delete', 'app');
  await os.ok('server', 'remove', 'security', 'group', 'sgs', 'app');
  assert.deepEqual((await os.ok('server', 'show', 'sgs', '-f', 'json')).security_groups, [{ name: 'default' }]);
  await os.ok('security', 'group', 'delete', 'app');
});
