/**
 * Opens the store: SQLite (better-sqlite3, a file in the data dir, WAL; commits shared by the
 * transactions of one event-loop turn, and the WAL synced off the event loop: group-commit.ts) by default,
 * PostgreSQL when a database URL is given. Migrations run on open (on SQLite in one transaction).
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import { GroupCommitSqliteDialect } from './sqlite-dialect.js';
import type { InstanceWriteListener } from './instance-writes.js';
import type { TableWrites } from './table-writes.js';
import type { Engine } from './dialect.js';
import type { Database } from './schema.js';
import * as m001 from './migrations/001-foundation.js';
import * as m010 from './migrations/010-migrations.js';
import * as m011 from './migrations/011-recovery-index.js';
import * as m020 from './migrations/020-server-tags.js';
import * as m032 from './migrations/032-attachment-tags.js';
import * as m033 from './migrations/033-security-groups.js';
import * as m002 from './migrations/002-image-extras.js';
import * as m003 from './migrations/003-volumes.js';
import * as m004 from './migrations/004-network.js';
import * as m005sg from './migrations/005-server-groups.js';
import * as m034 from './migrations/034-user-quotas.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /**
   * Cross-process signals (PostgreSQL LISTEN/NOTIFY). On SQLite both are no-ops: processes
   * sharing a SQLite file learn of new rows by polling (or through their cluster primary).
   */
  notify(channel: string): Promise<void>;
  /**
   * SQLite: reports each write that may change rows of `instances` through this process's
   * connection, before it runs (instance-writes.ts). It says nothing of other processes' writes.
   */
  readonly watchInstanceWrites?: (listener: InstanceWriteListener) => void;
  /** SQLite: the writes of this process's connection, by table (table-writes.ts). */
  readonly tableWrites?: TableWrites;
  listen(channel: string, onSignal: () => void): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<[string, { up(db: Kysely<unknown>, engine: Engine): Promise<void> }]> = [
  ['001-foundation', m001],
  ['002-image-extras', m002],
  ['003-volumes', m003],
  ['004-network', m004],
  ['005-server-groups', m005sg],
  ['010-migrations', m010],
  ['011-recovery-index', m011],
  ['020-server-tags', m020],
  ['032-attachment-tags', m032],
  ['033-security-groups', m033],
  ['034-user-quotas', m034],
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
  let watchInstanceWrites: ((listener: InstanceWriteListener) => void) | undefined;
  let tableWrites: TableWrites | undefined;
  if (opts.databaseUrl) {
    engine = 'postgres';
    // Loaded only when used: a SQLite start does not pay for the PostgreSQL driver.
    const { default: pg } = await import('pg');
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
    // In a file, COMMITs do not wait for the disk; the driver syncs the WAL off the event loop and
    // answers no one before that sync (group-commit.ts WalSync): FULL's durability, without its stall.
    sqlite.pragma(file === ':memory:' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -32000'); // 32 MB of page cache: large stores keep their indexes in memory
    // Statement journals (the savepoint of every request in a shared transaction) stay in memory:
    // spilled to a temporary file, each journaled page cost two write system calls.
    sqlite.pragma('temp_store = MEMORY');
    // Nova filters names by regular expression; SQLite has REGEXP syntax but no function behind it.
    sqlite.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
      if (typeof value !== 'string' || typeof pattern !== 'string') return 0;
      try {
        return new RegExp(pattern).test(value) ? 1 : 0;
      } catch {
        return 0;
      }
    });
    // Transactions start with BEGIN IMMEDIATE and share COMMITs: see group-commit.ts.
    const dialect = new GroupCommitSqliteDialect(memoisePrepare(sqlite), file === ':memory:' ? null : `${file}-wal`);
    db = new Kysely<Database>({ dialect });
    watchInstanceWrites = (listener) => dialect.instanceWrites.watch(listener);
    tableWrites = dialect.tableWrites;
  }
  await migrate(db, engine);
  const listeners: Array<{ end(): Promise<void> }> = [];
  return {
    db,
    engine,
    watchInstanceWrites,
    tableWrites,
    async notify(channel) {
      if (engine === 'postgres') await sql`select pg_notify(${channel}, '')`.execute(db);
    },
    async listen(channel, onSignal) {
      if (engine !== 'postgres') return;
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: opts.databaseUrl });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (msg) => { if (msg.channel === channel) onSignal(); });
      await client.query(`listen ${channel.replace(/[^a-z_]/g, '')}`);
      listeners.push(client);
    },
    async close() {
      await Promise.allSettled(listeners.map((c) => c.end()));
      await db.destroy();
    },
  };
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
