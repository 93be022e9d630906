/**
 * Regression assertions for what the fuzz and isolation tests found: router refusals in each
 * API's shape, NUL characters, invalid name regexes, oversized volume sizes and counts, personality
 * items without contents.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

test('router refusals (bad escapes, over-long ids) come in each API\'s error shape', async () => {
  const long = 'x'.repeat(2000);
  const cases: [string, number, (b: any) => boolean][] = [
    ['/v2.1/servers/%ZZ', 400, (b) => b.badRequest?.message === 'Malformed request URL'],
    [`/v2.1/servers/${long}`, 404, (b) => b.itemNotFound?.message === 'The resource could not be found.'],
    [`/volume/v3/volumes/${long}`, 404, (b) => b.itemNotFound?.code === 404],
    ['/identity/v3/users/%ZZ', 400, (b) => b.error?.code === 400 && b.error.title === 'Bad Request'],
    ['/image/v2/images/%ZZ', 400, (b) => b.code === '400 Bad Request'],
    [`/networking/v2.0/ports/${long}`, 404, (b) => b.NeutronError?.type === 'HTTPNotFound'],
  ];
  for (const [url, status, shape] of cases) {
    const r = await n.request('GET', url, {});
    assert.equal(r.status, status, `${url.slice(0, 60)}: ${r.text.slice(0, 200)}`);
    assert.ok(shape(r.body), `${url.slice(0, 60)}: ${r.text.slice(0, 200)}`);
  }
});

test('regressions: personality items need path and contents, max_count is bounded, a huge volume size is a 400, an invalid name regex matches nothing, NUL is refused', async () => {
  const own = await startNovum({ auth: 'noauth' });
  try {
    await own.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
    const boot = (extra: Record<string, unknown>) => own.request('POST', '/v2.1/servers', { body: { server: { name: 'm', imageRef: IMAGE, flavorRef: '1', ...extra } } });
    const noContents = await boot({ personality: [{ path: '/etc/banner.txt' }] });
    assert.deepEqual(noContents.body, { badRequest: { code: 400, message: "Bad personality format: missing 'contents'" } });
    const tooMany = await boot({ min_count: 1001 });
    assert.deepEqual(tooMany.body, { badRequest: { code: 400, message: 'min_count must be <= 1000' } });
    await own.novum.worker.stop();
    const many = await boot({ max_count: 1e308, return_reservation_id: 'True' });
    assert.equal(many.status, 202, many.text);
    const count = await own.novum.store.db.selectFrom('instances').select(own.novum.store.db.fn.countAll<number>().as('c')).executeTakeFirstOrThrow();
    assert.equal(Number(count.c), 1000);
    for (const size of [1e308, '99999999999999999999', 2147483648]) {
      for (const url of ['/volume/v3/volumes', '/v2.1/os-volumes']) {
        const r = await own.request('POST', url, { body: { volume: { size } } });
        assert.equal(r.status, 400, `${url} ${size}: ${r.text}`);
        assert.equal(Object.values(r.body as Record<string, any>)[0].message, 'Invalid input received: size must be <= 2147483647.');
      }
    }
    for (const name of ['*', '(', '[']) {
      const r = await own.request('GET', `/v2.1/servers?name=${encodeURIComponent(name)}`);
      assert.deepEqual(r.body, { servers: [] });
    }
    const nul = await own.request('POST', '/v2.1/os-keypairs', { body: { keypair: { name: 'a\u0000b' } } });
    assert.deepEqual(nul.body, { badRequest: { code: 400, message: 'Malformed request body' } });
    const nulUrl = await own.request('GET', '/v2.1/servers/%00');
    assert.deepEqual(nulUrl.body, { badRequest: { code: 400, message: 'Malformed request URL' } });
    const glance = await own.request('PATCH', `/image/v2/images/${IMAGE}`, {
      body: JSON.stringify([{ op: 'add', path: '/x', value: 'a\u0000' }]), headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    });
    assert.deepEqual(glance.body, { code: '400 Bad Request', title: 'Bad Request', message: 'Malformed request body' });
  } finally {
    await own.close();
  }
});

test('a server deleted while a second DELETE or metadata write is on its way: 204, 409 or 404, never a 5xx', async () => {
  // Found by the fuzz test on PostgreSQL: the worker finished the delete between the request's read
  // and its transaction, whose own read then found no row (a 500 before).
  const seen = new Set<number>();
  for (let i = 0; i < 12; i++) {
    const boot = await n.request('POST', '/v2.1/servers', { body: { server: { name: `race-${i}`, imageRef: IMAGE, flavorRef: '1' } } });
    const id = boot.body.server.id;
    const replies = [];
    for (let k = 0; k < 3; k++) {
      replies.push(await n.request('DELETE', `/v2.1/servers/${id}`));
      replies.push(await n.request('PUT', `/v2.1/servers/${id}/metadata/k`, { body: { meta: { k: 'v' } } }));
    }
    for (const r of replies) {
      assert.ok([200, 204, 404, 409].includes(r.status), `${r.status} ${r.text.slice(0, 200)}`);
      seen.add(r.status);
    }
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
  }
  assert.ok(seen.has(204) && seen.has(404), `statuses seen: ${[...seen]}`);
});
