/**
 * What a single-process SQLite Novum keeps of flavors, images, quota limits and compute services
 * (src/store/table-writes.ts): which tables a write changes, the cascades the schema has, when a
 * kept value is served, and that the API shows every change at once.
 */
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import { DELETE_CASCADES, StoreMemo, TableWrites, writtenTables } from '../../src/store/table-writes.js';
import type { Database } from '../../src/store/schema.js';
import { startNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('which tables a write changes', () => {
  const k = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  after(() => k.destroy());
  const tables = (q: { compile(): { sql: string } }) => writtenTables(q.compile().sql);

  test('an insert, update or delete names its table; a delete also what it cascades to', () => {
    assert.deepEqual(tables(k.insertInto('flavors').values({ flavorid: 'x' } as never)), ['flavors']);
    assert.deepEqual(tables(k.updateTable('services').set({ last_seen_at: 'now' }).where('deleted', '=', 0)), ['services']);
    assert.deepEqual(tables(k.updateTable('jobs').set({ status: 'x' }).where('instance_uuid', 'in', (eb) => eb.selectFrom('images').select('id'))), ['jobs']);
    assert.deepEqual(tables(k.deleteFrom('quotas').where('project_id', '=', 'p')), ['quotas']);
    assert.deepEqual(writtenTables('delete from "security_groups" where "id" = ?'), ['security_groups', 'security_group_rules']);
    assert.deepEqual(writtenTables(sql`\n  update jobs set status = 'running'`.compile(k).sql), ['jobs']);
  });

  test('any other write may change every table', () => {
    assert.equal(writtenTables('create table t (a)'), null);
    assert.equal(writtenTables('with x as (select 1) update "flavors" set "name" = ?'), null);
    assert.equal(writtenTables('replace into "flavors" values (?)'), null);
  });

  test('the cascades listed are exactly the ON DELETE actions of the schema', async () => {
    // The SQLite schema: only a SQLite store reports its writes (on PostgreSQL nothing is kept).
    const n = await startNovum({ databaseUrl: '' });
    try {
      const db = n.novum.store.db;
      const names = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
      const found: Record<string, string[]> = {};
      for (const { name } of names.rows) {
        const fks = await sql<{ table: string; on_delete: string; on_update: string }>`select * from pragma_foreign_key_list(${name})`.execute(db);
        for (const fk of fks.rows) {
          assert.equal(fk.on_update, 'NO ACTION', `${name} → ${fk.table} has ON UPDATE ${fk.on_update}: TableWrites does not know it`);
          if (fk.on_delete !== 'NO ACTION' && fk.on_delete !== 'RESTRICT') (found[fk.table] ??= []).push(name);
        }
      }
      assert.deepEqual(found, DELETE_CASCADES);
    } finally {
      await n.close();
    }
  });
});

describe('a StoreMemo', () => {
  test('serves a kept value until a write to one of its tables, or any rollback', async () => {
    const w = new TableWrites();
    const memo = new StoreMemo<number>(w, ['flavors']);
    let loads = 0;
    const get = () => memo.get('k', async () => ++loads);
    assert.equal(await get(), 1);
    assert.equal(await get(), 1);
    w.statement('update "images" set "name" = ?', false);
    assert.equal(await get(), 1, 'a write to another table changes nothing');
    w.statement('update "flavors" set "name" = ?', false);
    assert.equal(await get(), 2);
    w.statement('rollback to novum_tx', true);
    assert.equal(await get(), 3);
    w.any();
    assert.equal(await get(), 4);
    assert.ok(Object.isFrozen(await memo.get('o', async () => ({ a: { b: 1 } }))));
  });

  test('keeps nothing written while it was read, and a value read in a transaction only once a later COMMIT is on disk', async () => {
    const w = new TableWrites();
    const memo = new StoreMemo<number>(w, ['quotas']);
    let loads = 0;
    await memo.get('k', async () => {
      w.statement('insert into "quotas" values (?)', false);
      return ++loads;
    });
    assert.equal(await memo.get('k', async () => ++loads), 2, 'the first read raced a write: not kept');
    assert.equal(await memo.get('t', async () => ++loads, true), 3);
    assert.equal(await memo.get('t', async () => ++loads, true), 4, 'not served before a COMMIT');
    w.committed();
    assert.equal(await memo.get('t', async () => ++loads), 5, 'nor after a COMMIT not yet on disk');
    w.durable(w.committed());
    assert.equal(await memo.get('t', async () => ++loads), 5);
  });
});

test('the API shows at once every change to a flavor, an image, a quota, a security group and a compute service', async () => {
  const n = await startNovum();
  try {
    const boot = (flavorRef: string) => n.request('POST', '/v2.1/servers', { body: { server: { name: 'm', imageRef: IMAGE, flavorRef } } });
    assert.equal((await boot('1')).status, 202);
    // flavor: made private without access for the project, then deleted
    assert.equal((await n.request('POST', '/v2.1/flavors', { body: { flavor: { name: 'p', ram: 64, vcpus: 1, disk: 1, id: 'p1', 'os-flavor-access:is_public': false } } })).status, 200);
    assert.equal((await boot('p1')).status, 202, 'admin sees its private flavor');
    assert.equal((await n.request('DELETE', '/v2.1/flavors/p1')).status, 202);
    assert.match((await boot('p1')).text, /Invalid flavorRef/);
    // image: queued until its data is uploaded
    const img = await n.request('POST', '/image/v2/images', { body: { name: 'late', disk_format: 'raw', container_format: 'bare' } });
    assert.equal(img.status, 201, img.text);
    const bootImage = () => n.request('POST', '/v2.1/servers', { body: { server: { name: 'm', imageRef: img.body.id, flavorRef: '1' } } });
    assert.match((await bootImage()).text, /is not active/);
    const up = await n.request('PUT', `/image/v2/images/${img.body.id}/file`, { body: 'data', headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(up.status, 204, up.text);
    assert.equal((await bootImage()).status, 202);
    // quota: no more instances
    assert.equal((await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: 3 } } })).status, 200, 'as many as are used');
    assert.equal((await boot('1')).status, 403);
    // security group: a second one of the same name makes the name ambiguous
    const group = () => n.request('POST', '/v2.1/os-security-groups', { body: { security_group: { name: 'web', description: 'w' } } });
    assert.equal((await group()).status, 200);
    const bootWeb = () => n.request('POST', '/v2.1/servers', { body: { server: { name: 'm', imageRef: IMAGE, flavorRef: '1', security_groups: [{ name: 'web' }] } } });
    assert.equal((await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: 10 } } })).status, 200);
    assert.equal((await bootWeb()).status, 202);
    assert.equal((await group()).status, 200);
    assert.match((await bootWeb()).text, /Multiple security_group matches found for name 'web'/);
    // compute services: every one disabled, so no host is valid
    const services = (await n.request('GET', '/v2.1/os-services?binary=nova-compute', { headers: { 'X-OpenStack-Nova-API-Version': '2.53' } })).body.services;
    for (const s of services) {
      const r = await n.request('PUT', `/v2.1/os-services/${s.id}`, { headers: { 'X-OpenStack-Nova-API-Version': '2.53' }, body: { status: 'disabled' } });
      assert.equal(r.status, 200, r.text);
    }
    const id = (await boot('1')).body.server.id;
    const s = (await n.request('GET', `/v2.1/servers/${id}`)).body.server;
    assert.equal(s.status, 'ERROR');
    assert.match(s.fault.message, /No valid host/);
  } finally {
    await n.close();
  }
});
