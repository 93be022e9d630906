/** os-keypairs over HTTP: generate, import, list, show, delete, quota, per-user scoping. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/', import.meta.url);
const sample = (p: string): any => JSON.parse(readFileSync(new URL(p, SAMPLES), 'utf8'));
const DEMO = 'demo:demo';
const IMPORT = sample('os-keypairs/keypairs-import-post-req.json').keypair.public_key as string;

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const create = (body: unknown, token?: string) => n.request('POST', '/v2.1/os-keypairs', { body, token });

test('generate: 200 at 2.1 with an RSA key pair whose halves belong together', async () => {
  const r = await create({ keypair: { name: 'gen' } });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body.keypair).sort(), ['fingerprint', 'name', 'private_key', 'public_key', 'user_id']);
  const k = r.body.keypair;
  assert.equal(k.user_id, 'admin');
  assert.match(k.public_key, /^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ Generated-by-Nova\n$/);
  assert.match(k.private_key, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  assert.match(k.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  const fromPrivate = createPublicKey(createPrivateKey(k.private_key)).export({ format: 'jwk' });
  const blob = Buffer.from(k.public_key.split(' ')[1], 'base64');
  const n64 = blob.subarray(blob.length - 256).toString('base64url');
  assert.equal(n64, fromPrivate.n, 'the public key is the private key\'s modulus');
});

test('import: the sample key gets the sample fingerprint; no private key', async () => {
  const r = await create({ keypair: { name: 'imported', public_key: IMPORT } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { keypair: { name: 'imported', public_key: IMPORT, fingerprint: '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c', user_id: 'admin' } });
});

test('import refuses keys that do not parse', async () => {
  for (const key of ['ssh-rsa JUNK nova@ubuntu', ' ', `ssh-rsa ${'A'.repeat(2048)} openstack@ubuntu`, IMPORT.replace('ssh-rsa', 'ssh-ed25519')]) {
    const r = await create({ keypair: { name: 'junk', public_key: key } });
    assert.equal(r.status, 400, key.slice(0, 40));
    assert.equal(r.body.badRequest.message, 'Keypair data is invalid: failed to generate fingerprint');
  }
});

test('names: unsafe characters, empty, too long; 409 when taken', async () => {
  const unsafe = await create({ keypair: { name: 'key_/.\\@:' } });
  assert.equal(unsafe.status, 400);
  assert.equal(unsafe.body.badRequest.message, 'Keypair data is invalid: Keypair name contains unsafe characters');
  const empty = await create({ keypair: { name: '' } });
  assert.equal(empty.body.badRequest.message, "Invalid input for field/attribute name. Value: . '' is too short");
  const long = await create({ keypair: { name: 'keypair-'.padEnd(260, '0') } });
  assert.equal(long.status, 400);
  assert.match(long.body.badRequest.message, /is too long$/);
  const extra = await create({ keypair: { name: 'x', type: 'ssh' } });
  assert.equal(extra.body.badRequest.message, "Invalid input for field/attribute keypair. Value: {'name': 'x', 'type': 'ssh'}. Additional properties are not allowed ('type' was unexpected)");
  await create({ keypair: { name: 'twice', public_key: IMPORT } });
  const dup = await create({ keypair: { name: 'twice' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.conflictingRequest.message, "Key pair 'twice' already exists.");
});

test('list and show as Nova\'s 2.1 samples; keys are per user', async () => {
  await create({ keypair: { name: 'mine', public_key: IMPORT } }, DEMO);
  const list = await n.request('GET', '/v2.1/os-keypairs', { token: DEMO });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body, { keypairs: [{ keypair: { name: 'mine', public_key: IMPORT, fingerprint: '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c' } }] });
  const show = await n.request('GET', '/v2.1/os-keypairs/mine', { token: DEMO });
  assert.equal(show.status, 200);
  const expected = sample('os-keypairs/keypairs-get-resp.json').keypair;
  assert.deepEqual(Object.keys(show.body.keypair).sort(), Object.keys(expected).sort());
  assert.equal(show.body.keypair.user_id, 'demo');
  assert.equal(show.body.keypair.deleted, false);
  assert.equal(show.body.keypair.updated_at, null);
  assert.equal(typeof show.body.keypair.id, 'number');
  assert.match(show.body.keypair.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  const other = await n.request('GET', '/v2.1/os-keypairs/mine');
  assert.equal(other.status, 404);
  assert.equal(other.body.itemNotFound.message, 'Keypair mine not found for user admin');
  assert.ok(!(await n.request('GET', '/v2.1/os-keypairs')).body.keypairs.some((k: any) => k.keypair.name === 'mine'));
  const svc = await n.novum.services.keypairs.get('demo', 'mine');
  assert.equal(svc?.public_key, IMPORT);
});

test('delete: 202 at 2.1, then 404', async () => {
  await create({ keypair: { name: 'bye', public_key: IMPORT } });
  const r = await n.request('DELETE', '/v2.1/os-keypairs/bye');
  assert.equal(r.status, 202);
  assert.equal(r.text, '');
  const again = await n.request('DELETE', '/v2.1/os-keypairs/bye');
  assert.equal(again.status, 404);
  assert.equal(again.body.itemNotFound.message, 'Keypair bye not found for user admin');
});

test('legacy /v2 works the same', async () => {
  const r = await n.request('POST', '/v2/openstack/os-keypairs', { body: { keypair: { name: 'legacy', public_key: IMPORT } } });
  assert.equal(r.status, 200);
  assert.equal((await n.request('GET', '/v2/openstack/os-keypairs/legacy')).status, 200);
  assert.equal((await n.request('DELETE', '/v2/openstack/os-keypairs/legacy')).status, 202);
});

test('quota: the key_pairs limit is enforced with Nova\'s message', async () => {
  await n.request('PUT', '/v2.1/os-quota-sets/quotaproj', { body: { quota_set: { key_pairs: 1 } } });
  const token = 'quser:quotaproj';
  assert.equal((await create({ keypair: { name: 'first', public_key: IMPORT } }, token)).status, 200);
  const r = await create({ keypair: { name: 'second', public_key: IMPORT } }, token);
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.forbidden.message, 'Quota exceeded, too many key pairs.');
});
