import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;

before(async () => {
  n = await startNovum();
  // Many servers live in project "openstack" across these tests: lift its instance quota (the quota test uses another project).
  await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
});
after(async () => { await n.close(); });

async function boot(name: string, extra: Record<string, unknown> = {}, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1', ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}

const status = async (id: string, token?: string): Promise<string> => (await n.request('GET', `/v2.1/servers/${id}`, { token })).body.server.status;
const act = (id: string, body: unknown, token?: string) => n.request('POST', `/v2.1/servers/${id}/action`, { body, token });

describe('create', () => {
  test('answers 202 with id, links, adminPass and Location, then goes BUILD → ACTIVE on its own', async () => {
    const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'c1', imageRef: IMAGE, flavorRef: '1' } } });
    assert.equal(r.status, 202);
    const s = r.body.server;
    assert.match(s.id, /^[0-9a-f-]{36}$/);
    assert.equal(s.adminPass.length, 12);
    assert.deepEqual(s.security_groups, [{ name: 'default' }]);
    assert.equal(r.headers.location, `http://localhost:80/v2.1/servers/${s.id}`);
    assert.deepEqual(s.links.map((l: { rel: string }) => l.rel), ['self', 'bookmark']);
    const active = await n.waitFor(`/v2.1/servers/${s.id}`, (x) => x.body.server.status === 'ACTIVE');
    const v = active.body.server;
    assert.equal(v['OS-EXT-STS:vm_state'], 'active');
    assert.equal(v['OS-EXT-STS:power_state'], 1);
    assert.equal(v['OS-EXT-STS:task_state'], null);
    assert.match(v['OS-EXT-SRV-ATTR:host'], /^compute-\d$/);
    assert.match(v.addresses.private[0].addr, /^10\.\d+\.\d+\.\d+$/);
    assert.equal(v.addresses.private[0]['OS-EXT-IPS:type'], 'fixed');
    assert.match(v.addresses.private[0]['OS-EXT-IPS-MAC:mac_addr'], /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    assert.equal(v['OS-DCF:diskConfig'], 'AUTO', 'image 70a5... has auto_disk_config');
    assert.equal(v.hostId.length, 56);
    assert.match(v['OS-SRV-USG:launched_at'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.match(v.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('validation errors carry Nova\'s messages', async () => {
    const missing = await n.request('POST', '/v2.1/servers', { body: { server: { imageRef: IMAGE, flavorRef: '1' } } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.badRequest.message, /'name' is a required property/);
    const extra = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', bogus: 1 } } });
    assert.equal(extra.status, 400);
    assert.match(extra.body.badRequest.message, /Additional properties are not allowed \('bogus' was unexpected\)/);
    const flavor = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '999' } } });
    assert.deepEqual(flavor.body, { badRequest: { code: 400, message: 'Invalid flavorRef provided.' } });
    const image = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'x', imageRef: '11111111-2222-3333-4444-555555555555', flavorRef: '1' } } });
    assert.deepEqual(image.body, { badRequest: { code: 400, message: 'Can not find requested image' } });
    const key = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', key_name: 'nope' } } });
    assert.deepEqual(key.body, { badRequest: { code: 400, message: 'Invalid key_name provided.' } });
    const zone = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', availability_zone: 'mars' } } });
    assert.deepEqual(zone.body, { badRequest: { code: 400, message: 'The requested availability zone is not available' } });
    const counts = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', min_count: 3, max_count: 2 } } });
    assert.deepEqual(counts.body, { badRequest: { code: 400, message: 'min_count must be <= max_count' } });
    const bdm = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', block_device_mapping_v2: [{ source_type: 'volume', uuid: 'fake-volume-id-1', boot_index: 0, destination_type: 'volume' }] } },
    });
    assert.deepEqual(bdm.body, { badRequest: { code: 400, message: 'Block Device Mapping is Invalid: failed to get volume fake-volume-id-1.' } });
    const malformed = await n.request('POST', '/v2.1/servers', { body: '{"server": ' });
    assert.deepEqual(malformed.body, { badRequest: { code: 400, message: 'Malformed request body' } });
  });

  test('multiple create names servers name-N and return_reservation_id answers the reservation', async () => {
    const r = await n.request('POST', '/v2.1/servers', {
      token: 'admin:multi', body: { server: { name: 'm', imageRef: IMAGE, flavorRef: '1', min_count: 2, max_count: 3, return_reservation_id: true } },
    });
    assert.equal(r.status, 202);
    assert.match(r.body.reservation_id, /^r-[0-9a-f]{8}$/);
    const list = await n.request('GET', `/v2.1/servers?reservation_id=${r.body.reservation_id}`, { token: 'admin:multi' });
    assert.deepEqual(list.body.servers.map((s: { name: string }) => s.name).sort(), ['m-1', 'm-2', 'm-3']);
  });

  test('quota: more instances than the quota allows is 403 with Nova\'s message', async () => {
    const r = await n.request('POST', '/v2.1/servers', {
      token: 'demo:quota', body: { server: { name: 'q', imageRef: IMAGE, flavorRef: '1', min_count: 11 } },
    });
    assert.equal(r.status, 403);
    assert.equal(r.body.forbidden.message, 'Quota exceeded for instances: Requested 11, but already used 0 of 10 instances');
  });
});

describe('read, update, delete', () => {
  test('list, detail, paging with next link, filters', async () => {
    const token = 'admin:listing';
    const ids = [await boot('alpha', {}, token), await boot('beta', {}, token), await boot('alphabet', {}, token)];
    const all = await n.request('GET', '/v2.1/servers', { token });
    assert.deepEqual(all.body.servers.map((s: { id: string }) => s.id), [...ids].reverse(), 'newest first');
    assert.deepEqual(Object.keys(all.body.servers[0]).sort(), ['id', 'links', 'name']);
    const page = await n.request('GET', '/v2.1/servers/detail?limit=2', { token });
    assert.equal(page.body.servers.length, 2);
    const next = page.body.servers_links[0];
    assert.equal(next.rel, 'next');
    assert.equal(next.href, `http://localhost:80/v2.1/servers/detail?limit=2&marker=${ids[1]}`);
    const rest = await n.request('GET', `/v2.1/servers/detail?limit=2&marker=${ids[1]}`, { token });
    assert.deepEqual(rest.body.servers.map((s: { id: string }) => s.id), [ids[0]]);
    const byName = await n.request('GET', '/v2.1/servers?name=^alpha', { token });
    assert.equal(byName.body.servers.length, 2, 'name is a regular expression');
    const bad = await n.request('GET', '/v2.1/servers?marker=nope', { token });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'marker [nope] not found' } });
    const active = await n.request('GET', '/v2.1/servers?status=active', { token });
    assert.equal(active.body.servers.length, 3);
    const badLimit = await n.request('GET', '/v2.1/servers?limit=-1', { token });
    assert.equal(badLimit.body.badRequest.message, 'limit param must be positive');
  });

  test('update changes name and access IPs; bad IPv4 is 400', async () => {
    const id = await boot('upd');
    const r = await n.request('PUT', `/v2.1/servers/${id}`, { body: { server: { name: 'renamed', accessIPv4: '4.3.2.1' } } });
    assert.equal(r.status, 200);
    assert.equal(r.body.server.name, 'renamed');
    assert.equal(r.body.server.accessIPv4, '4.3.2.1');
    const bad = await n.request('PUT', `/v2.1/servers/${id}`, { body: { server: { accessIPv4: 'x' } } });
    assert.equal(bad.status, 400);
  });

  test('delete answers 204, then the server is 404', async () => {
    const id = await boot('del');
    const r = await n.request('DELETE', `/v2.1/servers/${id}`);
    assert.equal(r.status, 204);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
    const gone = await n.request('GET', `/v2.1/servers/${id}`);
    assert.deepEqual(gone.body, { itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } });
  });

  test('another project sees a 404, and no server of the first in its list', async () => {
    const id = await boot('private', {}, 'demo:one');
    const r = await n.request('GET', `/v2.1/servers/${id}`, { token: 'demo:two' });
    assert.equal(r.status, 404);
    const del = await n.request('DELETE', `/v2.1/servers/${id}`, { token: 'demo:two' });
    assert.equal(del.status, 404);
    const list = await n.request('GET', '/v2.1/servers', { token: 'demo:two' });
    assert.deepEqual(list.body.servers, []);
    const all = await n.request('GET', '/v2.1/servers?all_tenants=1', { token: 'demo:two' });
    assert.equal(all.status, 403);
    const admin = await n.request('GET', '/v2.1/servers?all_tenants=1', { token: 'admin:admin' });
    assert.ok(admin.body.servers.some((s: { id: string }) => s.id === id));
  });

  test('a URL project id that is not the token\'s project is 400', async () => {
    const r = await n.request('GET', '/v2.1/someoneelse/servers', { token: 'demo:demo' });
    assert.equal(r.status, 400);
    assert.match(r.body.badRequest.message, /doesn't match Context's project_id 'demo'/);
  });
});

describe('metadata and ips', () => {
  test('set, merge, show, replace and delete items', async () => {
    const id = await boot('meta', { metadata: { a: '1' } });
    const merged = await n.request('POST', `/v2.1/servers/${id}/metadata`, { body: { metadata: { b: '2' } } });
    assert.deepEqual(merged.body, { metadata: { a: '1', b: '2' } });
    const item = await n.request('GET', `/v2.1/servers/${id}/metadata/b`);
    assert.deepEqual(item.body, { meta: { b: '2' } });
    const mismatch = await n.request('PUT', `/v2.1/servers/${id}/metadata/c`, { body: { meta: { d: '4' } } });
    assert.deepEqual(mismatch.body, { badRequest: { code: 400, message: 'Request body and URI mismatch' } });
    const many = await n.request('PUT', `/v2.1/servers/${id}/metadata/c`, { body: { meta: { c: '3', d: '4' } } });
    assert.deepEqual(many.body, { badRequest: { code: 400, message: 'Request body contains too many items' } });
    const replaced = await n.request('PUT', `/v2.1/servers/${id}/metadata`, { body: { metadata: { z: '9' } } });
    assert.deepEqual(replaced.body, { metadata: { z: '9' } });
    assert.equal((await n.request('DELETE', `/v2.1/servers/${id}/metadata/z`)).status, 204);
    const missing = await n.request('DELETE', `/v2.1/servers/${id}/metadata/z`);
    assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: 'Metadata item was not found' } });
  });

  test('ips and ips/{network}', async () => {
    const id = await boot('ips');
    const r = await n.request('GET', `/v2.1/servers/${id}/ips`);
    assert.deepEqual(Object.keys(r.body.addresses), ['private']);
    assert.deepEqual(Object.keys(r.body.addresses.private[0]).sort(), ['addr', 'version']);
    const net = await n.request('GET', `/v2.1/servers/${id}/ips/private`);
    assert.deepEqual(net.body, { private: r.body.addresses.private });
    const none = await n.request('GET', `/v2.1/servers/${id}/ips/public`);
    assert.deepEqual(none.body, { itemNotFound: { code: 404, message: 'Instance is not a member of specified network' } });
  });
});

describe('actions', () => {
  test('stop, start, reboot, pause, suspend walk the states and record instance actions', async () => {
    const id = await boot('walk');
    const steps: Array<[unknown, string]> = [
      [{ 'os-stop': null }, 'SHUTOFF'], [{ 'os-start': null }, 'ACTIVE'], [{ reboot: { type: 'HARD' } }, 'ACTIVE'],
      [{ pause: null }, 'PAUSED'], [{ unpause: null }, 'ACTIVE'], [{ suspend: null }, 'SUSPENDED'], [{ resume: null }, 'ACTIVE'],
    ];
    for (const [body, end] of steps) {
      const r = await act(id, body);
      assert.equal(r.status, 202, `${JSON.stringify(body)}: ${r.text}`);
      await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === end && x.body.server['OS-EXT-STS:task_state'] === null);
    }
    const actions = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions`);
    assert.deepEqual(actions.body.instanceActions.map((a: { action: string }) => a.action),
      ['resume', 'suspend', 'unpause', 'pause', 'reboot', 'start', 'stop', 'create']);
    const one = actions.body.instanceActions[0];
    const shown = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions/${one.request_id}`);
    assert.equal(shown.body.instanceAction.events[0].event, 'compute_resume_instance');
    assert.equal(shown.body.instanceAction.events[0].result, 'Success');
  });

  test('an action from a state Nova does not allow is 409 with Nova\'s message', async () => {
    const id = await boot('conflict');
    const r = await act(id, { unpause: null });
    assert.deepEqual(r.body, { conflictingRequest: { code: 409, message: `Cannot 'unpause' instance ${id} while it is in vm_state active` } });
    const start = await act(id, { 'os-start': null });
    assert.equal(start.body.conflictingRequest.message, `Cannot 'start' instance ${id} while it is in vm_state active`);
    const unknown = await act(id, { fly: null });
    assert.deepEqual(unknown.body, { badRequest: { code: 400, message: 'There is no such action: fly' } });
  });

  test('lock: members get 409 on a locked server, admins act anyway, owner cannot lift an admin lock', async () => {
    const token = 'demo:locker';
    const id = await boot('locked', {}, token);
    assert.equal((await act(id, { lock: null }, 'admin:locker')).status, 202);
    const r = await act(id, { 'os-stop': null }, token);
    assert.deepEqual(r.body, { conflictingRequest: { code: 409, message: `Instance ${id} is locked` } });
    const unlock = await act(id, { unlock: null }, token);
    assert.equal(unlock.status, 403);
    assert.equal((await act(id, { 'os-stop': null }, 'admin:locker')).status, 202);
  });

  test('resize to VERIFY_RESIZE on another host, then confirm; revert goes back', async () => {
    const id = await boot('rs');
    const before = (await n.request('GET', `/v2.1/servers/${id}`)).body.server['OS-EXT-SRV-ATTR:host'];
    assert.equal((await act(id, { resize: { flavorRef: '2' } })).status, 202);
    const v = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'VERIFY_RESIZE');
    assert.equal(v.body.server.flavor.id, '2');
    assert.notEqual(v.body.server['OS-EXT-SRV-ATTR:host'], before);
    assert.equal((await act(id, { confirmResize: null })).status, 204);
    assert.equal(await status(id), 'ACTIVE');
    assert.equal((await act(id, { resize: { flavorRef: '1' } })).status, 202);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'VERIFY_RESIZE');
    assert.equal((await act(id, { revertResize: null })).status, 202);
    const back = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
    assert.equal(back.body.server.flavor.id, '2');
    const same = await act(id, { resize: { flavorRef: '2' } });
    assert.deepEqual(same.body, { badRequest: { code: 400, message: 'When resizing, instances must change flavor!' } });
  });

  test('rebuild answers the server with adminPass; createImage gives a Location and an active image', async () => {
    const id = await boot('rb');
    const r = await act(id, { rebuild: { imageRef: IMAGE, name: 'rebuilt' } });
    assert.equal(r.status, 202);
    assert.equal(r.body.server.name, 'rebuilt');
    assert.equal(r.body.server.status, 'REBUILD');
    assert.equal(typeof r.body.server.adminPass, 'string');
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
    // the request's metadata wins over the properties Nova sets itself (Tempest's test_create_delete_image sends image_type)
    const snap = await act(id, { createImage: { name: 'snap1', metadata: { k: 'v', image_type: 'test' } } });
    assert.equal(snap.status, 202);
    const location = snap.headers.location as string;
    assert.match(location, /\/images\/[0-9a-f-]{36}$/);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
    const meta = (await n.request('GET', `/v2.1/images/${location.split('/').pop()}/metadata`)).body.metadata;
    assert.equal(meta.image_type, 'test');
    assert.equal(meta.k, 'v');
    assert.equal(meta.instance_uuid, id);
  });

  test('rescue answers adminPass; unrescue; changePassword', async () => {
    const id = await boot('rescue');
    const r = await act(id, { rescue: null });
    assert.equal(r.status, 200);
    assert.equal(r.body.adminPass.length, 12);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'RESCUE');
    assert.equal((await act(id, { unrescue: null })).status, 202);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
    assert.equal((await act(id, { changePassword: { adminPass: 'x' } })).status, 202);
  });

  test('admin-only actions answer 403 to members', async () => {
    const token = 'demo:members';
    const id = await boot('member', {}, token);
    for (const body of [{ migrate: null }, { 'os-resetState': { state: 'error' } }, { injectNetworkInfo: null }]) {
      const r = await act(id, body, token);
      assert.equal(r.status, 403, JSON.stringify(body));
      assert.match(r.body.forbidden.message, /^Policy doesn't allow os_compute_api:/);
    }
  });
});

describe('legacy /v2', () => {
  test('the seed\'s create with URL refs and a personality works on /v2/{project}', async () => {
    const r = await n.request('POST', '/v2/openstack/servers', {
      body: {
        server: {
          name: 'legacy', imageRef: `http://openstack.example.com/openstack/images/${IMAGE}`,
          flavorRef: 'http://openstack.example.com/openstack/flavors/1', metadata: { 'My Server Name': 'Apache1' },
          personality: [{ path: '/etc/banner.txt', contents: 'aGVsbG8=' }],
        },
      },
    });
    assert.equal(r.status, 202, r.text);
    assert.match(r.body.server.links[0].href, /^http:\/\/localhost:80\/v2\/openstack\/servers\//);
    assert.equal(r.headers['x-openstack-nova-api-version'], undefined, 'legacy v2 has no microversions');
  });
});

describe('admin moves', () => {
  test('live migration: unknown host is 400 with Nova\'s message; to the other host it moves', async () => {
    const id = await boot('lm');
    const bad = await act(id, { 'os-migrateLive': { host: '0443e9a1254044d8b99f35eace132080', block_migration: false, disk_over_commit: false } });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'Compute host 0443e9a1254044d8b99f35eace132080 could not be found.' } });
    const from = (await n.request('GET', `/v2.1/servers/${id}`)).body.server['OS-EXT-SRV-ATTR:host'];
    const to = from === 'compute-1' ? 'compute-2' : 'compute-1';
    const r = await act(id, { 'os-migrateLive': { host: to, block_migration: 'false', disk_over_commit: false } });
    assert.equal(r.status, 202, r.text);
    const moved = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
    assert.equal(moved.body.server['OS-EXT-SRV-ATTR:host'], to);
    assert.equal(moved.body.server.status, 'ACTIVE');
  });

  test('evacuate: refused while the host is up and for adminPass on shared storage; moves when the host is down', async () => {
    const id = await boot('ev');
    const shared = await act(id, { evacuate: { host: 'compute-1', adminPass: 'MySecretPass', onSharedStorage: 'True' } });
    assert.deepEqual(shared.body, { badRequest: { code: 400, message: "admin password can't be changed on existing disk" } });
    const from = (await n.request('GET', `/v2.1/servers/${id}`)).body.server['OS-EXT-SRV-ATTR:host'];
    const up = await act(id, { evacuate: { onSharedStorage: false } });
    assert.deepEqual(up.body, { badRequest: { code: 400, message: `Compute service of ${from} is still in use.` } });
    await n.novum.store.db.updateTable('services').set({ forced_down: 1 }).where('host', '=', from).execute();
    try {
      const r = await act(id, { evacuate: { onSharedStorage: false } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.adminPass.length, 12);
      const moved = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
      assert.notEqual(moved.body.server['OS-EXT-SRV-ATTR:host'], from);
      assert.equal(moved.body.server.status, 'ACTIVE');
    } finally {
      await n.novum.store.db.updateTable('services').set({ forced_down: 0 }).where('host', '=', from).execute();
    }
  });

  test('shelve with shelved-offload-time 0 passes SHELVED/shelving_offloading to SHELVED_OFFLOADED; unshelve boots again', async () => {
    const id = await boot('sh');
    assert.equal((await act(id, { shelve: null })).status, 202);
    const off = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'SHELVED_OFFLOADED');
    assert.equal(off.body.server['OS-EXT-SRV-ATTR:host'], null);
    const images = await n.request('GET', '/image/v2/images?name=sh-shelved');
    assert.equal(images.body.images.length, 1, 'shelve snapshots <name>-shelved');
    assert.equal((await act(id, { unshelve: null })).status, 202);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
    const after = await n.request('GET', '/image/v2/images?name=sh-shelved');
    assert.equal(after.body.images.length, 0, 'unshelve deletes the shelved image');
  });

  test('createBackup with rotation keeps the newest backups only', async () => {
    const id = await boot('bk');
    for (const name of ['b1', 'b2', 'b3']) {
      const r = await act(id, { createBackup: { name, backup_type: 'daily', rotation: 2 } });
      assert.equal(r.status, 202, r.text);
      assert.match(r.headers.location as string, /\/images\/[0-9a-f-]{36}$/);
      await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
    }
    const list = await n.request('GET', '/image/v2/images');
    const names = list.body.images.map((i: { name: string }) => i.name).filter((x: string) => /^b\d$/.test(x)).sort();
    assert.deepEqual(names, ['b2', 'b3']);
  });
});

describe('soft delete', () => {
  test('with reclaim interval > 0, delete soft-deletes; restore brings it back; forceDelete removes it', async () => {
    const soft = await startNovum({ reclaimInstanceInterval: 3600 });
    try {
      const r = await soft.request('POST', '/v2.1/servers', { body: { server: { name: 's', imageRef: IMAGE, flavorRef: '1' } } });
      const id = r.body.server.id;
      await soft.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
      assert.equal((await soft.request('DELETE', `/v2.1/servers/${id}`)).status, 204);
      await soft.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'SOFT_DELETED');
      assert.equal((await soft.request('POST', `/v2.1/servers/${id}/action`, { body: { restore: null } })).status, 202);
      await soft.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
      assert.equal((await soft.request('DELETE', `/v2.1/servers/${id}`)).status, 204);
      await soft.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'SOFT_DELETED');
      assert.equal((await soft.request('POST', `/v2.1/servers/${id}/action`, { body: { forceDelete: null } })).status, 202);
      await soft.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
    } finally {
      await soft.close();
    }
  });
});

describe('os-migrations', () => {
  test('resize and live migration leave migration records with Nova\'s statuses; members get 403', async () => {
    const id = await boot('mig');
    assert.equal((await act(id, { resize: { flavorRef: '2' } })).status, 202);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'VERIFY_RESIZE');
    assert.equal((await act(id, { confirmResize: null })).status, 204);
    assert.equal((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto', disk_over_commit: false } })).status, 400,
      '"auto" is only valid from 2.25');
    assert.equal((await act(id, { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false } })).status, 202);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
    const r = await n.request('GET', `/v2.1/os-migrations?instance_uuid=${id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.migrations.map((m: { status: string }) => m.status), ['completed', 'confirmed']);
    const m = r.body.migrations[1];
    assert.deepEqual(Object.keys(m).sort(), ['created_at', 'dest_compute', 'dest_host', 'dest_node', 'id', 'instance_uuid',
      'new_instance_type_id', 'old_instance_type_id', 'source_compute', 'source_node', 'status', 'updated_at']);
    assert.notEqual(m.old_instance_type_id, m.new_instance_type_id);
    const member = await n.request('GET', '/v2.1/os-migrations', { token: 'demo:demo' });
    assert.equal(member.status, 403);
  });
});

describe('what Tempest checks', () => {
  test('limit=0 lists nothing; update and rebuild answer without the extension attributes', async () => {
    const id = await boot('tempestish');
    const none = await n.request('GET', '/v2.1/servers?limit=0');
    assert.deepEqual(none.body, { servers: [] });
    const upd = await n.request('PUT', `/v2.1/servers/${id}`, { body: { server: { name: 'renamed2' } } });
    assert.equal(upd.body.server['OS-EXT-STS:vm_state'], undefined);
    assert.equal(upd.body.server.security_groups, undefined);
    assert.deepEqual(Object.keys(upd.body.server.addresses.private[0]).sort(), ['addr', 'version']);
  });

  test('security groups: unknown at create is 400; remove and add on a server', async () => {
    const bad = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'sg', imageRef: IMAGE, flavorRef: '1', security_groups: [{ name: 'does_not_exist' }] } } });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: "Unable to find security_group with name or id 'does_not_exist'" } });
    const id = await boot('sg2');
    assert.equal((await act(id, { removeSecurityGroup: { name: 'default' } })).status, 202);
    // Nova drops the key of a server in no security group (Tempest test_remove_server_all_security_groups).
    assert.equal('security_groups' in (await n.request('GET', `/v2.1/servers/${id}`)).body.server, false);
    const again = await act(id, { removeSecurityGroup: { name: 'default' } });
    assert.equal(again.status, 404);
    assert.equal((await act(id, { addSecurityGroup: { name: 'default' } })).status, 202);
    assert.deepEqual((await n.request('GET', `/v2.1/servers/${id}`)).body.server.security_groups, [{ name: 'default' }]);
  });

  test('networks: a malformed or unknown network uuid is 400', async () => {
    const body = (uuid: string) => ({ server: { name: 'net', imageRef: IMAGE, flavorRef: '1', networks: [{ uuid }] } });
    const malformed = await n.request('POST', '/v2.1/servers', { body: body('a-b-c-d-e-f-g-h-i-j') });
    assert.deepEqual(malformed.body, { badRequest: { code: 400, message: 'Bad networks format: network uuid is not in proper format (a-b-c-d-e-f-g-h-i-j)' } });
    const unknown = await n.request('POST', '/v2.1/servers', { body: body('11111111-2222-3333-4444-555555555555') });
    assert.deepEqual(unknown.body, { badRequest: { code: 400, message: 'Network 11111111-2222-3333-4444-555555555555 could not be found.' } });
  });
});
