/** Server tags (microversion 2.26): the tags API, tags in server views and the list filters. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const V = { 'X-OpenStack-Nova-API-Version': '2.26' };
let n: TestNovum;
let id: string;

before(async () => {
  n = await startNovum();
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'tagged', imageRef: IMAGE, flavorRef: '1' } } });
  id = r.body.server.id;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
});
after(async () => { await n.close(); });

const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = V) =>
  n.request(method, `/v2.1/servers/${id}${path}`, { headers, ...(body === undefined ? {} : { body }) });

test('no tags API before 2.26; the server view has no tags key there', async () => {
  const old = { 'X-OpenStack-Nova-API-Version': '2.25' };
  assert.deepEqual((await req('GET', '/tags', undefined, old)).body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
  assert.equal('tags' in (await req('GET', '', undefined, old)).body.server, false);
  assert.deepEqual((await req('GET', '')).body.server.tags, []);
});

test('replace, add, check, remove, clear; the views follow', async () => {
  const put = await req('PUT', '/tags', { tags: ['b', 'a', 'b'] });
  assert.equal(put.status, 200);
  assert.deepEqual(put.body, { tags: ['b', 'a'] });
  const added = await req('PUT', '/tags/c d');
  assert.equal(added.status, 201);
  assert.equal(added.headers.location, `http://localhost:80/v2.1/servers/${id}/tags/c%20d`);
  assert.equal((await req('PUT', '/tags/a')).status, 204, 'already there');
  assert.deepEqual((await req('GET', '/tags')).body, { tags: ['b', 'a', 'c d'] });
  assert.equal((await req('GET', '/tags/a')).status, 204);
  assert.deepEqual((await req('GET', '/tags/zz')).body, { itemNotFound: { code: 404, message: `Server ${id} has no tag 'zz'` } });
  assert.deepEqual((await req('GET', '')).body.server.tags, ['b', 'a', 'c d']);
  const upd = await req('PUT', '', { server: { name: 'tagged' } });
  assert.deepEqual(upd.body.server.tags, ['b', 'a', 'c d'], 'update answers with tags');
  assert.equal((await req('DELETE', '/tags/b')).status, 204);
  assert.deepEqual((await req('DELETE', '/tags/b')).body, { itemNotFound: { code: 404, message: `Instance ${id} has no tag 'b'` } });
  assert.equal((await req('DELETE', '/tags')).status, 204);
  assert.deepEqual((await req('GET', '/tags')).body, { tags: [] });
});

test('bad tags and too many are 400; another project sees 404; a paused server keeps its tags writable', async () => {
  const comma = await req('PUT', '/tags', { tags: ['a,b'] });
  assert.equal(comma.status, 400);
  const slash = await req('PUT', '/tags/a,b');
  assert.equal(slash.status, 400);
  assert.match(slash.body.badRequest.message, /^Tag 'a,b' is invalid\. It must be a non empty string without characters '\/' and ','\./);
  const many = Array.from({ length: 51 }, (_, i) => `t${i}`);
  assert.equal((await req('PUT', '/tags', { tags: many })).status, 400);
  assert.deepEqual((await req('PUT', '/tags', { tags: many.slice(0, 50) })).body.tags.length, 50);
  const over = await req('PUT', '/tags/t50');
  assert.deepEqual(over.body, { badRequest: { code: 400, message: 'The number of tags exceeded the per-server limit 50' } });
  await req('DELETE', '/tags');
  const other = await n.request('GET', `/v2.1/servers/${id}/tags`, { headers: V, token: 'demo:demo' });
  assert.equal(other.status, 404);
  assert.equal((await req('PUT', '/tags/x', { x: 1 })).status, 400, 'the single-tag PUT takes no body');
});

test('list filters tags, tags-any, not-tags, not-tags-any', async () => {
  const boot = async (name: string, tags: string[]) => {
    const r = await n.request('POST', '/v2.1/servers', { body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
    const sid = r.body.server.id as string;
    await n.waitFor(`/v2.1/servers/${sid}`, (x) => x.body.server.status === 'ACTIVE');
    await n.request('PUT', `/v2.1/servers/${sid}/tags`, { headers: V, body: { tags } });
    return sid;
  };
  const red = await boot('f-red', ['red']);
  const both = await boot('f-both', ['red', 'blue']);
  const odd = await boot('f-odd', ['re.d', 'x"y']);
  const names = async (q: string) =>
    (await n.request('GET', `/v2.1/servers?name=^f-&${q}`, { headers: V })).body.servers.map((s: any) => s.name).sort();
  assert.deepEqual(await names('tags=red'), ['f-both', 'f-red']);
  assert.deepEqual(await names('tags=red,blue'), ['f-both']);
  assert.deepEqual(await names('tags-any=blue,re.d'), ['f-both', 'f-odd']);
  assert.deepEqual(await names('not-tags=red,blue'), ['f-odd', 'f-red']);
  assert.deepEqual(await names('not-tags-any=red'), ['f-odd']);
  assert.deepEqual(await names(`tags=${encodeURIComponent('x"y')}`), ['f-odd']);
  assert.deepEqual(await names('tags=re'), [], 'whole tags only');
  const before = await n.request('GET', '/v2.1/servers?name=^f-&tags=red', { headers: { 'X-OpenStack-Nova-API-Version': '2.25' } });
  assert.equal(before.body.servers.length, 3, 'ignored before 2.26');
  assert.ok([red, both, odd].every(Boolean));
});
