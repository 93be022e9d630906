/**
 * Opens the store: SQLite (better-sqlite3, a file in the data dir, WAL with synchronous=FULL) by
 * default, PostgreSQL when a database URL is given. Migrations run on open.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import type { Engine } from './dialect.js';
import type { Database } from './schema.js';
import * as m001 from './migrations/001-foundation.js';
import * as m010 from './migrations/010-migrations.js';
import * as m002 from './migrations/002-image-extras.js';
import * as m003 from './migrations/003-volumes.js';
import * as m004 from './migrations/004-network.js';
import * as m005sg from './migrations/005-server-groups.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  close(): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<[string, { up(db: Kysely<unknown>, engine: Engine): Promise<void> }]> = [
  ['001-foundation', m001],
  ['002-image-extras', m002],
  ['003-volumes', m003],
  ['004-network', m004],
  ['005-server-groups', m005sg],
  ['010-migrations', m010],
];

/** Kysely prepares every statement anew on SQLite; keep the prepared ones by SQL text. */
function memoisePrepare(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  const memo = (source: string): SQLite.Statement => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size > 2000) cache.clear();
      cache.set(source, stmt);
    }
    return stmt;
  };
  (sqlite as unknown as { prepare: typeof memo }).prepare = memo;
  return sqlite;
}

export async function openStore(opts: { dataDir: string; databaseUrl: string }): Promise<Store> {
  let db: Kysely<Database>;
  let engine: Engine;
  if (opts.databaseUrl) {
    engine = 'postgres';
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    engine = 'sqlite';
    let file = ':memory:';
    if (opts.dataDir !== ':memory:') {
      file = path.join(opts.dataDir, 'novum.sqlite');
    }
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Nova filters names by regular expression; SQLite has REGEXP syntax but no function behind it.
    sqlite.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
      if (typeof value !== 'string' || typeof pattern !== 'string') return 0;
      try {
        return new RegExp(pattern).test(value) ? 1 : 0;
      } catch {
        return 0;
      }
    });
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: memoisePrepare(sqlite) }) });
  }
  await migrate(db, engine);
  return { db, engine, close: () => db.destroy() };
}

async function migrate(db: Kysely<Database>, engine: Engine): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, mod] of MIGRATIONS) {
    migrations[name] = { up: (k: Kysely<unknown>) => mod.up(k, engine) };
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
