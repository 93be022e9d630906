import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SHARED = new URL('../../../shared/', import.meta.url);
const sample = (name: string) => JSON.parse(readFileSync(new URL(`nova-api-samples/os-availability-zone/${name}`, SHARED), 'utf8'));
const seedOps = JSON.parse(readFileSync(new URL('seed/operations.json', SHARED), 'utf8')) as Array<{ title: string; examples: unknown[] }>;
const seedExample = (title: string): any => seedOps.find((o) => o.title === title)!.examples[0];

const MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
let n: TestNovum;

before(async () => { n = await startNovum({ fakeHosts: 2 }); });
after(async () => { await n.close(); });

const setCompute = (host: string, action: 'enable' | 'disable') =>
  n.request('PUT', `/v2.1/os-services/${action}`, { body: { host, binary: 'nova-compute' } });

describe('GET /os-availability-zone', () => {
  test('the seed example: only the zone of the compute hosts, hosts null, as any user', async () => {
    const r = await n.request('GET', '/v2/openstack/os-availability-zone');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, seedExample('List availability zones'));
    assert.deepEqual(r.body, sample('availability-zone-list-resp.json'));
    const member = await n.request('GET', '/v2.1/os-availability-zone', { token: 'demo:demo' });
    assert.equal(member.status, 200);
    assert.deepEqual(member.body, r.body);
  });

  test('a zone whose compute services are all disabled is listed as unavailable', async () => {
    await setCompute('compute-1', 'disable');
    await setCompute('compute-2', 'disable');
    try {
      const r = await n.request('GET', '/v2.1/os-availability-zone');
      assert.deepEqual(r.body, { availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: false }, hosts: null }] });
      const d = await n.request('GET', '/v2.1/os-availability-zone/detail');
      assert.deepEqual(d.body.availabilityZoneInfo.find((z: any) => z.zoneName === 'nova'), { zoneName: 'nova', zoneState: { available: false }, hosts: null });
    } finally {
      await setCompute('compute-1', 'enable');
      await setCompute('compute-2', 'enable');
    }
  });
});

describe('GET /os-availability-zone/detail', () => {
  test('the seed example: internal and nova zones with hosts → binary → {available, active, updated_at}', async () => {
    const r = await n.request('GET', '/v2/openstack/os-availability-zone/detail');
    assert.equal(r.status, 200);
    const example = seedExample('List availability zones with details');
    const zones = r.body.availabilityZoneInfo;
    assert.deepEqual(zones.map((z: any) => z.zoneName), example.availabilityZoneInfo.map((z: any) => z.zoneName));
    assert.deepEqual(zones.map((z: any) => z.zoneName), sample('availability-zone-detail-resp.json').availabilityZoneInfo.map((z: any) => z.zoneName));
    for (const z of zones) {
      assert.deepEqual(Object.keys(z).sort(), ['hosts', 'zoneName', 'zoneState']);
      assert.deepEqual(z.zoneState, { available: true });
    }
    const [internal, nova] = zones;
    assert.deepEqual(Object.keys(internal.hosts), ['controller']);
    assert.deepEqual(Object.keys(internal.hosts.controller).sort(), ['nova-conductor', 'nova-scheduler']);
    assert.deepEqual(Object.keys(nova.hosts), ['compute-1', 'compute-2']);
    for (const z of zones) {
      for (const services of Object.values<any>(z.hosts)) {
        for (const s of Object.values<any>(services)) {
          assert.deepEqual(Object.keys(s).sort(), ['active', 'available', 'updated_at']);
          assert.equal(s.active, true);
          assert.equal(s.available, true);
          assert.match(s.updated_at, MICROS);
        }
      }
    }
  });

  test('a disabled service is left out of its zone; a forced-down one shows available false', async () => {
    await setCompute('compute-2', 'disable');
    await n.novum.store.db.updateTable('services').set({ forced_down: 1 }).where('host', '=', 'compute-1').execute();
    try {
      const r = await n.request('GET', '/v2.1/os-availability-zone/detail');
      const nova = r.body.availabilityZoneInfo.find((z: any) => z.zoneName === 'nova');
      assert.deepEqual(Object.keys(nova.hosts), ['compute-1']);
      assert.equal(nova.hosts['compute-1']['nova-compute'].available, false);
      assert.equal(nova.hosts['compute-1']['nova-compute'].active, true);
    } finally {
      await n.novum.store.db.updateTable('services').set({ forced_down: 0 }).where('host', '=', 'compute-1').execute();
      await setCompute('compute-2', 'enable');
    }
  });

  test('is admin only', async () => {
    const r = await n.request('GET', '/v2.1/os-availability-zone/detail', { token: 'demo:demo' });
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, {
      forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed." },
    });
  });
});

describe('GET /os-availability-zone/{zone} (seed only)', () => {
  test('the seed example: the zone\'s summary, on /v2 and at 2.1', async () => {
    const example = seedExample('Show availability zone information');
    const legacy = await n.request('GET', '/v2/openstack/os-availability-zone/nova');
    assert.equal(legacy.status, 200);
    assert.deepEqual(legacy.body, example);
    const v21 = await n.request('GET', '/v2.1/os-availability-zone/nova', { token: 'demo:demo' });
    assert.equal(v21.status, 200);
    assert.deepEqual(v21.body, example);
  });

  test('an unknown zone, or the internal one, is 404', async () => {
    for (const zone of ['mars', 'internal']) {
      const r = await n.request('GET', `/v2.1/os-availability-zone/${zone}`);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { itemNotFound: { code: 404, message: `Availability zone ${zone} could not be found.` } });
    }
  });
});
