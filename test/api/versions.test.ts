import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

test('GET / lists v2.0 and v2.1 without a token', async () => {
  const r = await n.request('GET', '/', { token: null });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.versions.map((v: { id: string }) => v.id), ['v2.0', 'v2.1']);
  const v21 = r.body.versions[1];
  assert.equal(v21.status, 'CURRENT');
  assert.equal(v21.min_version, '2.1');
  assert.match(r.headers['x-openstack-request-id'] as string, /^req-[0-9a-f-]{36}$/);
});

test('GET /compute/v2.1 is the version document under the DevStack prefix', async () => {
  const r = await n.request('GET', '/compute/v2.1', { token: null });
  assert.equal(r.status, 200);
  assert.equal(r.body.version.id, 'v2.1');
  assert.equal(r.body.version.links[0].href, 'http://localhost:80/compute/v2.1/');
});

test('a compute request without a token is 401 with Nova\'s fault body', async () => {
  const r = await n.request('GET', '/v2.1/servers', { token: null });
  assert.equal(r.status, 401);
  assert.deepEqual(r.body, { unauthorized: { code: 401, message: 'The request you have made requires authentication.' } });
});

test('microversion: malformed is 400, out of range is 406, both echoed with Vary', async () => {
  const bad = await n.request('GET', '/v2.1/servers', { headers: { 'x-openstack-nova-api-version': '2.x' } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.badRequest.message, /API Version String 2.x is of invalid format/);
  const high = await n.request('GET', '/v2.1/servers', { headers: { 'openstack-api-version': 'compute 9.9' } });
  assert.equal(high.status, 406);
  const ok = await n.request('GET', '/v2.1/servers', { headers: { 'openstack-api-version': 'compute latest' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['x-openstack-nova-api-version'], ok.body && ok.headers['x-openstack-nova-api-version']);
  assert.equal(ok.headers.vary, 'OpenStack-API-Version, X-OpenStack-Nova-API-Version');
});
