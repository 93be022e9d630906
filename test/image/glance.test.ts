import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startNovum, type TestNovum } from '../helpers.js';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const DEMO = 'demo:demo';
const DEMO2 = 'demo2:demo2';
const PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };

async function create(token: string, body: Record<string, unknown>): Promise<any> {
  const r = await n.request('POST', '/image/v2/images', { token, body: { disk_format: 'qcow2', container_format: 'bare', ...body } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function upload(token: string, id: string, data: Buffer): Promise<number> {
  const r = await n.novum.http.inject({ method: 'PUT', url: `/image/v2/images/${id}/file`, headers: { 'x-auth-token': token, 'content-type': 'application/octet-stream' }, payload: data });
  return r.statusCode;
}

test('GET /image answers 300 with v2.16 CURRENT and no token', async () => {
  const r = await n.request('GET', '/image', { token: null });
  assert.equal(r.status, 300);
  assert.deepEqual(r.body.versions[0], { id: 'v2.16', status: 'CURRENT', links: [{ rel: 'self', href: 'http://localhost:80/image/v2/' }] });
  assert.ok(r.body.versions.slice(1).every((v: any) => v.status === 'SUPPORTED'));
});

test('requests without a token are 401', async () => {
  const r = await n.request('GET', '/image/v2/images', { token: null });
  assert.equal(r.status, 401);
  assert.equal(r.body.title, 'Unauthorized');
});

test('the seeded images list in Glance v2 shape, including fakeimage7 and cirros', async () => {
  const r = await n.request('GET', '/image/v2/images?limit=100', { token: DEMO });
  assert.equal(r.status, 200);
  assert.equal(r.body.first, '/v2/images');
  assert.equal(r.body.schema, '/v2/schemas/images');
  assert.equal(r.body.next, undefined);
  const img = r.body.images.find((i: any) => i.id === '70a599e0-31e7-49b7-b260-868f441e862b');
  assert.deepEqual(img, {
    architecture: 'x86_64', auto_disk_config: 'True', kernel_id: 'nokernel', ramdisk_id: 'nokernel',
    id: '70a599e0-31e7-49b7-b260-868f441e862b', name: 'fakeimage7', status: 'active', visibility: 'public',
    protected: false, os_hidden: false, checksum: null, os_hash_algo: null, os_hash_value: null, owner: null,
    size: 74185822, virtual_size: null, min_ram: 0, min_disk: 0, disk_format: 'qcow2', container_format: 'bare',
    created_at: '2011-01-01T01:02:03Z', updated_at: '2011-01-01T01:02:03Z', tags: [],
    self: '/v2/images/70a599e0-31e7-49b7-b260-868f441e862b', file: '/v2/images/70a599e0-31e7-49b7-b260-868f441e862b/file',
    schema: '/v2/schemas/image',
  });
  const cirros = await n.request('GET', '/image/v2/images?name=cirros-0.6.2-x86_64-disk', { token: DEMO });
  assert.equal(cirros.body.images.length, 1);
  assert.equal(cirros.body.images[0].status, 'active');
});

test('a name is not an id: GET /v2/images/<name> is 404, ?name= finds it', async () => {
  const r = await n.request('GET', '/image/v2/images/fakeimage7', { token: DEMO });
  assert.equal(r.status, 404);
  assert.equal(r.body.title, 'Not Found');
  const byName = await n.request('GET', '/image/v2/images?name=fakeimage7', { token: DEMO });
  assert.deepEqual(byName.body.images.map((i: any) => i.id), ['70a599e0-31e7-49b7-b260-868f441e862b']);
});

test('create (queued), upload (active, size, md5, sha512) and download', async () => {
  const img = await create(DEMO, { name: 'up1', id: '11111111-2222-4333-8444-555555555555', os_distro: 'debian', tags: ['a'] });
  assert.equal(img.status, 'queued');
  assert.equal(img.visibility, 'shared');
  assert.equal(img.owner, 'demo');
  assert.equal(img.os_distro, 'debian');
  assert.deepEqual(img.tags, ['a']);
  assert.equal(img.size, null);
  const none = await n.request('GET', `/image/v2/images/${img.id}/file`, { token: DEMO });
  assert.equal(none.status, 204);
  const data = Buffer.from('pretend this is a qcow2 disk image\n'.repeat(100));
  assert.equal(await upload(DEMO, img.id, data), 204);
  const shown = (await n.request('GET', `/image/v2/images/${img.id}`, { token: DEMO })).body;
  assert.equal(shown.status, 'active');
  assert.equal(shown.size, data.length);
  assert.equal(shown.checksum, createHash('md5').update(data).digest('hex'));
  assert.equal(shown.os_hash_algo, 'sha512');
  assert.equal(shown.os_hash_value, createHash('sha512').update(data).digest('hex'));
  const got = await n.novum.http.inject({ method: 'GET', url: `/image/v2/images/${img.id}/file`, headers: { 'x-auth-token': DEMO } });
  assert.equal(got.statusCode, 200);
  assert.deepEqual(got.rawPayload, data);
  assert.equal(await upload(DEMO, img.id, data), 409);
  const dup = await n.request('POST', '/image/v2/images', { token: DEMO, body: { id: img.id, name: 'again' } });
  assert.equal(dup.status, 409);
});

test('create refuses read-only attributes, non-string properties and publicizing by non-admins', async () => {
  assert.equal((await n.request('POST', '/image/v2/images', { token: DEMO, body: { name: 'x', status: 'active' } })).status, 403);
  assert.equal((await n.request('POST', '/image/v2/images', { token: DEMO, body: { name: 'x', foo: 1 } })).status, 400);
  assert.equal((await n.request('POST', '/image/v2/images', { token: DEMO, body: { name: 'x', disk_format: 'exe' } })).status, 400);
  assert.equal((await n.request('POST', '/image/v2/images', { token: DEMO, body: { name: 'x', visibility: 'public' } })).status, 403);
  const pub = await create('admin:admin', { name: 'admin-public', visibility: 'public' });
  assert.equal(pub.visibility, 'public');
});

test('upload needs disk and container formats and application/octet-stream', async () => {
  const bare = (await n.request('POST', '/image/v2/images', { token: DEMO, body: { name: 'noformat' } })).body;
  assert.equal(await upload(DEMO, bare.id, Buffer.from('x')), 400);
  const img = await create(DEMO, { name: 'wrongtype' });
  const r = await n.request('PUT', `/image/v2/images/${img.id}/file`, { token: DEMO, body: { a: 1 } });
  assert.equal(r.status, 415);
});

test('visibility: private and shared images are the owner\'s; community is seen by all; admin sees all', async () => {
  const priv = await create(DEMO, { name: 'vis-private', visibility: 'private' });
  const comm = await create(DEMO, { name: 'vis-community', visibility: 'community' });
  assert.equal((await n.request('GET', `/image/v2/images/${priv.id}`, { token: DEMO2 })).status, 404);
  assert.equal((await n.request('GET', `/image/v2/images/${priv.id}`, { token: 'admin:admin' })).status, 200);
  assert.equal((await n.request('GET', `/image/v2/images/${comm.id}`, { token: DEMO2 })).status, 200);
  const names = async (token: string, q = '') =>
    (await n.request('GET', `/image/v2/images?limit=1000${q}`, { token })).body.images.map((i: any) => i.name);
  assert.ok((await names(DEMO)).includes('vis-private'));
  assert.ok(!(await names(DEMO2)).includes('vis-private'));
  assert.ok(!(await names(DEMO2)).includes('vis-community'));
  assert.deepEqual(await names(DEMO2, '&visibility=community'), ['vis-community']);
  assert.ok((await names('admin:admin')).includes('vis-private'));
  assert.equal((await n.request('GET', '/image/v2/images?visibility=bogus', { token: DEMO })).status, 400);
});

test('filters by status and property, sorts, and pages with limit/marker and a next link', async () => {
  for (const name of ['pg-a', 'pg-b', 'pg-c']) await create('pager:pager', { name, hw_arch: 'pg' });
  const all = await n.request('GET', '/image/v2/images?hw_arch=pg', { token: 'pager:pager' });
  assert.deepEqual(all.body.images.map((i: any) => i.name), ['pg-c', 'pg-b', 'pg-a']);
  const asc = await n.request('GET', '/image/v2/images?hw_arch=pg&sort_key=name&sort_dir=asc', { token: 'pager:pager' });
  assert.deepEqual(asc.body.images.map((i: any) => i.name), ['pg-a', 'pg-b', 'pg-c']);
  const p1 = await n.request('GET', '/image/v2/images?hw_arch=pg&limit=2', { token: 'pager:pager' });
  assert.deepEqual(p1.body.images.map((i: any) => i.name), ['pg-c', 'pg-b']);
  assert.equal(p1.body.next, `/v2/images?hw_arch=pg&marker=${p1.body.images[1].id}&limit=2`);
  const p2 = await n.request('GET', `/image${p1.body.next}`, { token: 'pager:pager' });
  assert.deepEqual(p2.body.images.map((i: any) => i.name), ['pg-a']);
  assert.equal(p2.body.next, undefined);
  const queued = await n.request('GET', '/image/v2/images?status=queued&owner=pager', { token: 'pager:pager' });
  assert.equal(queued.body.images.length, 3);
  assert.equal((await n.request('GET', '/image/v2/images?marker=nope', { token: 'pager:pager' })).status, 400);
  assert.equal((await n.request('GET', '/image/v2/images?limit=-1', { token: 'pager:pager' })).status, 400);
});

test('PATCH with json-patch replaces the name and adds and removes properties', async () => {
  const img = await create(DEMO, { name: 'patch-me', foo: 'bar' });
  const r = await n.request('PATCH', `/image/v2/images/${img.id}`, {
    token: DEMO, headers: PATCH,
    body: [{ op: 'replace', path: '/name', value: 'patched' }, { op: 'add', path: '/color', value: 'blue' }, { op: 'remove', path: '/foo' }],
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name, 'patched');
  assert.equal(r.body.color, 'blue');
  assert.equal(r.body.foo, undefined);
  const ro = await n.request('PATCH', `/image/v2/images/${img.id}`, { token: DEMO, headers: PATCH, body: [{ op: 'replace', path: '/status', value: 'active' }] });
  assert.equal(ro.status, 403);
  const missing = await n.request('PATCH', `/image/v2/images/${img.id}`, { token: DEMO, headers: PATCH, body: [{ op: 'remove', path: '/nothing' }] });
  assert.equal(missing.status, 409);
  const plain = await n.request('PATCH', `/image/v2/images/${img.id}`, { token: DEMO, body: [{ op: 'replace', path: '/name', value: 'x' }] });
  assert.equal(plain.status, 415);
  const other = await n.request('PATCH', '/image/v2/images/70a599e0-31e7-49b7-b260-868f441e862b', { token: DEMO, headers: PATCH, body: [{ op: 'replace', path: '/name', value: 'x' }] });
  assert.equal(other.status, 403);
});

test('DELETE: 204 for the owner, 404 for another project, 403 when protected or not owned', async () => {
  const img = await create(DEMO, { name: 'del-me' });
  assert.equal((await n.request('DELETE', `/image/v2/images/${img.id}`, { token: DEMO2 })).status, 404);
  assert.equal((await n.request('DELETE', `/image/v2/images/${img.id}`, { token: DEMO })).status, 204);
  assert.equal((await n.request('GET', `/image/v2/images/${img.id}`, { token: DEMO })).status, 404);
  const prot = await create(DEMO, { name: 'protected', protected: true });
  const r = await n.request('DELETE', `/image/v2/images/${prot.id}`, { token: DEMO });
  assert.equal(r.status, 403);
  assert.equal(r.body.message, `Image ${prot.id} is protected and cannot be deleted.`);
  assert.equal((await n.request('DELETE', '/image/v2/images/70a599e0-31e7-49b7-b260-868f441e862b', { token: DEMO })).status, 403);
});

test('tags can be added and removed', async () => {
  const img = await create(DEMO, { name: 'tagged' });
  assert.equal((await n.request('PUT', `/image/v2/images/${img.id}/tags/t1`, { token: DEMO })).status, 204);
  assert.deepEqual((await n.request('GET', `/image/v2/images/${img.id}`, { token: DEMO })).body.tags, ['t1']);
  assert.deepEqual((await n.request('GET', '/image/v2/images?tag=t1', { token: DEMO })).body.images.map((i: any) => i.id), [img.id]);
  assert.equal((await n.request('DELETE', `/image/v2/images/${img.id}/tags/t1`, { token: DEMO })).status, 204);
  assert.equal((await n.request('DELETE', `/image/v2/images/${img.id}/tags/t1`, { token: DEMO })).status, 404);
});
