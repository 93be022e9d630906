/**
 * Regressions found by running Tempest against Novum (docs/tempest.md): each test names the
 * Tempest test whose expectation it keeps.
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

async function boot(name: string, extra: Record<string, unknown> = {}, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1', ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}

describe('servers', () => {
  test('accessIPv6 may end in an embedded IPv4 address and is kept in its shortest form (test_verify_server_details)', async () => {
    const id = await boot('v6', { accessIPv6: '0000:0000:0000:0000:0000:babe:220.12.22.2' });
    const shown = await n.request('GET', `/v2.1/servers/${id}`);
    // Nova keeps IPv6 in its shortest form (netaddr / inet_ntop), as Tempest checks.
    assert.equal(shown.body.server.accessIPv6, '::babe:dc0c:1602');
    const upd = await n.request('PUT', `/v2.1/servers/${id}`, { body: { server: { accessIPv6: 'FE80:0000::0001' } } });
    assert.equal(upd.body.server.accessIPv6, 'fe80::1');
    const rebuilt = await n.request('POST', `/v2.1/servers/${id}/action`, { body: { rebuild: { imageRef: IMAGE, accessIPv6: '::ffff:10.0.0.1' } } });
    assert.equal(rebuilt.body.server.accessIPv6, '::ffff:10.0.0.1');
    const bad = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'v6', imageRef: IMAGE, flavorRef: '1', accessIPv6: '1:2:3:4:5:6:7:1.2.3.4' } } });
    assert.equal(bad.status, 400);
  });

  test('changes-since must be ISO 8601 (test_list_servers_by_changes_since_invalid_date)', async () => {
    const bad = await n.request('GET', '/v2.1/servers?changes-since=2011/01/01');
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: "Invalid input for query parameters changes-since. Value: 2011/01/01. '2011/01/01' is not a 'date-time'" } });
    for (const ok of ['2011-01-01', '2011-01-01T00:00:00Z', '2011-01-01T10:00:00.5+02:00']) {
      const r = await n.request('GET', `/v2.1/servers?changes-since=${encodeURIComponent(ok)}`);
      assert.equal(r.status, 200, `${ok}: ${r.text}`);
    }
  });

  test('resize by an admin counts the server\'s project quota (test_resize_server_using_overlimit_ram/vcpus)', async () => {
    const id = await boot('big', {}, 'demo:demo');
    const quota = (await n.request('GET', '/v2.1/os-quota-sets/demo')).body.quota_set;
    const flavor = async (name: string, ram: number, vcpus: number) => (await n.request('POST', '/v2.1/flavors', { body: { flavor: { name, ram, vcpus, disk: 5 } } })).body.flavor.id as string;
    // The admin acts from a project that uses nothing: its own quota would let the resize through.
    const admin = 'admin:empty-project';
    const ram = await n.request('POST', `/v2.1/servers/${id}/action`, { token: admin, body: { resize: { flavorRef: await flavor('over-ram', quota.ram + 1, 1) } } });
    assert.equal(ram.status, 403, ram.text);
    assert.match(ram.body.forbidden.message, /^Quota exceeded for ram: Requested \d+, but already used \d+ of 51200 ram$/);
    const cores = await n.request('POST', `/v2.1/servers/${id}/action`, { token: admin, body: { resize: { flavorRef: await flavor('over-cores', 512, quota.cores + 1) } } });
    assert.equal(cores.status, 403, cores.text);
    assert.match(cores.body.forbidden.message, /^Quota exceeded for cores: Requested \d+, but already used \d+ of 20 cores$/);
  });
});
