import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const sample = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../../shared/nova-api-samples/images/${name}.json`, import.meta.url), 'utf8'));
const ID = '70a599e0-31e7-49b7-b260-868f441e862b';
const url = `/v2.1/openstack/images/${ID}/metadata`;

test('image metadata follows Nova\'s samples: get, key get, post, put, key put, key delete', async () => {
  assert.deepEqual((await n.request('GET', url)).body, sample('image-metadata-get-resp'));
  assert.deepEqual((await n.request('GET', `${url}/kernel_id`)).body, sample('image-meta-key-get'));
  const post = await n.request('POST', url, { body: sample('image-metadata-post-req') });
  assert.equal(post.status, 200);
  assert.deepEqual(post.body, sample('image-metadata-post-resp'));
  const put = await n.request('PUT', url, { body: sample('image-metadata-put-req') });
  assert.deepEqual(put.body, sample('image-metadata-put-resp'));
  const key = await n.request('PUT', `${url}/auto_disk_config`, { body: sample('image-meta-key-put-req') });
  assert.deepEqual(key.body, sample('image-meta-key-put-resp'));
  const shown = await n.request('GET', `/v2.1/openstack/images/${ID}`);
  assert.equal(shown.body.image['OS-DCF:diskConfig'], 'MANUAL');
  assert.deepEqual(shown.body.image.metadata, { Label: 'Changed', auto_disk_config: 'False' });
  const del = await n.request('DELETE', `${url}/Label`);
  assert.equal(del.status, 204);
  assert.deepEqual((await n.request('GET', url)).body, { metadata: { auto_disk_config: 'False' } });
});

test('metadata errors: unknown key 404s, URI mismatch and too many items 400, not found 404', async () => {
  const img = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
  const missing = await n.request('GET', `/v2.1/images/${img}/metadata/nope`);
  assert.equal(missing.status, 404);
  const delMissing = await n.request('DELETE', `/v2.1/images/${img}/metadata/nope`);
  assert.deepEqual(delMissing.body, { itemNotFound: { code: 404, message: 'Invalid metadata key' } });
  const mismatch = await n.request('PUT', `/v2.1/images/${img}/metadata/a`, { body: { meta: { b: '1' } } });
  assert.deepEqual(mismatch.body, { badRequest: { code: 400, message: 'Request body and URI mismatch' } });
  const many = await n.request('PUT', `/v2/openstack/images/${img}/metadata/a`, { body: { meta: { a: '1', b: '2' } } });
  assert.deepEqual(many.body, { badRequest: { code: 400, message: 'Request body contains too many items' } });
  const manyV21 = await n.request('PUT', `/v2.1/images/${img}/metadata/a`, { body: { meta: { a: '1', b: '2' } } });
  assert.equal(manyV21.status, 400);
  const notString = await n.request('POST', `/v2.1/images/${img}/metadata`, { body: { metadata: { a: 1 } } });
  assert.equal(notString.status, 400);
  const noImage = await n.request('GET', '/v2.1/images/00000000-0000-0000-0000-000000000000/metadata');
  assert.deepEqual(noImage.body, { itemNotFound: { code: 404, message: 'Image not found.' } });
});

test('more than 128 items is 403 "Image metadata limit exceeded"', async () => {
  const metadata: Record<string, string> = {};
  for (let i = 0; i < 129; i++) metadata[`k${i}`] = 'v';
  const r = await n.request('PUT', '/v2.1/images/a2459075-d96c-40d5-893e-577ff92e721c/metadata', { body: { metadata } });
  assert.equal(r.status, 403);
  assert.deepEqual(r.body, { forbidden: { code: 403, message: 'Image metadata limit exceeded' } });
});

test('only the owner (or an admin) may change an image\'s metadata', async () => {
  const r = await n.request('POST', '/v2.1/images/cedef40a-ed67-4d10-800e-17455edce175/metadata', { token: 'demo:demo', body: { metadata: { a: 'b' } } });
  assert.equal(r.status, 403);
  const own = (await n.request('POST', '/image/v2/images', { token: 'demo:demo', body: { name: 'mine' } })).body;
  const ok = await n.request('POST', `/v2.1/images/${own.id}/metadata`, { token: 'demo:demo', body: { metadata: { a: 'b' } } });
  assert.deepEqual(ok.body, { metadata: { a: 'b' } });
});
