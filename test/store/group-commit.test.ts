/**
 * SQLite group commit (src/store/group-commit.ts): transactions that run in the same turn of the
 * event loop share one COMMIT, yet each keeps its own outcome, and nobody is answered before the
 * COMMIT that holds what it wrote or read. "Committed" is checked through a second, independent
 * connection to the same file.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { GroupCommitSqliteDialect } from '../../src/store/sqlite-dialect.js';

interface Db {
  items: { id: number; name: string };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'novum-group-commit-'));
const file = path.join(tmp, 'g.sqlite');
let db: Kysely<Db>;
let other: SQLite.Database;

before(() => {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec('create table items (id integer primary key, name text not null unique)');
  db = new Kysely<Db>({ dialect: new GroupCommitSqliteDialect(sqlite) });
  other = new SQLite(file, { readonly: true });
});

after(async () => {
  other.close();
  await db.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

const committed = (name: string): boolean => other.prepare('select 1 from items where name = ?').get(name) !== undefined;

test('a transaction resolves only once another connection sees its row', async () => {
  await db.transaction().execute((trx) => trx.insertInto('items').values({ name: 'a' }).execute());
  assert.ok(committed('a'));
  await db.insertInto('items').values({ name: 'b' }).execute();
  assert.ok(committed('b'), 'a single write outside a transaction, too');
});

test('concurrent transactions share the group, but a failing one rolls back alone', async () => {
  const results = await Promise.allSettled([
    db.transaction().execute((trx) => trx.insertInto('items').values({ name: 'c1' }).execute()),
    db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'lost' }).execute();
      throw new Error('changed my mind');
    }),
    db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'dup' }).execute();
      await trx.insertInto('items').values({ name: 'dup' }).execute(); // unique violation
    }),
    db.transaction().execute((trx) => trx.insertInto('items').values({ name: 'c2' }).execute()),
    db.insertInto('items').values({ name: 'c3' }).execute(),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
  assert.ok(committed('c1') && committed('c2') && committed('c3'));
  assert.ok(!committed('lost'), 'the failed transaction left nothing');
  assert.ok(!committed('dup'), 'the first insert of the failed transaction was rolled back with it');
});

test('a later transaction of the same group sees what an earlier one wrote', async () => {
  const first = db.transaction().execute((trx) => trx.insertInto('items').values({ name: 'seen' }).execute());
  const second = db.transaction().execute((trx) => trx.selectFrom('items').select('name').where('name', '=', 'seen').executeTakeFirst());
  await first;
  assert.equal((await second)?.name, 'seen');
});

test('a read that saw a write of the open group is answered after that write is committed', async () => {
  const write = db.insertInto('items').values({ name: 'pending' }).execute();
  const read = await db.selectFrom('items').select('name').where('name', '=', 'pending').executeTakeFirst();
  assert.equal(read?.name, 'pending');
  assert.ok(committed('pending'), 'what the read saw is durable by the time it is answered');
  await write;
});

test('many concurrent writers all commit', async () => {
  const names = Array.from({ length: 200 }, (_, i) => `many-${i}`);
  await Promise.all(names.map((name) => db.transaction().execute((trx) => trx.insertInto('items').values({ name }).execute())));
  const count = other.prepare("select count(*) as n from items where name like 'many-%'").get() as { n: number };
  assert.equal(count.n, 200);
});

describe('with the WAL synced off the event loop (synchronous=NORMAL, as Novum opens a file)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'novum-wal-sync-'));
  const walDbFile = path.join(dir, 'w.sqlite');
  let wdb: Kysely<Db>;
  const realSync = fs.fdatasync;
  /** fdatasync calls held until released; `fail` makes the next ones fail */
  let held: Array<() => void> = [];
  let fail = false;

  before(() => {
    const sqlite = new SQLite(walDbFile);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec('create table items (id integer primary key, name text not null unique)');
    wdb = new Kysely<Db>({ dialect: new GroupCommitSqliteDialect(sqlite, `${walDbFile}-wal`) });
    (fs as { fdatasync: unknown }).fdatasync = (fd: number, cb: (err: Error | null) => void) => {
      held.push(() => (fail ? cb(new Error('EIO: sync failed')) : realSync(fd, cb)));
    };
  });
  after(async () => {
    (fs as { fdatasync: unknown }).fdatasync = realSync;
    await wdb.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const release = () => {
    const now = held;
    held = [];
    for (const go of now) go();
  };
  const settledSoon = async (p: Promise<unknown>): Promise<boolean> => {
    let done = false;
    void p.then(() => { done = true; }, () => { done = true; });
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    return done;
  };

  test('a write, and a read of it, are answered only after a sync that began after the COMMIT', async () => {
    const write = wdb.transaction().execute((trx) => trx.insertInto('items').values({ name: 'w1' }).execute());
    assert.equal(await settledSoon(write), false, 'committed, but not answered before the sync');
    assert.equal(held.length, 1);
    const read = wdb.selectFrom('items').select('name').where('name', '=', 'w1').executeTakeFirst();
    assert.equal(await settledSoon(read), false, 'a read of the unsynced row waits too');
    release();
    await write;
    assert.equal((await read)?.name, 'w1');
    const quiet = wdb.selectFrom('items').select('name').execute();
    assert.equal(await settledSoon(quiet), true, 'with nothing unsynced a read needs no sync');
  });

  test('a COMMIT made while a sync runs starts another (two at most), and a later sync answers earlier COMMITs too', async () => {
    const first = wdb.insertInto('items').values({ name: 'w2' }).execute();
    await settledSoon(first);
    assert.equal(held.length, 1);
    const second = wdb.insertInto('items').values({ name: 'w3' }).execute();
    await settledSoon(second);
    assert.equal(held.length, 2, 'the next group does not wait for the sync of the one before');
    const third = Promise.all([wdb.insertInto('items').values({ name: 'w4' }).execute(), wdb.insertInto('items').values({ name: 'w5' }).execute()]);
    assert.equal(await settledSoon(third), false);
    assert.equal(held.length, 2, 'no third sync at once');
    const [firstSync, secondSync] = held;
    held = [firstSync];
    secondSync();
    await Promise.all([first, second]);
    assert.equal(await settledSoon(third), false, 'the second sync began before their COMMIT');
    assert.equal(held.length, 2, 'a sync for them began');
    release();
    await third;
  });

  test('a failed sync fails the writes it was to cover', async () => {
    fail = true;
    const write = wdb.insertInto('items').values({ name: 'w7' }).execute();
    await settledSoon(write);
    release();
    await assert.rejects(write, /EIO/);
    fail = false;
    const next = wdb.insertInto('items').values({ name: 'w8' }).execute();
    await settledSoon(next);
    release();
    await next;
  });
});
