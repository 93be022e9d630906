import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';
import { HostAdmin } from '../../src/compute/host-admin.js';

const SHARED = new URL('../../../shared/', import.meta.url);
const sample = (name: string) => JSON.parse(readFileSync(new URL(`nova-api-samples/os-services/${name}`, SHARED), 'utf8'));
const keys = (o: object) => Object.keys(o).sort();
const MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;

before(async () => { n = await startNovum({ fakeHosts: 2 }); });
after(async () => { await n.close(); });

const put = (action: string, body: unknown, token?: string) => n.request('PUT', `/v2.1/os-services/${action}`, { body, token });
const list = async (query = '') => (await n.request('GET', `/v2.1/os-services${query}`)).body.services;

async function boot(name: string): Promise<{ id: string; body: any }> {
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const shown = await n.waitFor(`/v2.1/servers/${id}`, (x) => ['ACTIVE', 'ERROR'].includes(x.body?.server?.status));
  return { id, body: shown.body.server };
}

describe('GET /os-services', () => {
  test('every service with the sample\'s fields (no forced_down at 2.1)', async () => {
    const r = await n.request('GET', '/v2.1/os-services');
    assert.equal(r.status, 200);
    const expectedKeys = keys(sample('services-list-get-resp.json').services[0]);
    assert.deepEqual(r.body.services.map((s: any) => [s.binary, s.host, s.zone, s.status, s.state]), [
      ['nova-compute', 'compute-1', 'nova', 'enabled', 'up'],
      ['nova-compute', 'compute-2', 'nova', 'enabled', 'up'],
      ['nova-scheduler', 'controller', 'internal', 'enabled', 'up'],
      ['nova-conductor', 'controller', 'internal', 'enabled', 'up'],
    ]);
    for (const s of r.body.services) {
      assert.deepEqual(keys(s), expectedKeys);
      assert.equal(typeof s.id, 'number');
      assert.match(s.updated_at, MICROS);
      assert.equal(s.disabled_reason, null);
    }
  });

  test('?host= and ?binary= filter', async () => {
    assert.deepEqual((await list('?host=controller')).map((s: any) => s.binary), ['nova-scheduler', 'nova-conductor']);
    assert.deepEqual((await list('?binary=nova-compute')).map((s: any) => s.host), ['compute-1', 'compute-2']);
    assert.deepEqual((await list('?host=compute-2&binary=nova-compute')).length, 1);
    assert.deepEqual(await list('?host=nowhere'), []);
  });

  test('a forced-down service is down (2.11 force-down, through the domain: Novum serves up to 2.1)', async () => {
    const admin = new HostAdmin(n.novum.services.hosts);
    await admin.setForcedDown('compute-2', 'nova-compute', true);
    try {
      assert.equal((await list('?host=compute-2'))[0].state, 'down');
      assert.deepEqual(await n.novum.services.hosts.usableHosts(), ['compute-1']);
    } finally {
      await admin.setForcedDown('compute-2', 'nova-compute', false);
    }
    assert.equal((await list('?host=compute-2'))[0].state, 'up');
  });
});

describe('PUT /os-services/{enable,disable,disable-log-reason}', () => {
  test('disable, disable with a reason, enable: answers as the samples, the list follows', async () => {
    const disabled = await put('disable', { host: 'compute-2', binary: 'nova-compute' });
    assert.equal(disabled.status, 200);
    assert.deepEqual(disabled.body, { service: { host: 'compute-2', binary: 'nova-compute', status: 'disabled' } });
    assert.deepEqual(keys(disabled.body.service), keys(sample('service-disable-put-resp.json').service));
    assert.equal((await list('?host=compute-2'))[0].status, 'disabled');

    const logged = await put('disable-log-reason', { host: 'compute-2', binary: 'nova-compute', disabled_reason: 'test2' });
    assert.deepEqual(logged.body, { service: { host: 'compute-2', binary: 'nova-compute', status: 'disabled', disabled_reason: 'test2' } });
    assert.deepEqual(keys(logged.body.service), keys(sample('service-disable-log-put-resp.json').service));
    assert.equal((await list('?host=compute-2'))[0].disabled_reason, 'test2');

    const enabled = await put('enable', { host: 'compute-2', binary: 'nova-compute' });
    assert.deepEqual(enabled.body, { service: { host: 'compute-2', binary: 'nova-compute', status: 'enabled' } });
    assert.deepEqual(keys(enabled.body.service), keys(sample('service-enable-put-resp.json').service));
    const after = (await list('?host=compute-2'))[0];
    assert.equal(after.status, 'enabled');
    assert.equal(after.disabled_reason, null);
  });

  test('Nova\'s errors: unmapped host, non-compute binary, missing fields, unknown action', async () => {
    const host = await put('disable', { host: 'host1', binary: 'nova-compute' });
    assert.deepEqual(host.body, { itemNotFound: { code: 404, message: "Host 'host1' is not mapped to any cell" } });
    const binary = await put('disable', { host: 'controller', binary: 'nova-scheduler' });
    assert.deepEqual(binary.body, {
      badRequest: { code: 400, message: 'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.' },
    });
    const missing = await put('enable', { host: 'compute-1' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.badRequest.message, "'binary' is a required property");
    const extra = await put('enable', { host: 'compute-1', binary: 'nova-compute', forced_down: true });
    assert.equal(extra.status, 400);
    assert.match(extra.body.badRequest.message, /Additional properties are not allowed \('forced_down' was unexpected\)/);
    const reason = await put('disable-log-reason', { host: 'compute-1', binary: 'nova-compute' });
    assert.deepEqual(reason.body, { badRequest: { code: 400, message: 'Missing disabled reason field' } });
    for (const action of ['bogus', 'force-down']) {
      const r = await put(action, { host: 'compute-1', binary: 'nova-compute' });
      assert.deepEqual(r.body, { itemNotFound: { code: 404, message: 'Unknown action' } }, action);
    }
  });

  test('with every compute service disabled, a new server goes to ERROR: no valid host', async () => {
    await put('disable', { host: 'compute-1', binary: 'nova-compute' });
    await put('disable', { host: 'compute-2', binary: 'nova-compute' });
    try {
      const { body } = await boot('nowhere');
      assert.equal(body.status, 'ERROR');
      assert.equal(body.fault.message, 'No valid host was found. There are not enough hosts available.');
    } finally {
      await put('enable', { host: 'compute-1', binary: 'nova-compute' });
      await put('enable', { host: 'compute-2', binary: 'nova-compute' });
    }
    const { body } = await boot('somewhere');
    assert.equal(body.status, 'ACTIVE');
  });
});

describe('DELETE /os-services/{id}', () => {
  test('refuses a compute service with servers (409), deletes an empty one (204) with its hypervisor', async () => {
    await put('disable', { host: 'compute-2', binary: 'nova-compute' });
    const { id: serverId, body } = await boot('pinned');
    assert.equal(body['OS-EXT-SRV-ATTR:host'], 'compute-1');
    const [busy] = await list('?host=compute-1');
    const refused = await n.request('DELETE', `/v2.1/os-services/${busy.id}`);
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body, {
      conflictingRequest: { code: 409, message: 'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.' },
    });

    const [idle] = await list('?host=compute-2');
    const deleted = await n.request('DELETE', `/v2.1/os-services/${idle.id}`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.deepEqual(await list('?host=compute-2'), []);
    const hyps = (await n.request('GET', '/v2.1/os-hypervisors')).body.hypervisors;
    assert.deepEqual(hyps.map((h: any) => h.hypervisor_hostname), ['compute-1']);
    const again = await n.request('DELETE', `/v2.1/os-services/${idle.id}`);
    assert.deepEqual(again.body, { itemNotFound: { code: 404, message: `Service ${idle.id} not found.` } });
    await n.request('DELETE', `/v2.1/servers/${serverId}`);
  });

  test('a non-integer id is 400, an unknown one 404', async () => {
    const bad = await n.request('DELETE', '/v2.1/os-services/abc');
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'Invalid input received: id must be an integer' } });
    const missing = await n.request('DELETE', '/v2.1/os-services/9999');
    assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: 'Service 9999 not found.' } });
  });
});

test('os-services is admin only: list, update and delete rules', async () => {
  const rule = (r: any) => r.body.forbidden?.message;
  assert.equal(rule(await n.request('GET', '/v2.1/os-services', { token: 'demo:demo' })), "Policy doesn't allow os_compute_api:os-services:list to be performed.");
  assert.equal(rule(await put('disable', { host: 'compute-1', binary: 'nova-compute' }, 'demo:demo')), "Policy doesn't allow os_compute_api:os-services:update to be performed.");
  assert.equal(rule(await n.request('DELETE', '/v2.1/os-services/1', { token: 'demo:demo' })), "Policy doesn't allow os_compute_api:os-services:delete to be performed.");
  assert.equal((await list('?host=compute-1'))[0].status, 'enabled');
});
