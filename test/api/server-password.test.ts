/** os-server-password: the password the guest posts encrypted with the server's key; clearing it. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const DEMO = 'demo:demo';
const SEED_PASSWORD = 'xlozO3wLCBRWAa2yDjCCVx8vwNPypxnypmRYDa/zErlQ+EzPe1S/Gz6nfmC52mOlOSCRuUOmG7kqqgejPof6M7bOezS387zjq4LSvvwp28zUknzy4YzfFGhnHAdai3TxUJ26pfQCYrq8UTzmKF2Bq8ioSEtVVzM0A96pDh8W2i7BOz6MdoiVyiev/I1K2LsuipfxSJR7Wdke4zNXJjHHP2RfYsVbZ/k9ANu+Nz4iIH8/7Cacud/pphH7EjrY6a4RZNrjQskrhKYed0YERpotyjYk1eDtRe72GrSiXteqCM4biaQ5w3ruS+AcX//PXk3uJ5kC7d67fPXaVz4WaQRYMg==';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

async function boot(name: string, extra: Record<string, unknown> = {}, token?: string): Promise<{ id: string; adminPass: string }> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1', ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return { id, adminPass: r.body.server.adminPass };
}

/** What `nova get-password --private-key` does (openssl rsautl -decrypt): RSA, PKCS#1 v1.5 padding stripped by hand. */
function decrypt(privateKeyPem: string, b64: string): string {
  const raw = privateDecrypt({ key: privateKeyPem, padding: constants.RSA_NO_PADDING }, Buffer.from(b64, 'base64'));
  assert.deepEqual([raw[0], raw[1]], [0, 2], 'PKCS#1 v1.5 encryption block');
  return raw.subarray(raw.indexOf(0, 2) + 1).toString('utf8');
}

test('a server booted with a generated key pair shows its admin password encrypted with that key', async () => {
  const kp = await n.request('POST', '/v2.1/os-keypairs', { body: { keypair: { name: 'pw-key' } } });
  assert.equal(kp.status, 200, kp.text);
  const s = await boot('pw', { key_name: 'pw-key' });
  const r = await n.request('GET', `/v2.1/servers/${s.id}/os-server-password`);
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body), ['password']);
  assert.equal(Buffer.from(r.body.password, 'base64').length, 256, 'one RSA-2048 block');
  assert.equal(decrypt(kp.body.keypair.private_key, r.body.password), s.adminPass);
});

test('an imported RSA key works the same; a server without a key or with a non-RSA key shows ""', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const field = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 255, b.length & 255]), b]);
  const mp = (b64u: string): Buffer => { const b = Buffer.from(b64u, 'base64url'); return b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b; };
  const line = `ssh-rsa ${Buffer.concat([field(Buffer.from('ssh-rsa')), field(mp(jwk.e!)), field(mp(jwk.n!))]).toString('base64')} me@host`;
  assert.equal((await n.request('POST', '/v2.1/os-keypairs', { body: { keypair: { name: 'imported', public_key: line } } })).status, 200);
  const s = await boot('pw-imported', { key_name: 'imported', adminPass: 'Secret-123' });
  const r = await n.request('GET', `/v2.1/servers/${s.id}/os-server-password`);
  assert.equal(decrypt(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), r.body.password), 'Secret-123');

  const plain = await boot('pw-none');
  assert.deepEqual((await n.request('GET', `/v2.1/servers/${plain.id}/os-server-password`)).body, { password: '' });
  const ed = await n.request('POST', '/v2.1/os-keypairs', { body: { keypair: { name: 'ed', public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host' } } });
  assert.equal(ed.status, 200, ed.text);
  const edServer = await boot('pw-ed', { key_name: 'ed' });
  assert.deepEqual((await n.request('GET', `/v2.1/servers/${edServer.id}/os-server-password`)).body, { password: '' });
});

test('DELETE clears it (204, no body); the seed\'s examples on legacy v2', async () => {
  assert.equal((await n.request('POST', '/v2.1/os-keypairs', { body: { keypair: { name: 'seed-key' } } })).status, 200);
  const s = await boot('pw-seed', { key_name: 'seed-key' });
  const get = await n.request('GET', `/v2/openstack/servers/${s.id}/os-server-password`);
  assert.equal(get.status, 200);
  assert.equal(typeof get.body.password, 'string');
  assert.equal(get.body.password.length, SEED_PASSWORD.length, 'a 2048-bit key gives a password as long as the seed\'s');
  const del = await n.request('DELETE', `/v2/openstack/servers/${s.id}/os-server-password`);
  assert.equal(del.status, 204);
  assert.equal(del.text, '');
  assert.deepEqual((await n.request('GET', `/v2.1/servers/${s.id}/os-server-password`)).body, { password: '' });
});

test('another project\'s server is 404; a member reads and clears their own', async () => {
  const s = await boot('pw-demo', {}, DEMO);
  for (const method of ['GET', 'DELETE']) {
    const r = await n.request(method, `/v2.1/servers/${s.id}/os-server-password`, { token: 'u:other' });
    assert.deepEqual(r.body, { itemNotFound: { code: 404, message: `Instance ${s.id} could not be found.` } });
  }
  assert.equal((await n.request('GET', `/v2.1/servers/${s.id}/os-server-password`, { token: DEMO })).status, 200);
  assert.equal((await n.request('DELETE', `/v2.1/servers/${s.id}/os-server-password`, { token: DEMO })).status, 204);
});
