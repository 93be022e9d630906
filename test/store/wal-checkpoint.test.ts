/**
 * Checkpoints off the event loop (src/store/wal-checkpoint.ts): what a file store commits reaches
 * the database file itself, copied there by the worker thread, while the writer's own
 * auto-checkpoint (the backstop the driver sets) is far from its threshold.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { GroupCommitSqliteDialect } from '../../src/store/sqlite-dialect.js';

interface Db {
  items: { id: number; name: string };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'novum-wal-checkpoint-'));
const file = path.join(dir, 'c.sqlite');
let db: Kysely<Db>;

before(() => {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table items (id integer primary key, name text not null)');
  sqlite.pragma('wal_checkpoint(TRUNCATE)'); // the empty table, in the file itself
  db = new Kysely<Db>({ dialect: new GroupCommitSqliteDialect(sqlite, `${file}-wal`) });
});

after(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows in the database file alone: a copy of it without its WAL, opened on its own. */
function rowsInMainFile(): number {
  const copy = path.join(dir, `copy-${Date.now()}-${Math.random()}.sqlite`);
  copyFileSync(file, copy);
  try {
    const c = new SQLite(copy);
    try {
      return (c.prepare('select count(*) as n from items').get() as { n: number }).n;
    } finally {
      c.close();
    }
  } catch {
    return -1; // copied mid-checkpoint: try again
  } finally {
    rmSync(copy, { force: true });
    rmSync(`${copy}-wal`, { force: true });
    rmSync(`${copy}-shm`, { force: true });
  }
}

test('committed rows reach the database file without the writer checkpointing', async () => {
  assert.equal(rowsInMainFile(), 0, 'the table is created but empty in the file');
  for (let batch = 0; batch < 10; batch++) {
    await db.transaction().execute((trx) => trx.insertInto('items').values(Array.from({ length: 20 }, (_, i) => ({ name: `item-${batch}-${i}` }))).execute());
  }
  // 200 small rows are a few dozen WAL pages: far below the writer's threshold (BACKSTOP_PAGES).
  const deadline = Date.now() + 10_000;
  let seen = rowsInMainFile();
  while (seen !== 200 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen = rowsInMainFile();
  }
  assert.equal(seen, 200);
});

test('closing the store stops the worker, and the store opens again with every row', async () => {
  await db.insertInto('items').values({ name: 'last' }).execute();
  await db.destroy();
  db = undefined as unknown as Kysely<Db>;
  const again = new SQLite(file, { readonly: true });
  try {
    assert.equal((again.prepare('select count(*) as n from items').get() as { n: number }).n, 201);
  } finally {
    again.close();
  }
});

test('a store never closed does not keep its process alive', () => {
  // A child process opens a file store, commits, lets a checkpoint run and ends its script without closing it.
  const script = `
    import SQLite from 'better-sqlite3';
    import { Kysely } from 'kysely';
    import { GroupCommitSqliteDialect } from './src/store/sqlite-dialect.ts';
    const sqlite = new SQLite(${JSON.stringify(path.join(dir, 'open.sqlite'))});
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('create table items (id integer primary key, name text not null)');
    const db = new Kysely({ dialect: new GroupCommitSqliteDialect(sqlite, ${JSON.stringify(path.join(dir, 'open.sqlite-wal'))}) });
    await db.insertInto('items').values({ name: 'x' }).execute();
    await new Promise((r) => setTimeout(r, 500)); // a checkpoint runs meanwhile
    console.log('committed');
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.stdout.trim(), 'committed', r.stderr);
  assert.equal(r.signal, null, 'the process ended by itself, not by the timeout');
  assert.equal(r.status, 0);
});
