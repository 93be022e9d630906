/**
 * Microversion 2.53: services and hypervisors are named by uuid; PUT /os-services/{uuid} replaces
 * the action routes; hypervisor search and servers become query parameters.
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const V = { 'X-OpenStack-Nova-API-Version': '2.53' };
const NOT_FOUND = { itemNotFound: { code: 404, message: 'The resource could not be found.' } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const get = (path: string, headers: Record<string, string> = V) => n.request('GET', `/v2.1${path}`, { headers });

describe('os-services', () => {
  test('ids are uuids; PUT /os-services/{uuid} changes status, reason and forced_down', async () => {
    const list = (await get('/os-services?binary=nova-compute')).body.services;
    const svc = list.find((s: any) => s.host === 'compute-2');
    assert.match(svc.id, UUID);
    const put = (id: string, body: unknown) => n.request('PUT', `/v2.1/os-services/${id}`, { headers: V, body });
    const disabled = await put(svc.id, { status: 'disabled', disabled_reason: 'maintenance' });
    assert.equal(disabled.status, 200, disabled.text);
    assert.deepEqual(Object.keys(disabled.body.service).sort(),
      ['binary', 'disabled_reason', 'forced_down', 'host', 'id', 'state', 'status', 'updated_at', 'zone']);
    assert.equal(disabled.body.service.status, 'disabled');
    assert.equal(disabled.body.service.disabled_reason, 'maintenance');
    const down = await put(svc.id, { forced_down: true });
    assert.equal(down.body.service.state, 'down');
    assert.equal(down.body.service.forced_down, true);
    const up = await put(svc.id, { status: 'enabled', forced_down: false });
    assert.deepEqual([up.body.service.status, up.body.service.disabled_reason, up.body.service.state], ['enabled', null, 'up']);
    assert.deepEqual((await put(svc.id, {})).body, { badRequest: { code: 400, message: "No updates were requested. Fields 'status' or 'forced_down' should be specified." } });
    assert.deepEqual((await put(svc.id, { status: 'enabled', disabled_reason: 'x' })).body,
      { badRequest: { code: 400, message: "Specifying 'disabled_reason' with status 'enabled' is invalid." } });
    assert.deepEqual((await put('disable', { status: 'disabled' })).body, { badRequest: { code: 400, message: 'Invalid uuid disable' } });
    const missing = '11111111-2222-3333-4444-555555555555';
    assert.deepEqual((await put(missing, { status: 'disabled' })).body, { itemNotFound: { code: 404, message: `Service ${missing} could not be found.` } });
    const scheduler = (await get('/os-services?binary=nova-scheduler')).body.services[0];
    assert.deepEqual((await put(scheduler.id, { status: 'disabled' })).body,
      { badRequest: { code: 400, message: 'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.' } });
    const old = await n.request('PUT', '/v2.1/os-services/disable', { headers: { 'X-OpenStack-Nova-API-Version': '2.52' }, body: { host: 'compute-2', binary: 'nova-compute' } });
    assert.equal(old.status, 200, 'the action routes before 2.53');
    await put(svc.id, { status: 'enabled' });
  });

  test('DELETE /os-services/{uuid}: a uuid is required; a host with servers is 409', async () => {
    assert.deepEqual((await n.request('DELETE', '/v2.1/os-services/1', { headers: V })).body, { badRequest: { code: 400, message: 'Invalid uuid 1' } });
    const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'pin', imageRef: IMAGE, flavorRef: '1' } } });
    const shown = await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body.server.status === 'ACTIVE');
    const host = shown.body.server['OS-EXT-SRV-ATTR:host'];
    const svc = (await get(`/os-services?host=${host}&binary=nova-compute`)).body.services[0];
    assert.equal((await n.request('DELETE', `/v2.1/os-services/${svc.id}`, { headers: V })).status, 409);
  });
});

describe('os-hypervisors', () => {
  test('uuid ids; show by uuid (400 for another id); search and servers routes are gone', async () => {
    const list = (await get('/os-hypervisors')).body.hypervisors;
    assert.match(list[0].id, UUID);
    const one = await get(`/os-hypervisors/${list[0].id}`);
    assert.equal(one.body.hypervisor.id, list[0].id);
    assert.match(one.body.hypervisor.service.id, UUID);
    assert.deepEqual((await get('/os-hypervisors/1')).body, { badRequest: { code: 400, message: 'Invalid uuid 1' } });
    const missing = '11111111-2222-3333-4444-555555555555';
    assert.deepEqual((await get(`/os-hypervisors/${missing}`)).body, { itemNotFound: { code: 404, message: `Hypervisor with ID '${missing}' could not be found.` } });
    assert.equal((await get(`/os-hypervisors/${list[0].id}/uptime`)).status, 200);
    assert.deepEqual((await get('/os-hypervisors/compute/search')).body, NOT_FOUND);
    assert.deepEqual((await get('/os-hypervisors/compute/servers')).body, NOT_FOUND);
  });

  test('hypervisor_hostname_pattern and with_servers; no paging with a pattern; unknown parameters are 400', async () => {
    const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'hosted', imageRef: IMAGE, flavorRef: '1' } } });
    const shown = await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body.server.status === 'ACTIVE');
    const host = shown.body.server['OS-EXT-SRV-ATTR:hypervisor_hostname'];
    const found = await get(`/os-hypervisors?hypervisor_hostname_pattern=${host}&with_servers=true`);
    assert.equal(found.body.hypervisors.length, 1);
    assert.ok(found.body.hypervisors[0].servers.some((s: any) => s.uuid === r.body.server.id));
    const detail = await get(`/os-hypervisors/detail?with_servers=1`);
    assert.ok(detail.body.hypervisors.every((h: any) => h.hypervisor_type === 'fake'));
    const show = await get(`/os-hypervisors/${found.body.hypervisors[0].id}?with_servers=true`);
    assert.ok(show.body.hypervisor.servers.some((s: any) => s.uuid === r.body.server.id));
    assert.deepEqual((await get('/os-hypervisors?hypervisor_hostname_pattern=nomatch')).body,
      { itemNotFound: { code: 404, message: "No hypervisor matching 'nomatch' could be found." } });
    assert.deepEqual((await get('/os-hypervisors?hypervisor_hostname_pattern=compute&limit=1')).body,
      { badRequest: { code: 400, message: 'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.' } });
    assert.equal((await get('/os-hypervisors?bogus=1')).status, 400);
    assert.equal((await get('/os-hypervisors?with_servers=maybe')).status, 400);
  });
});
