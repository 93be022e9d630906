/** Flavors and flavor-manage over HTTP: listing, paging, filters, visibility, create and delete. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/', import.meta.url);
const sample = (p: string): any => JSON.parse(readFileSync(new URL(p, SAMPLES), 'utf8'));
const OPERATIONS = JSON.parse(readFileSync(new URL('../../../shared/seed/operations.json', import.meta.url), 'utf8')) as any[];
const HOST = { host: 'openstack.example.com' };
const DEMO = 'demo:demo';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const ids = (body: any): string[] => body.flavors.map((f: any) => f.id);

/** Keys of `expected` missing or (when `values`) different in `actual`, recursively. */
function differences(expected: any, actual: any, at = ''): string[] {
  if (expected === null || typeof expected !== 'object') {
    return expected === actual ? [] : [`${at}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
  }
  if (actual === null || typeof actual !== 'object') return [`${at}: missing or not an object`];
  return Object.keys(expected).flatMap((k) => differences(expected[k], actual[k], `${at}.${k}`));
}

test('seed flavors: m1.tiny..m1.xlarge, listed by flavor id, as Nova\'s list sample', async () => {
  const r = await n.request('GET', '/v2.1/flavors');
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r.body), ['1', '2', '3', '4', '5']);
  assert.deepEqual(r.body.flavors.map((f: any) => f.name), ['m1.tiny', 'm1.small', 'm1.medium', 'm1.large', 'm1.xlarge']);
  assert.deepEqual(Object.keys(r.body.flavors[0]).sort(), ['id', 'links', 'name']);
  assert.equal(r.body.flavors_links, undefined);
});

test('GET /flavors/1 matches Nova\'s flavor-get sample field for field, links as the client came', async () => {
  const r = await n.request('GET', '/v2/6f70656e737461636b20342065766572/flavors/1', { headers: HOST, token: 'admin:6f70656e737461636b20342065766572' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, sample('flavors/flavor-get-resp.json'));
  const v21 = await n.request('GET', '/compute/v2.1/flavors/1', { headers: HOST });
  assert.deepEqual(v21.body.flavor.links, [
    { href: 'http://openstack.example.com/compute/v2.1/flavors/1', rel: 'self' },
    { href: 'http://openstack.example.com/compute/flavors/1', rel: 'bookmark' },
  ]);
});

test('detail shows every flavor field; sizes of the seed flavors', async () => {
  const r = await n.request('GET', '/v2.1/flavors/detail');
  assert.equal(r.status, 200);
  const large = r.body.flavors.find((f: any) => f.id === '4');
  assert.deepEqual({ ...large, links: undefined }, {
    id: '4', name: 'm1.large', ram: 8192, disk: 80, vcpus: 4, swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': false, 'os-flavor-access:is_public': true, rxtx_factor: 1, links: undefined,
  });
});

test('the seed\'s flavor examples work verbatim on /v2 and answer every field they show', async () => {
  const flavorOps = OPERATIONS.filter((op) => op.path.includes('/flavors') && !op.path.includes('os-extra_specs'));
  assert.ok(flavorOps.length >= 10);
  for (const op of flavorOps) {
    const url = op.path.replace('{tenant_id}', 'openstack').replace('{flavor_id}', op.method === 'DELETE' ? '10' : '1');
    const [req, resp] = op.method === 'POST' ? op.examples : [undefined, op.examples[0]];
    const r = await n.request(op.method, url, { body: req, headers: HOST });
    assert.equal(r.status, op.method === 'DELETE' ? 202 : 200, `${op.title}: ${r.text}`);
    if (resp) assert.deepEqual(differences(resp, r.body), [], `${op.title} (seed line ${op.line})`);
    if (op.method === 'POST' && req.flavor.id !== '10') {
      // Both extra-data examples are named "flavortest": check what was stored, then make room.
      const shown = await n.request('GET', `/v2/openstack/flavors/${req.flavor.id}`);
      assert.equal(shown.body.flavor.swap, req.flavor.swap ?? '');
      assert.equal(shown.body.flavor['OS-FLV-EXT-DATA:ephemeral'], req.flavor['OS-FLV-EXT-DATA:ephemeral'] ?? 0);
      assert.equal(shown.body.flavor.rxtx_factor, req.flavor.rxtx_factor);
      assert.equal((await n.request('DELETE', `/v2/openstack/flavors/${req.flavor.id}`)).status, 202);
    }
  }
});

test('paging: limit, marker, next link iff the page is full, unknown marker', async () => {
  const p1 = await n.request('GET', '/v2.1/flavors/detail?limit=2&minDisk=0', { headers: HOST });
  assert.deepEqual(ids(p1.body), ['1', '2']);
  assert.deepEqual(p1.body.flavors_links, [{ rel: 'next', href: 'http://openstack.example.com/v2.1/flavors/detail?limit=2&minDisk=0&marker=2' }]);
  const p2 = await n.request('GET', '/v2.1/flavors?limit=2&marker=2');
  assert.deepEqual(ids(p2.body), ['3', '4']);
  const p3 = await n.request('GET', '/v2.1/flavors?limit=2&marker=4');
  assert.deepEqual(ids(p3.body), ['5']);
  assert.equal(p3.body.flavors_links, undefined);
  const full = await n.request('GET', '/v2.1/flavors?limit=5');
  assert.equal(full.body.flavors_links.length, 1, 'a full last page still links to the next one');
  assert.deepEqual(ids((await n.request('GET', '/v2.1/flavors?limit=0')).body), []);
  const bad = await n.request('GET', '/v2.1/flavors?marker=nope');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'marker [nope] not found');
  const neg = await n.request('GET', '/v2.1/flavors?limit=-1');
  assert.equal(neg.status, 400);
  assert.equal(neg.body.badRequest.message, "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'");
});

test('filters and sorting: minRam, minDisk, sort_key/sort_dir, bad values', async () => {
  assert.deepEqual(ids((await n.request('GET', '/v2.1/flavors?minRam=4096')).body), ['3', '4', '5']);
  assert.deepEqual(ids((await n.request('GET', '/v2.1/flavors?minDisk=80')).body), ['4', '5']);
  assert.deepEqual(ids((await n.request('GET', '/v2.1/flavors?sort_key=memory_mb&sort_dir=desc')).body), ['5', '4', '3', '2', '1']);
  assert.deepEqual(ids((await n.request('GET', '/v2.1/flavors?sort_key=name')).body), ['4', '3', '2', '1', '5']);
  const r = await n.request('GET', '/v2.1/flavors?minRam=big');
  assert.equal(r.status, 400);
  assert.equal(r.body.badRequest.message, 'Invalid minRam filter [big]');
  const d = await n.request('GET', '/v2.1/flavors?sort_dir=up');
  assert.equal(d.status, 400);
  assert.equal(d.body.badRequest.message, "Invalid input for query parameters sort_dir. Value: up. 'up' is not one of ['asc', 'desc']");
  const p = await n.request('GET', '/v2.1/flavors?is_public=maybe');
  assert.equal(p.body.badRequest.message, 'Invalid is_public filter [maybe]');
});

test('create: generated UUID for null/"auto"/absent id, numeric id as string, defaults', async () => {
  const body = { flavor: { id: null, name: 'osc', ram: 256, vcpus: 1, disk: 1, swap: 0, 'OS-FLV-EXT-DATA:ephemeral': 0, rxtx_factor: 1.0, 'os-flavor-access:is_public': true } };
  const r = await n.request('POST', '/v2.1/flavors', { body });
  assert.equal(r.status, 200);
  assert.match(r.body.flavor.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(r.body.flavor.swap, '');
  const auto = await n.request('POST', '/v2.1/flavors', { body: { flavor: { id: 'auto', name: 'auto', ram: '128', vcpus: '1', disk: '0' } } });
  assert.equal(auto.status, 200);
  assert.notEqual(auto.body.flavor.id, 'auto');
  assert.equal(auto.body.flavor.ram, 128);
  const num = await n.request('POST', '/v2.1/flavors', { body: { flavor: { id: 4242, name: 'numeric', ram: 64, vcpus: 1, disk: 0 } } });
  assert.equal(num.body.flavor.id, '4242');
  for (const id of [r.body.flavor.id, auto.body.flavor.id, '4242']) assert.equal((await n.request('DELETE', `/v2.1/flavors/${id}`)).status, 202);
});

test('create: 409 on a taken id or name, 400 with Nova\'s schema messages, 403 for members', async () => {
  const dupId = await n.request('POST', '/v2.1/flavors', { body: { flavor: { id: '1', name: 'other', ram: 64, vcpus: 1, disk: 0 } } });
  assert.equal(dupId.status, 409);
  assert.equal(dupId.body.conflictingRequest.message, 'Flavor with ID 1 already exists.');
  const dupName = await n.request('POST', '/v2.1/flavors', { body: { flavor: { name: 'm1.tiny', ram: 64, vcpus: 1, disk: 0 } } });
  assert.equal(dupName.body.conflictingRequest.message, 'Flavor with name m1.tiny already exists.');
  const cases: Array<[unknown, string]> = [
    [{ flavor: { name: 'x', ram: 0, vcpus: 1, disk: 0 } }, 'Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1'],
    [{ flavor: { name: 'x', ram: 64, vcpus: 1 } }, "Invalid input for field/attribute flavor. Value: {'name': 'x', 'ram': 64, 'vcpus': 1}. 'disk' is a required property"],
    [{ flavor: { name: 'x', ram: 64, vcpus: 1, disk: 0, rxtx_factor: 0 } }, 'Invalid input for field/attribute rxtx_factor. Value: 0. 0 is less than or equal to the minimum of 0'],
    [{ flavor: { name: 'x', ram: 64, vcpus: 1, disk: 0, id: ' a' } }, "Invalid input for field/attribute id. Value:  a. ' a' does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'"],
    [{ flavor: { name: 'x', ram: 64, vcpus: 1, disk: 0, color: 'red' } }, "Additional properties are not allowed ('color' was unexpected)"],
    [{ flavor: { name: ' x', ram: 64, vcpus: 1, disk: 0 } }, "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace."],
    [{ flavor: { name: 'x', ram: 64, vcpus: 1, disk: 0, 'os-flavor-access:is_public': 'maybe' } }, 'Invalid input for field/attribute os-flavor-access:is_public. Value: maybe. \'maybe\' is not one of [True, \'True\', \'TRUE\', \'true\', \'1\', \'ON\', \'On\', \'on\', \'YES\', \'Yes\', \'yes\', \'y\', \'t\', False, \'False\', \'FALSE\', \'false\', \'0\', \'OFF\', \'Off\', \'off\', \'NO\', \'No\', \'no\', \'n\', \'f\']'],
  ];
  for (const [body, message] of cases) {
    const r = await n.request('POST', '/v2.1/flavors', { body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.ok(r.body.badRequest.message.endsWith(message), `${r.body.badRequest.message} ≠ ${message}`);
  }
  const member = await n.request('POST', '/v2.1/flavors', { token: DEMO, body: { flavor: { name: 'mine', ram: 64, vcpus: 1, disk: 0 } } });
  assert.equal(member.status, 403);
  assert.equal(member.body.forbidden.message, "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.");
  const del = await n.request('DELETE', '/v2.1/flavors/1', { token: DEMO });
  assert.equal(del.status, 403);
  assert.equal(del.body.forbidden.message, "Policy doesn't allow os_compute_api:os-flavor-manage:delete to be performed.");
});

test('legacy /v2 relaxes validation: unknown keys dropped, name stripped', async () => {
  const r = await n.request('POST', '/v2/openstack/flavors', { body: { flavor: { name: ' spaced ', ram: 64, vcpus: 1, disk: 0, id: 'leg', color: 'red' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.flavor.name, 'spaced');
  assert.equal((await n.request('DELETE', '/v2/openstack/flavors/leg')).status, 202);
});

test('delete: 202 then 404 with Nova\'s message', async () => {
  await n.request('POST', '/v2.1/flavors', { body: { flavor: { id: 'gone', name: 'gone', ram: 64, vcpus: 1, disk: 0 } } });
  const r = await n.request('DELETE', '/v2.1/flavors/gone');
  assert.equal(r.status, 202);
  assert.equal(r.text, '');
  const again = await n.request('GET', '/v2.1/flavors/gone');
  assert.equal(again.status, 404);
  assert.equal(again.body.itemNotFound.message, 'Flavor gone could not be found.');
  assert.equal((await n.request('DELETE', '/v2.1/flavors/gone')).status, 404);
});

test('private flavors: invisible to other projects until shared; is_public filter for admins', async () => {
  const c = await n.request('POST', '/v2.1/flavors', { body: { flavor: { id: 'priv', name: 'priv', ram: 64, vcpus: 1, disk: 0, 'os-flavor-access:is_public': false } } });
  assert.equal(c.body.flavor['os-flavor-access:is_public'], false);
  const hidden = await n.request('GET', '/v2.1/flavors/priv', { token: DEMO });
  assert.equal(hidden.status, 404);
  assert.equal(hidden.body.itemNotFound.message, 'Flavor priv could not be found.');
  assert.ok(!ids((await n.request('GET', '/v2.1/flavors?is_public=None', { token: DEMO })).body).includes('priv'));
  assert.ok(!ids((await n.request('GET', '/v2.1/flavors')).body).includes('priv'), 'admins see public ones by default');
  assert.ok(ids((await n.request('GET', '/v2.1/flavors?is_public=None')).body).includes('priv'));
  assert.deepEqual(ids((await n.request('GET', '/v2.1/flavors?is_public=false')).body), ['priv']);
  const add = await n.request('POST', '/v2.1/flavors/priv/action', { body: { addTenantAccess: { tenant: 'demo' } } });
  assert.equal(add.status, 200);
  assert.equal((await n.request('GET', '/v2.1/flavors/priv', { token: DEMO })).status, 200);
  assert.ok(ids((await n.request('GET', '/v2.1/flavors', { token: DEMO })).body).includes('priv'));
  const svc = await n.novum.services.flavors.get('priv', 'demo', false);
  assert.equal(svc?.name, 'priv');
  assert.equal(await n.novum.services.flavors.get('priv', 'other', false), null);
  assert.equal((await n.request('DELETE', '/v2.1/flavors/priv')).status, 202);
});

test('disabled flavors: listed for admins only, still shown by id', async () => {
  await n.request('POST', '/v2.1/flavors', { body: { flavor: { id: 'off', name: 'off', ram: 64, vcpus: 1, disk: 0 } } });
  await n.novum.store.db.updateTable('flavors').set({ disabled: 1 }).where('flavorid', '=', 'off').execute();
  assert.ok(ids((await n.request('GET', '/v2.1/flavors')).body).includes('off'));
  assert.ok(!ids((await n.request('GET', '/v2.1/flavors', { token: DEMO })).body).includes('off'));
  const shown = await n.request('GET', '/v2.1/flavors/off', { token: DEMO });
  assert.equal(shown.status, 200);
  assert.equal(shown.body.flavor['OS-FLV-DISABLED:disabled'], true);
  await n.request('DELETE', '/v2.1/flavors/off');
});

test('PUT /flavors/{id} is not there at 2.1', async () => {
  const r = await n.request('PUT', '/v2.1/flavors/1', { body: { flavor: { description: 'x' } } });
  assert.equal(r.status, 404);
});
