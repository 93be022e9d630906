/**
 * The server-row cache of a single-process SQLite Novum (src/compute/instance-row-cache.ts, fed by
 * the write reports of src/store/instance-writes.ts): whatever changes a server, through the API or
 * straight through the store, and whatever is rolled back, the next GET /servers/{id} shows the
 * database as it is. And the classification of SQL behind it, on the statements Kysely writes.
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import { instanceScope } from '../../src/store/instance-writes.js';
import type { Database } from '../../src/store/schema.js';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('which rows of instances a write may change', () => {
  const k = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  after(() => k.destroy());
  const scope = (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
    const c = q.compile();
    const s = instanceScope(c.sql);
    return typeof s === 'number' ? { uuid: c.parameters[s] } : s;
  };

  test('an update restricted to one uuid names that server, wherever its parameter falls', () => {
    assert.deepEqual(scope(k.updateTable('instances').set({ display_name: 'a', vm_state: 'active' }).where('uuid', '=', 'U1').where('deleted', '=', 0)), { uuid: 'U1' });
    assert.deepEqual(scope(k.updateTable('instances').set({ task_state: null }).where('uuid', '=', 'U2').where('task_state', '=', 'spawning').returningAll()), { uuid: 'U2' });
  });

  test('every other write that names the table may change any row', () => {
    assert.equal(scope(k.updateTable('instances').set({ power_state: 4 }).where('host', '=', 'h1')), 'any');
    assert.equal(scope(k.updateTable('instances').set({ power_state: 4 }).where('uuid', 'in', ['a', 'b'])), 'any');
    assert.equal(scope(k.updateTable('instances').set({ power_state: 4 }).where((eb) => eb.or([eb('uuid', '=', 'a'), eb('host', '=', 'h')]))), 'any');
    assert.equal(scope(k.updateTable('instances').set({ power_state: 4 }).where('uuid', '=', 'a').where('id', 'in', (eb) => eb.selectFrom('jobs').select('id'))), 'any');
    assert.equal(scope(k.deleteFrom('instances').where('uuid', '=', 'a')), 'any');
    assert.equal(scope(k.insertInto('instances').values({ uuid: 'a' } as never).onConflict((oc) => oc.column('uuid').doUpdateSet({ display_name: 'b' }))), 'any');
    assert.equal(scope(k.updateTable('jobs').set({ status: 'done' }).where('instance_uuid', 'in', (eb) => eb.selectFrom('instances').select('uuid'))), 'any');
    assert.equal(instanceScope(sql`update instances set vm_state = 'error'`.compile(k).sql), 'any');
  });

  test('a new server row and writes to other tables change no row read before', () => {
    assert.equal(scope(k.insertInto('instances').values({ uuid: 'a' } as never)), 'none');
    assert.equal(scope(k.updateTable('instance_actions').set({ message: 'x' }).where('instance_uuid', '=', 'a')), 'none');
    assert.equal(scope(k.updateTable('services').set({ last_seen_at: 'now' }).where('deleted', '=', 0)), 'none');
  });
});

describe('GET /servers/{id} after every kind of write', () => {
  let n: TestNovum;
  let id: string;
  const show = async () => (await n.request('GET', `/v2.1/servers/${id}`)).body.server;

  before(async () => {
    n = await startNovum();
    const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'cached', imageRef: IMAGE, flavorRef: '1' } } });
    id = r.body.server.id;
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
  });
  after(() => n.close());

  test('a rename, a state change and metadata through the API show at once', async () => {
    assert.equal((await show()).name, 'cached');
    assert.equal((await n.request('PUT', `/v2.1/servers/${id}`, { body: { server: { name: 'renamed' } } })).status, 200);
    assert.equal((await show()).name, 'renamed');
    assert.equal((await n.request('POST', `/v2.1/servers/${id}/action`, { body: { pause: null } })).status, 202);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'PAUSED');
    assert.equal((await show()).status, 'PAUSED');
    assert.equal((await n.request('POST', `/v2.1/servers/${id}/action`, { body: { unpause: null } })).status, 202);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
    assert.equal((await n.request('PUT', `/v2.1/servers/${id}/metadata/k`, { body: { meta: { k: 'v' } } })).status, 200);
    assert.deepEqual((await show()).metadata, { k: 'v' });
  });

  test('a write of many rows straight through the store shows too', async () => {
    const at219 = async () => (await n.request('GET', `/v2.1/servers/${id}`, { headers: { 'X-OpenStack-Nova-API-Version': '2.19' } })).body.server;
    const seen = await at219();
    assert.equal(seen.description, null);
    await n.novum.store.db.updateTable('instances').set({ display_description: 'by host' }).where('host', '=', seen['OS-EXT-SRV-ATTR:host']).execute();
    assert.equal((await at219()).description, 'by host');
  });

  test('a transaction that fails leaves the server as it was', async () => {
    const before = (await show()).name;
    await assert.rejects(n.novum.store.db.transaction().execute(async (trx) => {
      await trx.updateTable('instances').set({ display_name: 'ghost' }).where('uuid', '=', id).execute();
      throw new Error('changed my mind');
    }), /changed my mind/);
    assert.equal((await show()).name, before);
  });

  test('reads racing writes of the same server never keep an old row', async () => {
    for (let i = 0; i < 20; i++) {
      const name = `race-${i}`;
      const reads = [show(), show()];
      const write = n.request('PUT', `/v2.1/servers/${id}`, { body: { server: { name } } });
      await Promise.all([...reads, write]);
      assert.equal((await show()).name, name, `round ${i}`);
    }
  });

  test('an unchanged server asked for in different ways answers each way as asked, every time', async () => {
    const ask = async (url: string, opts: { token?: string; mv?: string } = {}) => {
      const r = await n.request('GET', url, { token: opts.token, headers: opts.mv ? { 'X-OpenStack-Nova-API-Version': opts.mv } : {} });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      return r.body.server;
    };
    // Twice: the second round answers from what the first rendered, if anything is kept.
    for (let round = 0; round < 2; round++) {
      const admin = await ask(`/v2.1/servers/${id}`);
      assert.equal(typeof admin['OS-EXT-SRV-ATTR:host'], 'string', 'an admin sees the host');
      assert.equal(admin.flavor.id, '1');
      const member = await ask(`/v2.1/servers/${id}`, { token: 'someone:openstack' });
      assert.equal('OS-EXT-SRV-ATTR:host' in member, false, 'a member of the project does not');
      assert.equal(member.id, id);
      const at247 = await ask(`/v2.1/servers/${id}`, { mv: '2.47' });
      assert.equal('id' in at247.flavor, false, 'from 2.47 the flavor is embedded');
      assert.equal(typeof at247.flavor.original_name, 'string');
      const underProject = await ask(`/v2.1/openstack/servers/${id}`);
      assert.match(underProject.links[0].href, new RegExp(`/v2\\.1/openstack/servers/${id}$`));
      assert.match(admin.links[0].href, new RegExp(`/v2\\.1/servers/${id}$`));
    }
  });

  test('a deleted server is gone for GET', async () => {
    assert.equal((await n.request('DELETE', `/v2.1/servers/${id}`)).status, 204);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
    assert.equal((await n.request('GET', `/v2.1/servers/${id}`)).status, 404);
  });
});
