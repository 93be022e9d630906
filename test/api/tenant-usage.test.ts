import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';
import { nowIso } from '../../src/util/time.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SAMPLES = '/work/shared/nova-api-samples/os-simple-tenant-usage';
const sample = (f: string): any => JSON.parse(readFileSync(`${SAMPLES}/${f}`, 'utf8'));
const keys = (o: object): string[] => Object.keys(o).sort();
const HOUR = 3600_000;
const T0 = Date.now();
/** Nova's query form: %Y-%m-%dT%H:%M:%S.%f */
const at = (hoursFromT0: number): string => `${new Date(T0 + hoursFromT0 * HOUR).toISOString().slice(0, 23)}000`;
const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 0.01, `${what}: ${actual} vs ${expected}`);

let n: TestNovum;
let running: string;
let gone: string;
let other: string;

async function boot(name: string, token: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return r.body.server.id;
}

/** Test setup only: moves a server's launch (and end) into the past, as if it had run that long. */
async function backdate(id: string, launchedHoursAgo: number, terminatedHoursAgo?: number): Promise<void> {
  await n.novum.store.db.updateTable('instances').set({
    launched_at: nowIso(new Date(T0 - launchedHoursAgo * HOUR)),
    ...(terminatedHoursAgo === undefined ? {} : { terminated_at: nowIso(new Date(T0 - terminatedHoursAgo * HOUR)) }),
  }).where('uuid', '=', id).execute();
}

before(async () => {
  n = await startNovum();
  running = await boot('usage-running', 'alice:acme');
  gone = await boot('usage-gone', 'alice:acme');
  assert.equal((await n.request('DELETE', `/v2.1/servers/${gone}`, { token: 'alice:acme' })).status, 204);
  await n.waitFor(`/v2.1/servers/${gone}`, (x) => x.status === 404, { token: 'alice:acme' });
  other = await boot('usage-beta', 'bob:beta');
  await backdate(running, 10);
  await backdate(gone, 8, 6);
  await backdate(other, 4);
});
after(async () => { await n.close(); });

const list = (query: string, token?: string) => n.request('GET', `/v2.1/os-simple-tenant-usage?${query}`, { token });
const show = (project: string, query: string, token?: string) => n.request('GET', `/v2.1/os-simple-tenant-usage/${project}?${query}`, { token });

describe('GET /os-simple-tenant-usage', () => {
  test('detailed: one entry per project with the sample\'s fields; deleted servers count', async () => {
    const r = await list(`start=${at(-20)}&end=${at(1)}&detailed=1`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(keys(r.body), ['tenant_usages']);
    const acme = r.body.tenant_usages.find((t: any) => t.tenant_id === 'acme');
    const beta = r.body.tenant_usages.find((t: any) => t.tenant_id === 'beta');
    assert.deepEqual(keys(acme), keys(sample('simple-tenant-usage-get-detail.json').tenant_usages[0]));
    assert.equal(acme.start, at(-20));
    assert.match(acme.stop, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.ok(acme.stop < at(1), 'the end is clipped to now');
    near(acme.total_hours, 12, 'acme hours (10 running + 2 deleted)');
    near(acme.total_vcpus_usage, 12, 'acme vCPU-hours (m1.tiny: 1 vCPU)');
    near(acme.total_memory_mb_usage / 512, 12, 'acme MB-hours (512 MB)');
    near(acme.total_local_gb_usage, 12, 'acme GB-hours');
    near(beta.total_hours, 4, 'beta hours');

    const want = keys(sample('simple-tenant-usage-get-detail.json').tenant_usages[0].server_usages[0]);
    const byId = new Map(acme.server_usages.map((s: any) => [s.instance_id, s]));
    const live: any = byId.get(running);
    assert.deepEqual(keys(live), want);
    assert.equal(live.name, 'usage-running');
    assert.equal(live.flavor, 'm1.tiny');
    assert.deepEqual([live.memory_mb, live.local_gb, live.vcpus, live.tenant_id], [512, 1, 1, 'acme']);
    assert.equal(live.state, 'active');
    assert.equal(live.ended_at, null);
    assert.match(live.started_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.ok(Math.abs(live.uptime - 36000) < 60, `uptime ${live.uptime}`);
    near(live.hours, 10, 'running server hours');
    const dead: any = byId.get(gone);
    assert.equal(dead.state, 'terminated');
    assert.match(dead.ended_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.ok(Math.abs(dead.uptime - 7200) < 2, `uptime ${dead.uptime}`);
    near(dead.hours, 2, 'deleted server hours');
  });

  test('the figures grow with the period', async () => {
    const hours = async (from: number) =>
      (await list(`start=${at(from)}&end=${at(0)}`)).body.tenant_usages.find((t: any) => t.tenant_id === 'acme').total_hours as number;
    near(await hours(-5), 5, 'last 5 h (the deleted server ended 6 h ago)');
    near(await hours(-7), 8, 'last 7 h');
    near(await hours(-9), 11, 'last 9 h');
    near(await hours(-30), 12, 'last 30 h');
    const early = await list(`start=${at(-30)}&end=${at(-12)}`);
    assert.deepEqual(early.body, { tenant_usages: [] }, 'nothing ran before the servers launched');
  });

  test('without detailed=1 there are no server_usages', async () => {
    const r = await list(`start=${at(-20)}&end=${at(0)}`);
    for (const t of r.body.tenant_usages) assert.deepEqual(keys(t), keys(sample('simple-tenant-usage-get.json').tenant_usages[0]));
    const zero = await list(`start=${at(-20)}&end=${at(0)}&detailed=0`);
    assert.ok(zero.body.tenant_usages.every((t: any) => !('server_usages' in t)));
  });

  test('the other date forms Nova reads, and the defaults', async () => {
    const spaced = (h: number) => at(h).replace('T', '+');
    const r = await list(`start=${spaced(-20)}&end=${spaced(0)}`);
    assert.equal(r.status, 200, r.text);
    near(r.body.tenant_usages.find((t: any) => t.tenant_id === 'acme').total_hours, 12, 'space-separated dates');
    const whole = await list(`start=${at(-20).slice(0, 19)}&end=${at(0).slice(0, 19)}`);
    assert.equal(whole.status, 200, whole.text);
    assert.equal(whole.body.tenant_usages[0].start, `${at(-20).slice(0, 19)}.000000`);
    // Nova: start and end default to now, so the running servers show with (about) no hours.
    const none = await list('');
    assert.equal(none.status, 200);
    assert.ok(none.body.tenant_usages.every((t: any) => t.total_hours < 0.01));
  });

  test('bad dates answer 400 with Nova\'s messages', async () => {
    for (const q of ['start=yesterday', `start=${at(-1)}Z`, 'end=2024-13-01T00:00:00', `start=${at(-1).slice(0, 10)}`]) {
      const r = await list(q);
      assert.deepEqual(r.body, { badRequest: { code: 400, message: 'Invalid datetime string: Datetime is in invalid format' } }, q);
    }
    const reversed = await list(`start=${at(0)}&end=${at(-1)}`);
    assert.deepEqual(reversed.body, {
      badRequest: { code: 400, message: 'Invalid start time. The start time cannot occur after the end time.' },
    });
  });

  test('members may not list every project', async () => {
    const r = await list(`start=${at(-20)}&end=${at(0)}`, 'alice:acme');
    assert.deepEqual(r.body, {
      forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-simple-tenant-usage:list to be performed." },
    });
  });
});

describe('GET /os-simple-tenant-usage/{tenant_id}', () => {
  test('the owner sees its project with server_usages, as the sample', async () => {
    const r = await show('acme', `start=${at(-20)}&end=${at(0)}`, 'alice:acme');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(keys(r.body), ['tenant_usage']);
    const u = r.body.tenant_usage;
    assert.deepEqual(keys(u), keys(sample('simple-tenant-usage-get-specific.json').tenant_usage));
    assert.equal(u.tenant_id, 'acme');
    near(u.total_hours, 12, 'acme hours');
    assert.deepEqual(u.server_usages.map((s: any) => s.instance_id).sort(), [running, gone].sort());
    const legacy = await n.request('GET', `/v2/acme/os-simple-tenant-usage/acme?start=${at(-20)}&end=${at(0)}`, { token: 'alice:acme' });
    assert.equal(legacy.status, 200);
    near(legacy.body.tenant_usage.total_hours, 12, 'legacy endpoint');
  });

  test('admins see any project; a project without usage is an empty object', async () => {
    const beta = await show('beta', `start=${at(-20)}&end=${at(0)}`);
    near(beta.body.tenant_usage.total_hours, 4, 'beta hours');
    const empty = await show('nobody', `start=${at(-20)}&end=${at(0)}`);
    assert.deepEqual(empty.body, { tenant_usage: {} });
  });

  test('another project\'s usage is forbidden to members', async () => {
    const r = await show('beta', `start=${at(-20)}&end=${at(0)}`, 'alice:acme');
    assert.deepEqual(r.body, {
      forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-simple-tenant-usage:show to be performed." },
    });
  });
});
