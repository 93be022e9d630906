import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SHARED = new URL('../../../shared/', import.meta.url);
const sample = (name: string) => JSON.parse(readFileSync(new URL(`nova-api-samples/os-hosts/${name}`, SHARED), 'utf8'));
const keys = (o: object) => Object.keys(o).sort();

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;

before(async () => { n = await startNovum({ fakeHosts: 2 }); });
after(async () => { await n.close(); });

const serviceStatus = async (host: string) =>
  (await n.request('GET', `/v2.1/os-services?host=${host}&binary=nova-compute`)).body.services[0].status;

async function boot(name: string, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return r.body.server.id;
}

describe('GET /os-hosts', () => {
  test('one line per enabled service: host_name, service (the topic), zone', async () => {
    const r = await n.request('GET', '/v2.1/os-hosts');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.hosts, [
      { host_name: 'compute-1', service: 'compute', zone: 'nova' },
      { host_name: 'compute-2', service: 'compute', zone: 'nova' },
      { host_name: 'controller', service: 'scheduler', zone: 'internal' },
      { host_name: 'controller', service: 'conductor', zone: 'internal' },
    ]);
    assert.deepEqual(keys(r.body.hosts[0]), keys(sample('hosts-list-resp.json').hosts[0]));
  });

  test('?zone= filters; a disabled service is not listed (as Nova)', async () => {
    const internal = await n.request('GET', '/v2.1/os-hosts?zone=internal');
    assert.deepEqual(internal.body.hosts.map((h: any) => h.service), ['scheduler', 'conductor']);
    await n.request('PUT', '/v2.1/os-hosts/compute-2', { body: { status: 'disable' } });
    try {
      const nova = await n.request('GET', '/v2.1/os-hosts?zone=nova');
      assert.deepEqual(nova.body.hosts, [{ host_name: 'compute-1', service: 'compute', zone: 'nova' }]);
    } finally {
      await n.request('PUT', '/v2.1/os-hosts/compute-2', { body: { status: 'enable' } });
    }
  });
});

describe('GET /os-hosts/{host}', () => {
  test('an empty host: (total), (used_now), (used_max)', async () => {
    const r = await n.request('GET', '/v2.1/os-hosts/compute-2');
    assert.equal(r.status, 200);
    const node = (await n.request('GET', '/v2.1/os-hypervisors/2')).body.hypervisor;
    assert.deepEqual(r.body.host, [
      { resource: { host: 'compute-2', project: '(total)', cpu: node.vcpus, memory_mb: node.memory_mb, disk_gb: node.local_gb } },
      { resource: { host: 'compute-2', project: '(used_now)', cpu: 0, memory_mb: 0, disk_gb: 0 } },
      { resource: { host: 'compute-2', project: '(used_max)', cpu: 0, memory_mb: 0, disk_gb: 0 } },
    ]);
    assert.deepEqual(keys(r.body.host[0].resource), keys(sample('host-get-resp.json').host[0].resource));
  });

  test('a host with servers of two projects adds one line per project', async () => {
    await n.request('PUT', '/v2.1/os-hosts/compute-2', { body: { status: 'disable' } });
    try {
      await boot('mine');
      await boot('theirs', 'demo:demo');
    } finally {
      await n.request('PUT', '/v2.1/os-hosts/compute-2', { body: { status: 'enable' } });
    }
    const r = await n.request('GET', '/v2.1/os-hosts/compute-1');
    const lines = r.body.host.map((l: any) => l.resource);
    assert.deepEqual(lines.slice(1).map((l: any) => [l.project, l.cpu, l.memory_mb, l.disk_gb]), [
      ['(used_now)', 2, 1024, 2],
      ['(used_max)', 2, 1024, 2],
      ['openstack', 1, 512, 1],
      ['demo', 1, 512, 1],
    ]);
  });

  test('an unknown host, or one without nova-compute, is 404 as Nova\'s host mapping', async () => {
    for (const host of ['nowhere', 'controller']) {
      const r = await n.request('GET', `/v2.1/os-hosts/${host}`);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { itemNotFound: { code: 404, message: `Host '${host}' is not mapped to any cell` } });
    }
  });
});

describe('PUT /os-hosts/{host}', () => {
  test('the sample request: status enabled, maintenance off', async () => {
    const r = await n.request('PUT', '/v2.1/os-hosts/compute-1', { body: sample('host-put-maintenance-req.json') });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { host: 'compute-1', status: 'enabled', maintenance_mode: 'off_maintenance' });
    assert.deepEqual(keys(r.body), keys(sample('host-put-maintenance-resp.json')));
  });

  test('status disable / enable toggles the compute service; maintenance answers as Nova\'s fake driver', async () => {
    const off = await n.request('PUT', '/v2.1/os-hosts/compute-2', { body: { status: 'DISABLE' } });
    assert.deepEqual(off.body, { host: 'compute-2', status: 'disabled' });
    assert.equal(await serviceStatus('compute-2'), 'disabled');
    const on = await n.request('PUT', '/v2.1/os-hosts/compute-2', { body: { status: 'Enable', maintenance_mode: 'enable' } });
    assert.deepEqual(on.body, { host: 'compute-2', status: 'enabled', maintenance_mode: 'on_maintenance' });
    assert.equal(await serviceStatus('compute-2'), 'enabled');
  });

  test('validation and unknown hosts as Nova (an empty body is accepted, as Nova\'s schema allows)', async () => {
    const bad = await n.request('PUT', '/v2.1/os-hosts/compute-1', { body: { status: 'off' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.badRequest.message,
      "Invalid input for field/attribute status. Value: off. 'off' is not one of ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE']");
    const extra = await n.request('PUT', '/v2.1/os-hosts/compute-1', { body: { status: 'enable', host: 'x' } });
    assert.equal(extra.status, 400);
    const empty = await n.request('PUT', '/v2.1/os-hosts/compute-1', { body: {} });
    assert.deepEqual(empty.body, { host: 'compute-1' });
    const unknown = await n.request('PUT', '/v2.1/os-hosts/nowhere', { body: { status: 'enable' } });
    assert.deepEqual(unknown.body, { itemNotFound: { code: 404, message: "Host 'nowhere' is not mapped to any cell" } });
  });
});

describe('GET /os-hosts/{host}/{startup|shutdown|reboot}', () => {
  test('answer {host, power_action} as Nova\'s fake driver', async () => {
    for (const action of ['startup', 'shutdown', 'reboot']) {
      const r = await n.request('GET', `/v2.1/os-hosts/compute-1/${action}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { host: 'compute-1', power_action: action });
      assert.deepEqual(keys(r.body), keys(sample(`host-get-${action}.json`)));
    }
    const unknown = await n.request('GET', '/v2.1/os-hosts/nowhere/reboot');
    assert.deepEqual(unknown.body, { itemNotFound: { code: 404, message: "Host 'nowhere' is not mapped to any cell" } });
  });
});

test('os-hosts is admin only, with Nova\'s rule per route', async () => {
  const cases: Array<[string, string, string, unknown?]> = [
    ['GET', '/os-hosts', 'list'], ['GET', '/os-hosts/compute-1', 'show'], ['PUT', '/os-hosts/compute-1', 'update', { status: 'disable' }],
    ['GET', '/os-hosts/compute-1/startup', 'start'], ['GET', '/os-hosts/compute-1/shutdown', 'shutdown'], ['GET', '/os-hosts/compute-1/reboot', 'reboot'],
  ];
  for (const [method, path, rule, body] of cases) {
    const r = await n.request(method, `/v2.1${path}`, { token: 'demo:demo', body });
    assert.equal(r.status, 403, path);
    assert.equal(r.body.forbidden.message, `Policy doesn't allow os_compute_api:os-hosts:${rule} to be performed.`);
  }
  assert.equal(await serviceStatus('compute-1'), 'enabled');
});
