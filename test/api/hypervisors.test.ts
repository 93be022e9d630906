import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SHARED = new URL('../../../shared/', import.meta.url);
const sample = (name: string) => JSON.parse(readFileSync(new URL(`nova-api-samples/os-hypervisors/${name}`, SHARED), 'utf8'));
const keys = (o: object) => Object.keys(o).sort();

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;
let server: { id: string; host: string };

before(async () => {
  n = await startNovum({ fakeHosts: 2 });
  // Only compute-1 takes the server, so compute-2 stays empty.
  await n.request('PUT', '/v2.1/os-services/disable', { body: { host: 'compute-2', binary: 'nova-compute' } });
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'hv-1', imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const shown = await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE');
  server = { id: r.body.server.id, host: shown.body.server['OS-EXT-SRV-ATTR:host'] };
  await n.request('PUT', '/v2.1/os-services/enable', { body: { host: 'compute-2', binary: 'nova-compute' } });
});
after(async () => { await n.close(); });

describe('GET /os-hypervisors and /detail', () => {
  test('list: id, hypervisor_hostname, state, status, as the sample', async () => {
    const r = await n.request('GET', '/v2.1/os-hypervisors');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      hypervisors: [
        { id: 1, hypervisor_hostname: 'compute-1', state: 'up', status: 'enabled' },
        { id: 2, hypervisor_hostname: 'compute-2', state: 'up', status: 'enabled' },
      ],
    });
    assert.deepEqual(keys(r.body.hypervisors[0]), keys(sample('hypervisors-list-resp.json').hypervisors[0]));
  });

  test('detail: every field of the sample, usage from the claims, cpu_info as JSON text at 2.1', async () => {
    const r = await n.request('GET', '/v2.1/os-hypervisors/detail');
    assert.equal(r.status, 200);
    const expected = sample('hypervisors-detail-resp.json').hypervisors[0];
    for (const h of r.body.hypervisors) {
      assert.deepEqual(keys(h), keys(expected));
      assert.deepEqual(keys(h.service), keys(expected.service));
      assert.deepEqual(JSON.parse(h.cpu_info), JSON.parse(expected.cpu_info));
      assert.equal(h.cpu_info, expected.cpu_info);
      assert.equal(h.hypervisor_type, 'fake');
      assert.equal(h.hypervisor_version, 1000);
      assert.equal(h.free_ram_mb, h.memory_mb - h.memory_mb_used);
      assert.equal(h.free_disk_gb, h.local_gb - h.local_gb_used);
      assert.match(h.host_ip, /^\d+\.\d+\.\d+\.\d+$/);
    }
    const used = r.body.hypervisors.find((h: any) => h.hypervisor_hostname === server.host);
    const empty = r.body.hypervisors.find((h: any) => h.hypervisor_hostname !== server.host);
    assert.deepEqual([used.vcpus_used, used.memory_mb_used, used.local_gb_used, used.running_vms], [1, 512, 1, 1], 'm1.tiny');
    assert.deepEqual([empty.vcpus_used, empty.memory_mb_used, empty.local_gb_used, empty.running_vms], [0, 0, 0, 0]);
    assert.equal(used.current_workload, 0);
    const services = (await n.request('GET', `/v2.1/os-services?host=${server.host}`)).body.services;
    assert.deepEqual(used.service, { host: server.host, id: services[0].id, disabled_reason: null });
  });

  test('a disabled compute service shows status disabled and its reason', async () => {
    await n.request('PUT', '/v2.1/os-services/disable-log-reason', { body: { host: 'compute-2', binary: 'nova-compute', disabled_reason: 'maint' } });
    try {
      const r = await n.request('GET', '/v2.1/os-hypervisors/2');
      assert.equal(r.body.hypervisor.status, 'disabled');
      assert.equal(r.body.hypervisor.service.disabled_reason, 'maint');
      const stats = (await n.request('GET', '/v2.1/os-hypervisors/statistics')).body.hypervisor_statistics;
      assert.equal(stats.count, 1, 'statistics count only enabled compute nodes, as Nova');
    } finally {
      await n.request('PUT', '/v2.1/os-services/enable', { body: { host: 'compute-2', binary: 'nova-compute' } });
    }
  });

  test('a forced-down compute service shows state down', async () => {
    await n.novum.store.db.updateTable('services').set({ forced_down: 1 }).where('host', '=', 'compute-2').execute();
    try {
      const r = await n.request('GET', '/v2.1/os-hypervisors');
      assert.equal(r.body.hypervisors[1].state, 'down');
      const up = await n.request('GET', '/v2.1/os-hypervisors/2/uptime');
      assert.equal(up.status, 400);
      assert.deepEqual(up.body, { badRequest: { code: 400, message: 'Compute service of compute-2 is unavailable at this time.' } });
    } finally {
      await n.novum.store.db.updateTable('services').set({ forced_down: 0 }).where('host', '=', 'compute-2').execute();
    }
  });
});

describe('GET /os-hypervisors/{id}', () => {
  test('shows the detail view under "hypervisor"', async () => {
    const r = await n.request('GET', '/v2.1/os-hypervisors/1');
    assert.equal(r.status, 200);
    assert.deepEqual(keys(r.body.hypervisor), keys(sample('hypervisors-show-resp.json').hypervisor));
    assert.equal(r.body.hypervisor.id, 1);
    assert.equal(r.body.hypervisor.hypervisor_hostname, 'compute-1');
  });

  test('unknown or non-integer ids are 404 with Nova\'s message', async () => {
    for (const id of ['999', 'abc']) {
      const r = await n.request('GET', `/v2.1/os-hypervisors/${id}`);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { itemNotFound: { code: 404, message: `Hypervisor with ID '${id}' could not be found.` } });
    }
    const up = await n.request('GET', '/v2.1/os-hypervisors/999/uptime');
    assert.equal(up.status, 404);
    assert.equal(up.body.itemNotFound.message, "Hypervisor with ID '999' could not be found.");
  });

  test('uptime: the summary plus an uptime(1) line', async () => {
    const r = await n.request('GET', '/v2.1/os-hypervisors/1/uptime');
    assert.equal(r.status, 200);
    assert.deepEqual(keys(r.body.hypervisor), keys(sample('hypervisors-uptime-resp.json').hypervisor));
    assert.match(r.body.hypervisor.uptime, /^ \d\d:\d\d:\d\d up .*, +\d+ users?, +load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$/);
  });
});

describe('statistics, search, servers', () => {
  test('statistics sum the enabled nodes, with every key of the sample', async () => {
    const r = await n.request('GET', '/v2.1/os-hypervisors/statistics');
    assert.equal(r.status, 200);
    const s = r.body.hypervisor_statistics;
    assert.deepEqual(keys(s), keys(sample('hypervisors-statistics-resp.json').hypervisor_statistics));
    const nodes = (await n.request('GET', '/v2.1/os-hypervisors/detail')).body.hypervisors;
    const sum = (k: string) => nodes.reduce((a: number, h: any) => a + h[k], 0);
    assert.equal(s.count, 2);
    for (const k of ['vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used', 'local_gb_used', 'free_ram_mb', 'free_disk_gb', 'running_vms']) {
      assert.equal(s[k], sum(k), k);
    }
    assert.equal(s.running_vms, 1);
  });

  test('search matches part of the hostname; no match is 404', async () => {
    const r = await n.request('GET', '/v2.1/os-hypervisors/compute/search');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.hypervisors.map((h: any) => h.hypervisor_hostname), ['compute-1', 'compute-2']);
    assert.deepEqual(keys(r.body.hypervisors[0]), keys(sample('hypervisors-search-resp.json').hypervisors[0]));
    const one = await n.request('GET', '/v2.1/os-hypervisors/te-2/search');
    assert.deepEqual(one.body.hypervisors.map((h: any) => h.id), [2]);
    const none = await n.request('GET', '/v2.1/os-hypervisors/nothing/search');
    assert.equal(none.status, 404);
    assert.deepEqual(none.body, { itemNotFound: { code: 404, message: "No hypervisor matching 'nothing' could be found." } });
  });

  test('servers lists {name, uuid} per hypervisor, and no "servers" key for an empty host', async () => {
    const r = await n.request('GET', '/v2.1/os-hypervisors/compute/servers');
    assert.equal(r.status, 200);
    const used = r.body.hypervisors.find((h: any) => h.hypervisor_hostname === server.host);
    const empty = r.body.hypervisors.find((h: any) => h.hypervisor_hostname !== server.host);
    assert.deepEqual(keys(used), keys(sample('hypervisors-with-servers-resp.json').hypervisors[0]));
    assert.equal(used.servers.length, 1);
    assert.equal(used.servers[0].uuid, server.id);
    const shown = (await n.request('GET', `/v2.1/servers/${server.id}`)).body.server;
    assert.equal(used.servers[0].name, shown['OS-EXT-SRV-ATTR:instance_name'], 'Nova lists the instance name');
    assert.deepEqual(keys(empty), keys(sample('hypervisors-without-servers-resp.json').hypervisors[0]));
    const none = await n.request('GET', '/v2.1/os-hypervisors/nothing/servers');
    assert.equal(none.status, 404);
    assert.equal(none.body.itemNotFound.message, "No hypervisor matching 'nothing' could be found.");
  });
});

test('every os-hypervisors route is admin only, with its own policy rule', async () => {
  const routes: Array<[string, string]> = [
    ['/os-hypervisors', 'list'], ['/os-hypervisors/detail', 'list-detail'], ['/os-hypervisors/statistics', 'statistics'],
    ['/os-hypervisors/1', 'show'], ['/os-hypervisors/1/uptime', 'uptime'], ['/os-hypervisors/compute/search', 'search'],
    ['/os-hypervisors/compute/servers', 'servers'],
  ];
  for (const [path, rule] of routes) {
    const r = await n.request('GET', `/v2.1${path}`, { token: 'demo:demo' });
    assert.equal(r.status, 403, path);
    assert.equal(r.body.forbidden.message, `Policy doesn't allow os_compute_api:os-hypervisors:${rule} to be performed.`);
  }
});
