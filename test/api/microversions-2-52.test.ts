/**
 * What microversions 2.39 to 2.52 change, each asserted at its version and just below it
 * (Nova: rest_api_version_history.rst; nova-api-samples/<resource>/v2.N/).
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const PRIVATE = 'b9ee5b1c-4b8e-4d6d-9e2d-6d1b2f3c4a10';
const NOT_FOUND = { itemNotFound: { code: 404, message: 'The resource could not be found.' } };
let n: TestNovum;
let server: string;

before(async () => {
  n = await startNovum();
  await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
  server = await boot('base');
});
after(async () => { await n.close(); });

const at = (v: string, token?: string) => ({ headers: { 'X-OpenStack-Nova-API-Version': v }, ...(token ? { token } : {}) });
const act = (id: string, v: string, body: unknown, token?: string) => n.request('POST', `/v2.1/servers/${id}/action`, { ...at(v, token), body });

async function boot(name: string, extra: Record<string, unknown> = {}, v = '2.1', token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { ...at(v, token), body: { server: { name, imageRef: IMAGE, flavorRef: '1', ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}

describe('proxies and removed APIs', () => {
  test('2.39: image metadata is gone; limits drop maxImageMeta', async () => {
    assert.equal((await n.request('GET', `/v2.1/images/${IMAGE}/metadata`, at('2.35'))).status, 200);
    assert.equal((await n.request('GET', `/v2.1/images/${IMAGE}/metadata`, at('2.38'))).status, 200, 'metadata outlives the image proxy');
    assert.deepEqual((await n.request('GET', `/v2.1/images/${IMAGE}/metadata`, at('2.39'))).body, NOT_FOUND);
    assert.equal('maxImageMeta' in (await n.request('GET', '/v2.1/limits', at('2.38'))).body.limits.absolute, true);
    assert.equal('maxImageMeta' in (await n.request('GET', '/v2.1/limits', at('2.39'))).body.limits.absolute, false);
  });

  test('2.43: os-hosts is gone; 2.44: floating IP actions and os-virtual-interfaces are gone', async () => {
    assert.equal((await n.request('GET', '/v2.1/os-hosts', at('2.42'))).status, 200);
    assert.deepEqual((await n.request('GET', '/v2.1/os-hosts', at('2.43'))).body, NOT_FOUND);
    assert.equal((await n.request('GET', `/v2.1/servers/${server}/os-virtual-interfaces`, at('2.43'))).status, 200);
    assert.deepEqual((await n.request('GET', `/v2.1/servers/${server}/os-virtual-interfaces`, at('2.44'))).body, NOT_FOUND);
    const add = await act(server, '2.44', { addFloatingIp: { address: '172.24.4.10' } });
    assert.deepEqual(add.body, NOT_FOUND);
    assert.deepEqual((await act(server, '2.44', { removeFloatingIp: { address: '172.24.4.10' } })).body, NOT_FOUND);
  });
});

describe('servers', () => {
  test('2.42: device tags are back on networks and block devices; 2.52: server tags at create', async () => {
    const tagged = await n.request('POST', '/v2.1/servers', { ...at('2.42'), body: { server: {
      name: 't', imageRef: IMAGE, flavorRef: '1', networks: [{ uuid: PRIVATE, tag: 'nic1' }],
      block_device_mapping_v2: [{ boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'local', tag: 'root' }],
    } } });
    assert.equal(tagged.status, 202, tagged.text);
    assert.match((await n.request('POST', '/v2.1/servers', { ...at('2.51'), body: { server: { name: 't', imageRef: IMAGE, flavorRef: '1', networks: 'auto', tags: ['a'] } } })).body.badRequest.message,
      /'tags' was unexpected/);
    const id = await boot('with-tags', { networks: 'auto', tags: ['a', 'b', 'a'] }, '2.52');
    assert.deepEqual((await n.request('GET', `/v2.1/servers/${id}`, at('2.52'))).body.server.tags, ['a', 'b']);
    assert.deepEqual((await n.request('GET', `/v2.1/servers?tags=b&name=^with-tags$`, at('2.52'))).body.servers.map((s: any) => s.id), [id]);
    const many = Array.from({ length: 51 }, (_, i) => `t${i}`);
    assert.equal((await n.request('POST', '/v2.1/servers', { ...at('2.52'), body: { server: { name: 't', imageRef: IMAGE, flavorRef: '1', networks: 'auto', tags: many } } })).status, 400);
  });

  test('2.45: createImage answers {image_id} and no Location', async () => {
    const old = await act(server, '2.44', { createImage: { name: 'snap-old' } });
    assert.equal(old.status, 202);
    assert.match(String(old.headers.location), /\/images\/[0-9a-f-]{36}$/);
    assert.equal(old.text, '');
    // The first snapshot must finish first: a second one meanwhile is Nova's 409 (task_state image_*).
    await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
    const r = await act(server, '2.45', { createImage: { name: 'snap-new' } });
    assert.equal(r.status, 202);
    assert.equal(r.headers.location, undefined);
    assert.match(r.body.image_id, /^[0-9a-f-]{36}$/);
    await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null);
  });

  test('2.47: the flavor is embedded in show, list, update and rebuild', async () => {
    const embedded = { vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, original_name: 'm1.tiny', extra_specs: {} };
    assert.deepEqual(Object.keys((await n.request('GET', `/v2.1/servers/${server}`, at('2.46'))).body.server.flavor).sort(), ['id', 'links']);
    assert.deepEqual((await n.request('GET', `/v2.1/servers/${server}`, at('2.47'))).body.server.flavor, embedded);
    assert.deepEqual((await n.request('GET', '/v2.1/servers/detail', at('2.47'))).body.servers.find((s: any) => s.id === server).flavor, embedded);
    assert.deepEqual((await n.request('PUT', `/v2.1/servers/${server}`, { ...at('2.47'), body: { server: { name: 'base' } } })).body.server.flavor, embedded);
    const member = await boot('member', {}, '2.1', 'demo:demo');
    assert.deepEqual((await n.request('GET', `/v2.1/servers/${member}`, at('2.47', 'demo:demo'))).body.server.flavor, embedded);
  });

  test('2.49: a volume attachment may carry a tag', async () => {
    const vol = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size: 1 } } });
    await n.waitFor(`/volume/v3/volumes/${vol.body.volume.id}`, (x) => x.body.volume.status === 'available');
    const attach = (v: string) => n.request('POST', `/v2.1/servers/${server}/os-volume_attachments`, { ...at(v), body: { volumeAttachment: { volumeId: vol.body.volume.id, tag: 'data' } } });
    assert.match((await attach('2.48')).body.badRequest.message, /'tag' was unexpected/);
    const r = await attach('2.49');
    assert.equal(r.status, 200, r.text);
    assert.equal((await n.request('DELETE', `/v2.1/servers/${server}/os-volume_attachments/${vol.body.volume.id}`, at('2.49'))).status, 202);
  });

  test('2.51: members see the events of an action, without tracebacks', async () => {
    const id = await boot('events', {}, '2.1', 'demo:demo');
    const list = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions`, at('2.51', 'demo:demo'));
    const req = list.body.instanceActions[0].request_id;
    const before = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions/${req}`, at('2.50', 'demo:demo'));
    assert.equal('events' in before.body.instanceAction, false);
    const member = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions/${req}`, at('2.51', 'demo:demo'));
    assert.ok(member.body.instanceAction.events.length > 0);
    assert.deepEqual(Object.keys(member.body.instanceAction.events[0]).sort(), ['event', 'finish_time', 'result', 'start_time']);
    const admin = await n.request('GET', `/v2.1/servers/${id}/os-instance-actions/${req}`, at('2.51'));
    assert.ok('traceback' in admin.body.instanceAction.events[0]);
  });
});

test('2.40: tenant usage pages with limit and marker', async () => {
  const q = 'start=2000-01-01T00:00:00&end=2100-01-01T00:00:00';
  const first = await n.request('GET', `/v2.1/os-simple-tenant-usage/openstack?${q}&limit=1`, at('2.40'));
  assert.equal(first.body.tenant_usage.server_usages.length, 1);
  assert.equal(first.body.tenant_usage_links[0].rel, 'next');
  const all = await n.request('GET', `/v2.1/os-simple-tenant-usage/openstack?${q}&limit=1`, at('2.39'));
  assert.ok(all.body.tenant_usage.server_usages.length > 1, 'limit is ignored before 2.40');
});

test('2.50: quota classes show server group quotas and no network ones', async () => {
  const old = (await n.request('GET', '/v2.1/os-quota-class-sets/default', at('2.49'))).body.quota_class_set;
  assert.equal('server_groups' in old, false);
  assert.equal('floating_ips' in old, true);
  const now = (await n.request('GET', '/v2.1/os-quota-class-sets/default', at('2.50'))).body.quota_class_set;
  assert.equal(now.server_groups, 10);
  assert.equal('floating_ips' in now, false);
});
