/**
 * Everything that differs between SQLite and PostgreSQL, in one place. The rest of the store
 * speaks portable SQL through Kysely.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** Adds the auto-incrementing integer primary key `id`. */
export function withIdColumn<T extends string>(engine: Engine, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return engine === 'sqlite'
    ? table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey());
}

/** Is this driver error a unique-constraint violation? */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

import { sql, type Kysely, type QueryExecutorProvider, type RawBuilder } from 'kysely';

/**
 * `column` matches the regular expression `pattern` (SQLite: a registered regexp(); PostgreSQL: ~).
 * A pattern that does not compile matches nothing on both (PostgreSQL would fail the query).
 */
export function regexpMatch(engine: Engine, column: string, pattern: string): RawBuilder<boolean> {
  try {
    new RegExp(pattern);
  } catch {
    return sql<boolean>`1 = 0`;
  }
  return engine === 'sqlite' ? sql<boolean>`${sql.ref(column)} regexp ${pattern}` : sql<boolean>`${sql.ref(column)} ~ ${pattern}`;
}

/**
 * Serialises the transactions that decide on the same thing (a project's quota headroom, a server
 * group's placement) so two never decide on the same reading: a transaction-scoped advisory lock
 * on PostgreSQL; on SQLite nothing to do, as BEGIN IMMEDIATE already runs write transactions one
 * at a time.
 */
export async function lockInTransaction(trx: QueryExecutorProvider, engine: Engine, key: string): Promise<void> {
  if (engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

export const lockForQuota = (trx: QueryExecutorProvider, engine: Engine, projectId: string): Promise<void> =>
  lockInTransaction(trx, engine, `quota:${projectId}`);

/** The integer at `key` of a JSON text column (SQLite json_extract; PostgreSQL ->>). */
export function jsonInt(engine: Engine, column: string, key: string): RawBuilder<number> {
  return engine === 'sqlite'
    ? sql<number>`json_extract(${sql.ref(column)}, ${`$.${key}`})`
    : sql<number>`(${sql.ref(column)}::json->>${key})::int`;
}

/** Runs `work` in `db`'s transaction when `db` is one, else in a new transaction. */
export function inTransaction<D, T>(db: Kysely<D>, work: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
