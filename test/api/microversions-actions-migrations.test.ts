/**
 * Microversions 2.58-2.84 of os-instance-actions (2.58 updated_at and paging, 2.62 event host and
 * hostId, 2.66 changes-before, 2.84 event details) and os-migrations (2.59 uuid and paging, 2.66
 * changes-before, 2.80 user_id/project_id).
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { microversionCaller, startNovum, type TestNovum } from '../helpers.js';
import { nowIso } from '../../src/util/time.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const call = microversionCaller(() => n);

async function boot(name: string, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return r.body.server.id;
}

/** Stops and starts the server: three actions in all (create, stop, start), each finished. */
async function stopStart(id: string, token?: string): Promise<void> {
  await n.request('POST', `/v2.1/servers/${id}/action`, { token, body: { 'os-stop': null } });
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'SHUTOFF' && !x.body.server['OS-EXT-STS:task_state'], { token });
  await n.request('POST', `/v2.1/servers/${id}/action`, { token, body: { 'os-start': null } });
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE' && !x.body.server['OS-EXT-STS:task_state'], { token });
}

describe('os-instance-actions', () => {
  test('2.58: updated_at, limit/marker paging with a next link, changes-since; 2.66 changes-before', async () => {
    const id = await boot('acts');
    await stopStart(id);
    const base = `/servers/${id}/os-instance-actions`;
    const all = (await call('2.58', 'GET', base)).body.instanceActions;
    assert.deepEqual(all.map((a: any) => a.action), ['start', 'stop', 'create']);
    assert.ok(all.every((a: any) => typeof a.updated_at === 'string'));
    assert.equal((await call('2.57', 'GET', base)).body.instanceActions[0].updated_at, undefined);
    const page = (await call('2.58', 'GET', `${base}?limit=1`)).body;
    assert.deepEqual(page.instanceActions.map((a: any) => a.action), ['start']);
    assert.equal(page.links[0].rel, 'next');
    assert.match(page.links[0].href, new RegExp(`/v2.1/servers/${id}/os-instance-actions\\?limit=1&marker=${all[0].request_id}$`));
    const next = (await call('2.58', 'GET', `${base}?limit=2&marker=${all[0].request_id}`)).body;
    assert.deepEqual(next.instanceActions.map((a: any) => a.action), ['stop', 'create']);
    assert.ok(next.links, 'a full page links on');
    const last = (await call('2.58', 'GET', `${base}?marker=${all[0].request_id}`)).body;
    assert.equal(last.links, undefined);
    assert.deepEqual((await call('2.58', 'GET', `${base}?marker=nope`)).body, { badRequest: { code: 400, message: 'Marker nope could not be found.' } });
    const since = (await call('2.58', 'GET', `${base}?changes-since=${encodeURIComponent(all[1].updated_at)}`)).body.instanceActions;
    assert.deepEqual(since.map((a: any) => a.action), ['start', 'stop']);
    const unknown = await call('2.58', 'GET', `${base}?foo=1`);
    assert.equal(unknown.status, 400);
    assert.equal((await call('2.58', 'GET', `${base}?changes-before=${encodeURIComponent(all[1].updated_at)}`)).status, 400, 'changes-before from 2.66');
    const before = (await call('2.66', 'GET', `${base}?changes-before=${encodeURIComponent(all[1].updated_at)}`)).body.instanceActions;
    assert.deepEqual(before.map((a: any) => a.action), ['stop', 'create']);
    const window = await call('2.66', 'GET', `${base}?changes-since=2030-01-01T00:00:00Z&changes-before=2020-01-01T00:00:00Z`);
    assert.deepEqual(window.body, { badRequest: { code: 400, message: 'The value of changes-since must be less than or equal to changes-before.' } });
    const badTime = await call('2.58', 'GET', `${base}?changes-since=yesterday`);
    assert.equal(badTime.status, 400);
    assert.deepEqual((await call('2.58', 'GET', `${base}/req-nope`)).body, { itemNotFound: { code: 404, message: 'Action req-nope not found' } });
  });

  test('2.62: events carry hostId for everyone and host for admins; 2.84: details for admins', async () => {
    const id = await boot('evts', 'demo:demo');
    const action = (await call('2.1', 'GET', `/servers/${id}/os-instance-actions`, undefined, 'demo:demo')).body.instanceActions[0];
    const path = `/servers/${id}/os-instance-actions/${action.request_id}`;
    const server = (await call('2.1', 'GET', `/servers/${id}`)).body.server;
    const host = server['OS-EXT-SRV-ATTR:host'];
    const expectedHostId = createHash('sha224').update(`demo${host}`).digest('hex');
    const admin62 = (await call('2.62', 'GET', path)).body.instanceAction;
    assert.ok(admin62.events.length > 0);
    const hosted = admin62.events.filter((e: any) => e.host === host);
    assert.ok(hosted.length > 0, JSON.stringify(admin62.events));
    assert.equal(hosted[0].hostId, expectedHostId);
    assert.equal(admin62.events[0].details, undefined, 'details from 2.84');
    assert.ok('traceback' in admin62.events[0]);
    const member62 = (await call('2.62', 'GET', path, undefined, 'demo:demo')).body.instanceAction;
    assert.deepEqual(Object.keys(member62.events[0]).sort(), ['event', 'finish_time', 'hostId', 'result', 'start_time']);
    assert.equal((await call('2.61', 'GET', path)).body.instanceAction.events[0].hostId, undefined);
    const admin84 = (await call('2.84', 'GET', path)).body.instanceAction;
    assert.deepEqual(Object.keys(admin84.events[0]).sort(), ['details', 'event', 'finish_time', 'host', 'hostId', 'result', 'start_time', 'traceback']);
    assert.equal(admin84.events[0].details, null);
    const member84 = (await call('2.84', 'GET', path, undefined, 'demo:demo')).body.instanceAction;
    assert.equal(member84.events[0].details, undefined, 'details are admin-only by default');
    // A failed event tells what went wrong.
    const row = await n.novum.store.db.selectFrom('instance_actions').select('id').where('request_id', '=', action.request_id).executeTakeFirstOrThrow();
    await n.novum.store.db.insertInto('instance_action_events').values({
      action_id: row.id, event: 'compute_failing', start_time: nowIso(), finish_time: nowIso(), result: 'Error',
      traceback: 'Error: No valid host was found.\n    at somewhere', host,
    }).execute();
    const failed = (await call('2.84', 'GET', path)).body.instanceAction.events.find((e: any) => e.event === 'compute_failing');
    assert.equal(failed.details, 'No valid host was found.');
  });
});

describe('os-migrations', () => {
  /** Migration rows as the move operations write them, with chosen times, users and projects. */
  async function seedMigrations(server: string): Promise<string[]> {
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const row = {
        uuid: `00000000-0000-4000-8000-00000000000${i}`, instance_uuid: server, project_id: i === 2 ? 'demo' : 'openstack',
        user_id: i === 2 ? 'demo' : 'admin', migration_type: 'migration', status: 'confirmed', source_compute: 'compute-1',
        source_node: 'compute-1', dest_compute: 'compute-2', dest_node: 'compute-2', dest_host: null, old_instance_type_id: 1,
        new_instance_type_id: 1, created_at: `2026-01-0${i + 1}T00:00:00.000000Z`, updated_at: `2026-01-0${i + 1}T12:00:00.000000Z`,
      };
      await n.novum.store.db.insertInto('migrations').values(row).execute();
      uuids.push(row.uuid);
    }
    return uuids;
  }

  test('2.59 uuid and paging by uuid marker with migrations_links; changes-since; 2.66 changes-before; 2.80 user and project', async () => {
    const server = await boot('mig');
    const [m0, m1, m2] = await seedMigrations(server);
    const list = (await call('2.59', 'GET', '/os-migrations')).body;
    assert.deepEqual(list.migrations.map((m: any) => m.uuid), [m2, m1, m0], 'newest first');
    assert.match(list.migrations[0].uuid, UUID);
    assert.equal(list.migrations[0].user_id, undefined);
    assert.equal((await call('2.58', 'GET', '/os-migrations')).body.migrations[0].uuid, undefined);
    const page = (await call('2.59', 'GET', '/os-migrations?limit=2')).body;
    assert.deepEqual(page.migrations.map((m: any) => m.uuid), [m2, m1]);
    assert.match(page.migrations_links[0].href, new RegExp(`/v2.1/os-migrations\\?limit=2&marker=${m1}$`));
    const rest = (await call('2.59', 'GET', `/os-migrations?limit=2&marker=${m1}`)).body;
    assert.deepEqual(rest.migrations.map((m: any) => m.uuid), [m0]);
    assert.equal(rest.migrations_links, undefined);
    assert.deepEqual((await call('2.59', 'GET', '/os-migrations?marker=nope')).body, { badRequest: { code: 400, message: 'Marker nope could not be found.' } });
    const since = (await call('2.59', 'GET', '/os-migrations?changes-since=2026-01-02T12:00:00Z')).body.migrations;
    assert.deepEqual(since.map((m: any) => m.uuid), [m2, m1]);
    assert.equal((await call('2.58', 'GET', '/os-migrations?changes-since=2026-01-02T12:00:00Z')).body.migrations.length, 3, 'ignored before 2.59');
    assert.equal((await call('2.59', 'GET', '/os-migrations?foo=bar')).status, 400);
    assert.equal((await call('2.58', 'GET', '/os-migrations?foo=bar')).status, 200);
    assert.equal((await call('2.65', 'GET', '/os-migrations?changes-before=2026-01-02T12:00:00Z')).status, 400);
    const before = (await call('2.66', 'GET', '/os-migrations?changes-before=2026-01-02T12:00:00Z')).body.migrations;
    assert.deepEqual(before.map((m: any) => m.uuid), [m1, m0]);
    assert.equal((await call('2.79', 'GET', '/os-migrations?user_id=demo')).status, 400);
    const byUser = (await call('2.80', 'GET', '/os-migrations?user_id=demo')).body.migrations;
    assert.deepEqual(byUser.map((m: any) => [m.uuid, m.user_id, m.project_id]), [[m2, 'demo', 'demo']]);
    const byProject = (await call('2.80', 'GET', '/os-migrations?project_id=openstack')).body.migrations;
    assert.deepEqual(byProject.map((m: any) => m.uuid), [m1, m0]);
    assert.equal((await call('2.80', 'GET', '/os-migrations', undefined, 'demo:demo')).status, 403);
  });

  test('2.65: a queued live migration can be aborted; server migrations show uuid (2.59) and user/project (2.80)', async () => {
    const id = await boot('abort-queued');
    await n.novum.worker.stop();
    try {
      const live = await call('2.65', 'POST', `/servers/${id}/action`, { 'os-migrateLive': { host: null, block_migration: 'auto' } });
      assert.equal(live.status, 202, live.text);
      const m = (await call('2.80', 'GET', `/servers/${id}/migrations`)).body.migrations[0];
      assert.equal(m.status, 'queued');
      assert.match(m.uuid, UUID);
      assert.deepEqual([m.user_id, m.project_id], ['admin', 'openstack']);
      assert.equal((await call('2.58', 'GET', `/servers/${id}/migrations/${m.id}`)).body.migration.uuid, undefined);
      assert.equal((await call('2.64', 'DELETE', `/servers/${id}/migrations/${m.id}`)).status, 400, 'queued ones only from 2.65');
      assert.equal((await call('2.65', 'DELETE', `/servers/${id}/migrations/${m.id}`)).status, 202);
      const record = (await call('2.59', 'GET', `/os-migrations?instance_uuid=${id}`)).body.migrations[0];
      assert.equal(record.status, 'cancelled');
    } finally {
      n.novum.worker.start();
    }
  });
});
