import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const DETAIL_KEYS = ['attachments', 'availability_zone', 'bootable', 'consistencygroup_id', 'created_at', 'description', 'encrypted', 'id',
  'links', 'metadata', 'multiattach', 'name', 'replication_status', 'size', 'snapshot_id', 'source_volid', 'status', 'updated_at',
  'user_id', 'volume_type'];

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

describe('Cinder v3 versions', () => {
  for (const path of ['/volume', '/volume/', '/volume/v3', '/volume/v3/']) {
    test(`GET ${path} needs no token and lists v3.0 with a self link`, async () => {
      const r = await n.request('GET', path, { token: null });
      assert.equal(r.status, 200);
      const [v] = r.body.versions;
      assert.equal(v.id, 'v3.0');
      assert.equal(v.status, 'CURRENT');
      assert.equal(v.version, '3.70');
      assert.equal(v.min_version, '3.0');
      assert.ok(v.links.some((l: { rel: string; href: string }) => l.rel === 'self' && l.href === 'http://localhost:80/volume/v3/'));
      assert.ok(Array.isArray(v['media-types']));
    });
  }

  test('everything else needs a token; answers carry the volume microversion', async () => {
    const r = await n.request('GET', '/volume/v3/openstack/volumes', { token: null });
    assert.deepEqual(r.body, { unauthorized: { code: 401, message: 'The request you have made requires authentication.' } });
    const ok = await n.request('GET', '/volume/v3/volumes', { headers: { 'OpenStack-API-Version': 'volume 3.60' } });
    assert.equal(ok.headers['openstack-api-version'], 'volume 3.60');
    const plain = await n.request('GET', '/volume/v3/volumes');
    assert.equal(plain.headers['openstack-api-version'], 'volume 3.0');
  });
});

describe('Cinder v3 volumes', () => {
  for (const base of ['/volume/v3/openstack', '/volume/v3']) {
    test(`create, show, list, filter and delete under ${base}`, async () => {
      const r = await n.request('POST', `${base}/volumes`, { body: { volume: { size: 1, name: `vol-${base.length}`, description: 'd', metadata: { k: 'v' } } } });
      assert.equal(r.status, 202, r.text);
      const v = r.body.volume;
      for (const key of DETAIL_KEYS) assert.ok(key in v, `volume lacks ${key}`);
      assert.equal(v.status, 'creating');
      assert.equal(v.bootable, 'false');
      assert.equal(v.encrypted, false);
      assert.equal(v.multiattach, false);
      assert.equal(v.availability_zone, 'nova');
      assert.equal(v.volume_type, 'lvmdriver-1');
      assert.deepEqual(v.metadata, { k: 'v' });
      assert.deepEqual(v.attachments, []);
      assert.equal(v.updated_at, null);
      assert.deepEqual(v.links[0], { href: `http://localhost:80/volume/v3/openstack/volumes/${v.id}`, rel: 'self' });
      const shown = await n.waitFor(`${base}/volumes/${v.id}`, (x) => x.body.volume.status === 'available');
      assert.match(shown.body.volume.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      assert.equal(shown.body.volume['os-vol-tenant-attr:tenant_id'], 'openstack', 'admins see the owner');

      const list = await n.request('GET', `${base}/volumes`);
      assert.deepEqual(Object.keys(list.body.volumes.find((x: { id: string }) => x.id === v.id)).sort(), ['id', 'links', 'name']);
      const detail = await n.request('GET', `${base}/volumes/detail?name=${v.name}`);
      assert.deepEqual(detail.body.volumes.map((x: { id: string }) => x.id), [v.id]);
      const none = await n.request('GET', `${base}/volumes/detail?name=nothing-so-named`);
      assert.deepEqual(none.body.volumes, []);

      const del = await n.request('DELETE', `${base}/volumes/${v.id}`);
      assert.equal(del.status, 202);
      const gone = await n.waitFor(`${base}/volumes/${v.id}`, (x) => x.status === 404);
      assert.deepEqual(gone.body, { itemNotFound: { code: 404, message: `Volume ${v.id} could not be found.` } });
    });
  }

  test('a volume from an image is bootable and keeps the image id', async () => {
    const r = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size: 1, imageRef: IMAGE } } });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.volume.bootable, 'true');
    // Cinder's image-metadata extension extends show and list, not create (Tempest's create schema refuses the key).
    assert.equal('volume_image_metadata' in r.body.volume, false);
    const shown = await n.request('GET', `/volume/v3/volumes/${r.body.volume.id}`);
    assert.deepEqual(shown.body.volume.volume_image_metadata, { image_id: IMAGE });
    const bad = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size: 1, imageRef: '11111111-2222-3333-4444-555555555555' } } });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'Invalid image identifier or unable to access requested image.' } });
  });

  test('errors: no size, bad size, another project in the URL, an in-use volume', async () => {
    const noSize = await n.request('POST', '/volume/v3/volumes', { body: { volume: { name: 'x' } } });
    assert.deepEqual(noSize.body, { badRequest: { code: 400, message: "Invalid input received: Volume size 'None' must be an integer and greater than 0" } });
    const badSize = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size: 'big' } } });
    assert.equal(badSize.status, 400);
    const noBody = await n.request('POST', '/volume/v3/volumes', { body: { size: 1 } });
    assert.equal(noBody.status, 400);
    const mismatch = await n.request('GET', '/volume/v3/demo/volumes');
    assert.deepEqual(mismatch.body, { badRequest: { code: 400, message: 'Malformed request url' } });

    const vol = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size: 1 } } });
    const id = vol.body.volume.id;
    await n.waitFor(`/volume/v3/volumes/${id}`, (x) => x.body.volume.status === 'available');
    const server = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'cinder-att', imageRef: IMAGE, flavorRef: '1' } } });
    const sid = server.body.server.id;
    await n.waitFor(`/v2.1/servers/${sid}`, (x) => x.body.server.status === 'ACTIVE');
    await n.request('POST', `/v2.1/servers/${sid}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: id } } });
    const shown = (await n.request('GET', `/volume/v3/openstack/volumes/${id}`)).body.volume;
    assert.equal(shown.status, 'in-use');
    assert.equal(shown.attachments.length, 1);
    const a = shown.attachments[0];
    assert.deepEqual([a.server_id, a.volume_id, a.id, a.device], [sid, id, id, '/dev/vdb']);
    assert.match(a.attachment_id, /^[0-9a-f-]{36}$/);
    const del = await n.request('DELETE', `/volume/v3/volumes/${id}`);
    assert.equal(del.status, 400);
    assert.match(del.body.badRequest.message, /^Invalid volume: Volume status must be available or error/);
  });

  test('availability zones and snapshots', async () => {
    for (const path of ['/volume/v3/openstack/os-availability-zone', '/volume/v3/os-availability-zone']) {
      const r = await n.request('GET', path);
      assert.deepEqual(r.body, { availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true } }] });
    }
    const vol = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size: 2 } } });
    await n.waitFor(`/volume/v3/volumes/${vol.body.volume.id}`, (x) => x.body.volume.status === 'available');
    const snap = await n.request('POST', '/volume/v3/openstack/snapshots', { body: { snapshot: { volume_id: vol.body.volume.id, name: 's1' } } });
    assert.equal(snap.status, 202, snap.text);
    assert.equal(snap.body.snapshot.size, 2);
    const shown = await n.waitFor(`/volume/v3/snapshots/${snap.body.snapshot.id}`, (x) => x.body.snapshot.status === 'available');
    assert.equal(shown.body.snapshot.name, 's1');
    const list = await n.request('GET', '/volume/v3/snapshots/detail');
    assert.ok(list.body.snapshots.some((s: { id: string }) => s.id === snap.body.snapshot.id));
    assert.equal((await n.request('DELETE', `/volume/v3/snapshots/${snap.body.snapshot.id}`)).status, 202);
  });

  test('projects see only their own volumes', async () => {
    const mine = await n.request('POST', '/volume/v3/demo/volumes', { token: 'demo:demo', body: { volume: { size: 1 } } });
    assert.equal(mine.status, 202);
    const theirs = await n.request('GET', `/volume/v3/other/volumes/${mine.body.volume.id}`, { token: 'someone:other' });
    assert.equal(theirs.status, 404);
    const listed = await n.request('GET', '/volume/v3/volumes', { token: 'someone:other' });
    assert.deepEqual(listed.body.volumes, []);
  });

  test('os-set_bootable: a volume marked not bootable cannot boot a server (Tempest test_create_server_from_non_bootable_volume)', async () => {
    const vol = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size: 1, imageRef: IMAGE } } });
    const id = vol.body.volume.id as string;
    await n.waitFor(`/volume/v3/volumes/${id}`, (x) => x.body.volume.status === 'available');
    const set = await n.request('POST', `/volume/v3/openstack/volumes/${id}/action`, { body: { 'os-set_bootable': { bootable: false } } });
    assert.equal(set.status, 200, set.text);
    assert.equal((await n.request('GET', `/volume/v3/volumes/${id}`)).body.volume.bootable, 'false');
    const bdm = [{ boot_index: '0', uuid: id, source_type: 'volume', destination_type: 'volume', delete_on_termination: false }];
    const boot = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'nb', imageRef: '', flavorRef: '1', block_device_mapping_v2: bdm } } });
    assert.deepEqual(boot.body, { badRequest: { code: 400, message: `Block Device Mapping is Invalid: Block Device ${id} is not bootable.` } });
    assert.equal((await n.request('POST', `/volume/v3/volumes/${id}/action`, { body: { 'os-set_bootable': { bootable: 'true' } } })).status, 200);
    assert.equal((await n.request('GET', `/volume/v3/volumes/${id}`)).body.volume.bootable, 'true');
    const bad = await n.request('POST', `/volume/v3/volumes/${id}/action`, { body: { 'os-set_bootable': { bootable: 'maybe' } } });
    assert.equal(bad.status, 400);
    const unknown = await n.request('POST', `/volume/v3/volumes/${id}/action`, { body: { 'os-frobnicate': {} } });
    assert.deepEqual(unknown.body, { badRequest: { code: 400, message: 'There is no such action: os-frobnicate' } });
    const theirs = await n.request('POST', `/volume/v3/volumes/${id}/action`, { token: 'someone:other', body: { 'os-set_bootable': { bootable: true } } });
    assert.equal(theirs.status, 404);
  });
});
