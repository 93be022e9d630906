/**
 * Statements that Kysely builds and compiles once and that then run with new parameters: for the
 * few statements every create runs, where building a query (Kysely's immutable nodes, then the
 * compiler's walk) costs more than SQLite takes to run it.
 */
import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema.js';

/**
 * The id of the row an INSERT added. SQLite gives it as the insert's rowid, so its INSERTs need no
 * RETURNING (which in SQLite costs more than the INSERT itself); PostgreSQL gives it only through
 * `returning "id"`: build such an INSERT with `returningIdOnPostgres`.
 */
export function insertedId(result: QueryResult<unknown>): number {
  const id = result.insertId ?? (result.rows[0] as { id?: number | bigint } | undefined)?.id;
  if (id === undefined) throw new Error('the INSERT gave no id');
  return Number(id);
}

/** `q.returning('id')` on PostgreSQL, `q` as it is on SQLite (see insertedId). */
export function returningIdOnPostgres<Q extends { returning(col: 'id'): unknown }>(db: Kysely<Database>, q: Q): Compilable<unknown> {
  return (db.getExecutor().adapter instanceof PostgresAdapter ? q.returning('id') : q) as Compilable<unknown>;
}

/** Where an argument goes in a built query. */
class Slot {
  constructor(readonly name: string) {}
}

interface Compiled {
  readonly sql: string;
  /** per parameter: the argument's name, or null to keep the built value */
  readonly slots: ReadonlyArray<string | null>;
  readonly values: readonly unknown[];
}

/**
 * `build` gets a query builder and `arg(name)`, which stands for that argument wherever the query
 * takes a value; every other value stays as built. Returns a function that runs the statement with
 * `args` on the store or a transaction; it is compiled once per dialect, on first use (`build`
 * also gets that first call's `args`, e.g. to list their keys: every call must then pass the same).
 */
export function prepared<A extends Record<string, unknown>, R = unknown>(
  build: (db: Kysely<Database>, arg: <K extends keyof A & string>(name: K) => A[K], first: A) => Compilable<R>,
): (db: Kysely<Database>, args: A) => Promise<QueryResult<R>> {
  // Keyed by the dialect's adapter, which a transaction shares with its store.
  const byDialect = new WeakMap<object, Compiled>();
  return (db, args) => {
    const dialect = db.getExecutor().adapter;
    let c = byDialect.get(dialect);
    if (!c) {
      const q = build(db, ((name: string) => new Slot(name)) as never, args).compile();
      c = { sql: q.sql, slots: q.parameters.map((p) => (p instanceof Slot ? p.name : null)), values: q.parameters };
      byDialect.set(dialect, c);
    }
    const { sql, slots, values } = c;
    return db.executeQuery(CompiledQuery.raw(sql, slots.map((name, i) => (name === null ? values[i] : args[name])))) as Promise<QueryResult<R>>;
  };
}
