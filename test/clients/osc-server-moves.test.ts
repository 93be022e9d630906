/**
 * `openstack server ...` state changes beyond power: lock/unlock (seen by the owner, a
 * non-admin), rescue/unrescue, shelve/unshelve, resize with confirm and revert, migrate with
 * confirm, rebuild; each checked by the state it leads to.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE, OPENSTACK, openstackClient, skipUnless, startCloud, type ClientCloud } from './harness.js';

const skip = skipUnless(OPENSTACK, 'apt-get install python3-openstackclient');
const opts = { skip, timeout: 180_000 };

let cloud: ClientCloud;
let os: ReturnType<typeof openstackClient>;
let demo: ReturnType<typeof openstackClient>;
let id = '';

before(async () => {
  if (skip) return;
  cloud = await startCloud('osc-moves');
  os = openstackClient(cloud);
  demo = openstackClient(cloud, 'novum-demo');
});
after(async () => { await cloud?.stop(); });

test('a non-admin creates mv1 (polled to ACTIVE)', opts, async () => {
  const s = await demo.ok('server', 'create', '--image', IMAGE, '--flavor', 'm1.tiny', 'mv1', '-f', 'json');
  id = s.id;
  assert.match(id, /^[0-9a-f-]{36}$/);
  await demo.waitForStatus('mv1', 'ACTIVE');
});

test('server lock by the admin: the owner\'s stop is refused; after unlock it works', opts, async () => {
  assert.equal((await os.ok('server', 'lock', id)).trim(), '');
  await demo.fails(new RegExp(`Instance ${id} is locked \\(HTTP 409\\)`), 'server', 'stop', 'mv1');
  await os.ok('server', 'unlock', id);
  await demo.ok('server', 'stop', 'mv1');
  await demo.waitForStatus('mv1', 'SHUTOFF');
});

test('server rescue (from SHUTOFF) → RESCUE, unrescue → ACTIVE', opts, async () => {
  await demo.ok('server', 'rescue', 'mv1');
  assert.equal((await demo.waitForStatus('mv1', 'RESCUE'))['OS-EXT-STS:vm_state'], 'rescued');
  await demo.ok('server', 'unrescue', 'mv1');
  await demo.waitForStatus('mv1', 'ACTIVE');
});

test('server shelve → SHELVED_OFFLOADED, unshelve → ACTIVE', opts, async () => {
  await demo.ok('server', 'shelve', 'mv1');
  assert.equal((await demo.waitForStatus('mv1', 'SHELVED_OFFLOADED'))['OS-EXT-STS:vm_state'], 'shelved_offloaded');
  await demo.ok('server', 'unshelve', 'mv1');
  await demo.waitForStatus('mv1', 'ACTIVE');
});

test('server resize --flavor m1.small --wait stops at VERIFY_RESIZE; resize confirm keeps m1.small', opts, async () => {
  const out = await demo.ok('server', 'resize', '--flavor', 'm1.small', '--wait', 'mv1');
  assert.match(out, /Complete/);
  const s = await demo.ok('server', 'show', 'mv1', '-f', 'json');
  assert.deepEqual([s.status, s['OS-EXT-STS:vm_state'], s.flavor], ['VERIFY_RESIZE', 'resized', 'm1.small (2)']);
  await demo.ok('server', 'resize', 'confirm', 'mv1');
  const done = await demo.waitForStatus('mv1', 'ACTIVE');
  assert.equal(done.flavor, 'm1.small (2)');
});

test('server resize to m1.tiny then resize revert goes back to m1.small', opts, async () => {
  await demo.ok('server', 'resize', '--flavor', 'm1.tiny', 'mv1');
  assert.equal((await demo.waitForStatus('mv1', 'VERIFY_RESIZE')).flavor, 'm1.tiny (1)');
  await demo.ok('server', 'resize', 'revert', 'mv1');
  assert.equal((await demo.waitForStatus('mv1', 'ACTIVE')).flavor, 'm1.small (2)');
});

test('server migrate (admin) moves it to the other host; migrate confirm ends ACTIVE there', opts, async () => {
  const before = await os.ok('server', 'show', id, '-f', 'json');
  await os.ok('server', 'migrate', id);
  const moved = await os.waitForStatus(id, 'VERIFY_RESIZE');
  assert.notEqual(moved['OS-EXT-SRV-ATTR:host'], before['OS-EXT-SRV-ATTR:host']);
  await os.ok('server', 'migrate', 'confirm', id);
  const after = await os.waitForStatus(id, 'ACTIVE');
  assert.equal(after['OS-EXT-SRV-ATTR:host'], moved['OS-EXT-SRV-ATTR:host']);
  const migrations = await os.ok('server', 'migration', 'list', '-f', 'json');
  const statuses = migrations.filter((m: any) => m['Server UUID'] === id).map((m: any) => m.Status);
  assert.deepEqual(statuses, ['confirmed', 'reverted', 'confirmed'], 'the migrate, the reverted and the confirmed resize');
});

test('server rebuild --image changes the image and ends ACTIVE', opts, async () => {
  const images = await os.ok('image', 'list', '-f', 'json');
  const other = images.find((i: any) => i.Name === 'fakeimage7');
  assert.ok(other, JSON.stringify(images));
  const r = await demo.ok('server', 'rebuild', '--image', 'fakeimage7', 'mv1', '-f', 'json');
  assert.equal(r.id, id);
  const s = await demo.waitForStatus('mv1', 'ACTIVE');
  assert.equal(s.image, `fakeimage7 (${other.ID})`);
  const events = await demo.ok('server', 'event', 'list', 'mv1', '-f', 'json');
  assert.deepEqual(events.map((e: any) => e.Action), ['rebuild', 'confirmResize', 'migrate', 'revertResize', 'resize', 'confirmResize', 'resize',
    'unshelve', 'shelve', 'unrescue', 'rescue', 'stop', 'unlock', 'lock', 'create']);
});
