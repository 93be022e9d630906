/** os-floating-ips, os-floating-ip-pools and the addFloatingIp / removeFloatingIp actions over HTTP. */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/', import.meta.url);
const sample = (p: string): any => JSON.parse(readFileSync(new URL(p, SAMPLES), 'utf8'));
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const DEMO = 'demo:demo';

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

async function boot(name: string, token?: string): Promise<{ id: string; fixed: string; mac: string }> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const s = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  const a = s.body.server.addresses.private[0];
  return { id, fixed: a.addr, mac: a['OS-EXT-IPS-MAC:mac_addr'] };
}

const allocate = async (token?: string, body: unknown = {}): Promise<any> => {
  const r = await n.request('POST', '/v2.1/os-floating-ips', { token, body });
  assert.equal(r.status, 200, r.text);
  return r.body.floating_ip;
};
const act = (id: string, body: unknown, token?: string) => n.request('POST', `/v2.1/servers/${id}/action`, { body, token });
const addressesOf = async (id: string, token?: string): Promise<any[]> => (await n.request('GET', `/v2.1/servers/${id}`, { token })).body.server.addresses.private;

describe('pools and allocation', () => {
  test('GET /os-floating-ip-pools lists the public pool, on v2.1 and legacy v2', async () => {
    for (const url of ['/v2.1/os-floating-ip-pools', '/v2/openstack/os-floating-ip-pools']) {
      const r = await n.request('GET', url);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { floating_ip_pools: [{ name: 'public' }] });
    }
  });

  test('POST allocates the lowest free address, with every key of Nova\'s sample', async () => {
    const token = 'u:alloc';
    const first = await allocate(token, sample('os-floating-ips/floating-ips-create-req.json'));
    assert.deepEqual(Object.keys(first).sort(), Object.keys(sample('os-floating-ips/floating-ips-create-resp.json').floating_ip).sort());
    assert.equal(first.pool, 'public');
    assert.equal(first.fixed_ip, null);
    assert.equal(first.instance_id, null);
    assert.match(first.id, /^[0-9a-f-]{36}$/);
    const second = await allocate(token, undefined);
    const [a, b] = [first.ip, second.ip].map((ip: string) => Number(ip.split('.')[3]));
    assert.ok(first.ip.startsWith('172.24.4.') && b > a, `${first.ip} then ${second.ip}`);
    assert.equal((await n.request('DELETE', `/v2.1/os-floating-ips/${first.id}`, { token })).status, 202);
    const third = await allocate(token);
    assert.equal(third.ip, first.ip, 'a released address is the lowest free one again');
    const list = await n.request('GET', '/v2.1/os-floating-ips', { token });
    assert.deepEqual(list.body.floating_ips.map((f: any) => f.ip).sort(), [first.ip, second.ip].sort());
    const legacy = await n.request('GET', '/v2/alloc/os-floating-ips', { token });
    assert.equal(legacy.status, 200);
    assert.equal(legacy.body.floating_ips.length, 2);
  });

  test('an unknown pool is 404; over quota is 403 with Nova\'s message', async () => {
    const unknown = await n.request('POST', '/v2.1/os-floating-ips', { token: 'u:pools', body: { pool: 'nope' } });
    assert.deepEqual(unknown.body, { itemNotFound: { code: 404, message: 'Floating IP pool not found.' } });
    const q = await n.request('PUT', '/v2.1/os-quota-sets/quota', { body: { quota_set: { floating_ips: 1 } } });
    assert.equal(q.status, 200, q.text);
    await allocate('u:quota');
    const pool = await n.request('POST', '/v2.1/os-floating-ips', { token: 'u:quota', body: { pool: 'public' } });
    assert.deepEqual(pool.body, { forbidden: { code: 403, message: 'IP allocation over quota in pool public.' } });
    const none = await n.request('POST', '/v2.1/os-floating-ips', { token: 'u:quota' });
    assert.deepEqual(none.body, { forbidden: { code: 403, message: 'IP allocation over quota.' } });
  });

  test('show and delete: another project\'s floating IP or an unknown id is 404', async () => {
    const fip = await allocate('u:owner');
    const own = await n.request('GET', `/v2.1/os-floating-ips/${fip.id}`, { token: 'u:owner' });
    assert.deepEqual(own.body, { floating_ip: fip });
    for (const method of ['GET', 'DELETE']) {
      const other = await n.request(method, `/v2.1/os-floating-ips/${fip.id}`, { token: DEMO });
      assert.deepEqual(other.body, { itemNotFound: { code: 404, message: `Floating IP not found for ID ${fip.id}` } });
    }
    const bogus = await n.request('GET', '/v2.1/os-floating-ips/bogus', { token: 'u:owner' });
    assert.deepEqual(bogus.body, { itemNotFound: { code: 404, message: 'Floating IP not found for ID bogus' } });
    assert.equal((await n.request('GET', '/v2.1/os-floating-ips', { token: DEMO })).body.floating_ips.length, 0);
  });
});

describe('addFloatingIp / removeFloatingIp', () => {
  test('associating shows the address in the server\'s addresses with the fixed one\'s MAC', async () => {
    const s = await boot('fip-1');
    const fip = await allocate();
    const r = await act(s.id, { addFloatingIp: { address: fip.ip, fixed_address: s.fixed } });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.text, '');
    const addrs = await addressesOf(s.id);
    assert.deepEqual(addrs[1], { version: 4, addr: fip.ip, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': s.mac });
    const shown = await n.request('GET', `/v2.1/os-floating-ips/${fip.id}`);
    assert.equal(shown.body.floating_ip.fixed_ip, s.fixed);
    assert.equal(shown.body.floating_ip.instance_id, s.id);
    const ips = await n.request('GET', `/v2.1/servers/${s.id}/ips`);
    assert.deepEqual(ips.body.addresses.private[1], { version: 4, addr: fip.ip });
    const again = await act(s.id, { addFloatingIp: { address: fip.ip } });
    assert.equal(again.status, 202, 'associating it again with the same server changes nothing');
    assert.equal((await addressesOf(s.id)).length, 2);

    const wrong = await act(s.id, { removeFloatingIp: { address: fip.ip } }, DEMO);
    assert.equal(wrong.status, 404, 'another project cannot see the floating IP');
    const removed = await act(s.id, { removeFloatingIp: { address: fip.ip } });
    assert.equal(removed.status, 202, removed.text);
    assert.deepEqual((await addressesOf(s.id)).map((a) => a['OS-EXT-IPS:type']), ['fixed']);
    const notAssoc = await act(s.id, { removeFloatingIp: { address: fip.ip } });
    assert.deepEqual(notAssoc.body, { conflictingRequest: { code: 409, message: `Floating IP ${fip.ip} is not associated with instance ${s.id}.` } });
  });

  test('errors carry Nova\'s messages', async () => {
    const s = await boot('fip-errors');
    const fip = await allocate();
    const fixed = await act(s.id, { addFloatingIp: { address: fip.ip, fixed_address: '10.9.9.9' } });
    assert.deepEqual(fixed.body, { badRequest: { code: 400, message: 'Specified fixed address not assigned to instance' } });
    const unknown = await act(s.id, { addFloatingIp: { address: '172.24.4.250' } });
    assert.deepEqual(unknown.body, { itemNotFound: { code: 404, message: 'floating IP not found' } });
    const junk = await act(s.id, { addFloatingIp: { address: 'nope' } });
    assert.equal(junk.status, 400);
    // Nova says "'nope' is not valid under any of the given schemas" (the oneOf); validation.ts reports the first branch's error.
    assert.match(junk.body.badRequest.message, /^Invalid input for field\/attribute address\. Value: nope\. 'nope' is not/);
    const extra = await act(s.id, { addFloatingIp: { address: fip.ip, bogus: 1 } });
    assert.match(extra.body.badRequest.message, /'bogus' was unexpected/);
    const missing = await act(s.id, { removeFloatingIp: {} });
    assert.match(missing.body.badRequest.message, /'address' is a required property/);
    const noServer = await act('00000000-0000-0000-0000-000000000000', { addFloatingIp: { address: fip.ip } });
    assert.equal(noServer.status, 404);
    const cross = await act(s.id, { addFloatingIp: { address: fip.ip } }, DEMO);
    assert.equal(cross.status, 404, 'another project\'s server');
    const unknownRemove = await act(s.id, { removeFloatingIp: { address: '172.24.4.251' } });
    assert.deepEqual(unknownRemove.body, { itemNotFound: { code: 404, message: 'floating IP not found' } });
  });

  test('the seed\'s example: 202 with a fixed address of the server; its verbatim 166.78.185.201 is not one', async () => {
    const s = await boot('seed-fip');
    const fip = await allocate();
    const verbatim = await n.request('POST', `/v2/openstack/servers/${s.id}/action`, { body: { addFloatingIp: { fixed_address: '166.78.185.201', address: fip.ip } } });
    assert.deepEqual(verbatim.body, { badRequest: { code: 400, message: 'Specified fixed address not assigned to instance' } });
    const r = await n.request('POST', `/v2/openstack/servers/${s.id}/action`, { body: { addFloatingIp: { fixed_address: s.fixed, address: fip.ip } } });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.text, '');
  });

  test('a floating IP in use elsewhere moves to the new server (Nova over Neutron re-assigns it)', async () => {
    const a = await boot('fip-a');
    const b = await boot('fip-b');
    const fip = await allocate();
    assert.equal((await act(a.id, { addFloatingIp: { address: fip.ip } })).status, 202);
    assert.equal((await act(b.id, { addFloatingIp: { address: fip.ip } })).status, 202);
    assert.equal((await addressesOf(a.id)).length, 1);
    assert.deepEqual((await addressesOf(b.id))[1], { version: 4, addr: fip.ip, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': b.mac });
    const second = await allocate();
    const clash = await act(b.id, { addFloatingIp: { address: second.ip } });
    assert.equal(clash.status, 400, 'a fixed address takes one floating IP');
    assert.match(clash.body.badRequest.message, new RegExp(`^Unable to associate floating IP ${second.ip.replace(/\./g, '\\.')} to fixed IP`));
  });

  test('releasing an associated floating IP removes it from the server; deleting the server keeps it allocated', async () => {
    const s = await boot('fip-release');
    const kept = await allocate();
    const released = await allocate();
    assert.equal((await act(s.id, { addFloatingIp: { address: released.ip } })).status, 202);
    assert.equal((await n.request('DELETE', `/v2.1/os-floating-ips/${released.id}`)).status, 202);
    assert.equal((await addressesOf(s.id)).length, 1);
    assert.equal((await act(s.id, { addFloatingIp: { address: kept.ip } })).status, 202);
    assert.equal((await n.request('DELETE', `/v2.1/servers/${s.id}`)).status, 204);
    await n.waitFor(`/v2.1/servers/${s.id}`, (x) => x.status === 404);
    const after = await n.request('GET', `/v2.1/os-floating-ips/${kept.id}`);
    assert.equal(after.status, 200);
    assert.equal(after.body.floating_ip.instance_id, null);
    assert.equal(after.body.floating_ip.fixed_ip, null);
  });
});
