import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const VOLUME_KEYS = ['attachments', 'availabilityZone', 'createdAt', 'displayDescription', 'displayName', 'id', 'metadata', 'size', 'snapshotId', 'status', 'volumeType'];
const SNAPSHOT_KEYS = ['createdAt', 'displayDescription', 'displayName', 'id', 'size', 'status', 'volumeId'];

async function volume(body: Record<string, unknown> = {}, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/os-volumes', { token, body: { volume: { size: 1, ...body } } });
  assert.equal(r.status, 200, r.text);
  await n.waitFor(`/v2.1/os-volumes/${r.body.volume.id}`, (x) => x.body.volume.status === 'available', { token });
  return r.body.volume.id;
}

describe('os-volumes', () => {
  test('create answers 200 with Nova\'s view (creating), a Location, then the volume becomes available', async () => {
    const r = await n.request('POST', '/v2.1/os-volumes', {
      body: { volume: { availability_zone: 'nova', display_name: 'Volume Name', display_description: 'Volume Description', size: 100 } },
    });
    assert.equal(r.status, 200, r.text);
    const v = r.body.volume;
    assert.deepEqual(Object.keys(v).sort(), VOLUME_KEYS);
    assert.equal(v.status, 'creating');
    assert.equal(v.size, 100);
    assert.equal(v.availabilityZone, 'nova');
    assert.equal(v.displayName, 'Volume Name');
    assert.equal(v.displayDescription, 'Volume Description');
    assert.equal(v.volumeType, 'lvmdriver-1');
    assert.equal(v.snapshotId, null);
    assert.deepEqual(v.metadata, {});
    assert.deepEqual(v.attachments, [{}], 'Nova shows [{}] for a volume attached nowhere');
    assert.match(v.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.equal(r.headers.location, `http://localhost:80/v2.1/os-volumes/${v.id}`);
    const shown = await n.waitFor(`/v2.1/os-volumes/${v.id}`, (x) => x.body.volume.status === 'available');
    assert.deepEqual(Object.keys(shown.body.volume).sort(), VOLUME_KEYS);
  });

  test('index and detail list the project\'s volumes; limit and offset page them', async () => {
    const id = await volume({ display_name: 'listed', metadata: { a: 'b' } });
    for (const path of ['/v2.1/os-volumes', '/v2.1/os-volumes/detail', '/v2/openstack/os-volumes/detail']) {
      const r = await n.request('GET', path);
      assert.equal(r.status, 200);
      const v = r.body.volumes.find((x: { id: string }) => x.id === id);
      assert.deepEqual(Object.keys(v).sort(), VOLUME_KEYS);
      assert.deepEqual(v.metadata, { a: 'b' });
    }
    const all = (await n.request('GET', '/v2.1/os-volumes')).body.volumes;
    const page = await n.request('GET', '/v2.1/os-volumes?limit=1&offset=1');
    assert.deepEqual(page.body.volumes.map((v: { id: string }) => v.id), [all[1].id]);
    const bad = await n.request('GET', '/v2.1/os-volumes?limit=x');
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'limit param must be an integer' } });
    const other = await n.request('GET', '/v2.1/os-volumes', { token: 'demo:demo' });
    assert.ok(!other.body.volumes.some((v: { id: string }) => v.id === id), 'another project does not see it');
    const hidden = await n.request('GET', `/v2.1/os-volumes/${id}`, { token: 'demo:demo' });
    assert.equal(hidden.status, 404);
  });

  test('validation and unknown volumes answer with Nova\'s messages', async () => {
    const missing = await n.request('POST', '/v2.1/os-volumes', { body: { volume: { display_name: 'x' } } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.badRequest.message, /'size' is a required property/);
    const extra = await n.request('POST', '/v2.1/os-volumes', { body: { volume: { size: 1, name: 'x' } } });
    assert.match(extra.body.badRequest.message, /Additional properties are not allowed \('name' was unexpected\)/);
    const zero = await n.request('POST', '/v2.1/os-volumes', { body: { volume: { size: 0 } } });
    assert.equal(zero.status, 400);
    const zone = await n.request('POST', '/v2.1/os-volumes', { body: { volume: { size: 1, availability_zone: 'dublin' } } });
    assert.deepEqual(zone.body, { badRequest: { code: 400, message: "Invalid input received: Availability zone 'dublin' is invalid." } });
    const snap = await n.request('POST', '/v2.1/os-volumes', { body: { volume: { size: 1, snapshot_id: 'nope' } } });
    assert.deepEqual(snap.body, { itemNotFound: { code: 404, message: 'Snapshot nope could not be found.' } });
    const unknown = '11111111-2222-3333-4444-555555555555';
    const show = await n.request('GET', `/v2.1/os-volumes/${unknown}`);
    assert.deepEqual(show.body, { itemNotFound: { code: 404, message: `Volume ${unknown} could not be found.` } });
    const del = await n.request('DELETE', `/v2.1/os-volumes/${unknown}`);
    assert.equal(del.status, 404);
  });

  test('delete answers 202, the volume goes deleting then away', async () => {
    const id = await volume();
    const r = await n.request('DELETE', `/v2.1/os-volumes/${id}`);
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    await n.waitFor(`/v2.1/os-volumes/${id}`, (x) => x.status === 404);
  });
});

describe('os-snapshots', () => {
  test('create, show, list and delete with Nova\'s view', async () => {
    const vol = await volume({ size: 3 });
    const r = await n.request('POST', '/v2.1/os-snapshots', {
      body: { snapshot: { display_name: 'snap-001', display_description: 'Daily backup', volume_id: vol, force: false } },
    });
    assert.equal(r.status, 200, r.text);
    const s = r.body.snapshot;
    assert.deepEqual(Object.keys(s).sort(), SNAPSHOT_KEYS);
    assert.equal(s.volumeId, vol);
    assert.equal(s.size, 3);
    assert.equal(s.status, 'creating');
    assert.equal(s.displayName, 'snap-001');
    assert.equal(s.displayDescription, 'Daily backup');
    const shown = await n.waitFor(`/v2.1/os-snapshots/${s.id}`, (x) => x.body.snapshot.status === 'available');
    assert.deepEqual(Object.keys(shown.body.snapshot).sort(), SNAPSHOT_KEYS);
    for (const path of ['/v2.1/os-snapshots', '/v2.1/os-snapshots/detail']) {
      const list = await n.request('GET', path);
      assert.deepEqual(Object.keys(list.body.snapshots.find((x: { id: string }) => x.id === s.id)).sort(), SNAPSHOT_KEYS);
    }
    const busy = await n.request('DELETE', `/v2.1/os-volumes/${vol}`);
    assert.equal(busy.status, 400, 'a volume with snapshots cannot be deleted');
    assert.match(busy.body.badRequest.message, /^Invalid input received: Invalid volume: Volume status must be available or error/);
    const fromSnap = await n.request('POST', '/v2.1/os-volumes', { body: { volume: { size: 3, snapshot_id: s.id } } });
    assert.equal(fromSnap.status, 200);
    assert.equal(fromSnap.body.volume.snapshotId, s.id);
    const small = await n.request('POST', '/v2.1/os-volumes', { body: { volume: { size: 1, snapshot_id: s.id } } });
    assert.equal(small.status, 400);
    const del = await n.request('DELETE', `/v2.1/os-snapshots/${s.id}`);
    assert.equal(del.status, 202);
    await n.waitFor(`/v2.1/os-snapshots/${s.id}`, (x) => x.status === 404);
  });

  test('errors: missing volume_id, unknown volume, unknown snapshot', async () => {
    const missing = await n.request('POST', '/v2.1/os-snapshots', { body: { snapshot: { display_name: 'x' } } });
    assert.match(missing.body.badRequest.message, /'volume_id' is a required property/);
    const unknown = await n.request('POST', '/v2.1/os-snapshots', { body: { snapshot: { volume_id: 'nope' } } });
    assert.deepEqual(unknown.body, { itemNotFound: { code: 404, message: 'Volume nope could not be found.' } });
    const show = await n.request('GET', '/v2.1/os-snapshots/nope');
    assert.deepEqual(show.body, { itemNotFound: { code: 404, message: 'Snapshot nope could not be found.' } });
    const del = await n.request('DELETE', '/v2.1/os-snapshots/nope');
    assert.equal(del.status, 404);
  });
});
