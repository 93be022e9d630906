/** GET /extensions and /extensions/{alias}. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/extension-info/', import.meta.url);
const nova = JSON.parse(readFileSync(new URL('extensions-list-resp-v21-compatible.json', SAMPLES), 'utf8')).extensions as any[];

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

test('the list has Nova\'s shape, sorted by alias, with names as Nova names them', async () => {
  const r = await n.request('GET', '/v2.1/extensions');
  assert.equal(r.status, 200);
  const aliases = r.body.extensions.map((e: any) => e.alias);
  assert.deepEqual(aliases, [...aliases].sort());
  for (const alias of ['os-keypairs', 'os-flavor-manage', 'OS-FLV-EXT-DATA', 'os-quota-sets', 'os-used-limits', 'os-server-start-stop']) {
    assert.ok(aliases.includes(alias), alias);
  }
  for (const e of r.body.extensions) {
    assert.deepEqual(Object.keys(e).sort(), ['alias', 'description', 'links', 'name', 'namespace', 'updated']);
    const theirs = nova.find((x) => x.alias === e.alias);
    assert.ok(theirs, `${e.alias} is one of Nova's aliases`);
    assert.equal(e.name, theirs.name);
    assert.equal(e.namespace, theirs.namespace);
    assert.equal(e.updated, theirs.updated);
    assert.deepEqual(e.links, []);
  }
  assert.ok(!aliases.includes('OS-EXT-VIF-NET'));
  const legacy = await n.request('GET', '/v2/openstack/extensions');
  assert.ok(legacy.body.extensions.some((e: any) => e.alias === 'OS-EXT-VIF-NET'));
});

test('show by alias; unknown alias is 404', async () => {
  const r = await n.request('GET', '/v2.1/extensions/os-keypairs', { token: 'demo:demo' });
  assert.equal(r.status, 200);
  assert.equal(r.body.extension.name, 'Keypairs');
  const missing = await n.request('GET', '/v2.1/extensions/os-nothing');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, 'The resource could not be found.');
});
