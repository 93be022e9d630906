/**
 * Which tables each write may change, counted per table, so that a value read from the store can
 * be kept exactly as long as no write could have changed what it was read from (StoreMemo). The
 * SQLite driver (group-commit.ts) reports every statement before it runs it, and every rollback.
 *
 * An INSERT, UPDATE or DELETE names the one table it writes (a DELETE also the tables its rows
 * cascade to); any other write (DDL, a pragma) and every rollback may have changed every table.
 * It knows only this process's writes: it is used only where this process is the store's one writer.
 */
import { ROLLBACK, SqlMemo } from './instance-writes.js';

const WRITE = /^\s*(insert\s+into|update|delete\s+from)\s+"?(\w+)"?/i;

/** Rows that go with a deleted row (ON DELETE CASCADE in the schema; a test compares this with it). */
export const DELETE_CASCADES: Readonly<Record<string, readonly string[]>> = {
  security_groups: ['security_group_rules'],
};

/** The tables a write changes, or null when it may change any. */
export function writtenTables(sql: string): readonly string[] | null {
  const m = WRITE.exec(sql);
  if (!m) return null;
  const table = m[2];
  return /^delete/i.test(m[1]) ? [table, ...(DELETE_CASCADES[table] ?? [])] : [table];
}

export class TableWrites {
  readonly #counts = new Map<string, number>();
  /** writes that may have changed every table */
  #all = 0;
  readonly #tables = new SqlMemo(writtenTables);
  #commits = 0;
  #durableCommits = 0;

  /** COMMITs so far */
  get commits(): number {
    return this.#commits;
  }

  /** how many of the first COMMITs are known to be on disk */
  get durableCommits(): number {
    return this.#durableCommits;
  }

  /** A COMMIT succeeded; returns its number. */
  committed(): number {
    return ++this.#commits;
  }

  /** COMMIT number `seq`, and all before it, are on disk. */
  durable(seq: number): void {
    this.#durableCommits = Math.max(this.#durableCommits, seq);
  }

  /** A statement about to run (`readonly` as SQLite says). */
  statement(sql: string, readonly: boolean): void {
    if (readonly) {
      if (ROLLBACK.test(sql)) this.any();
      return;
    }
    const tables = this.#tables.of(sql);
    if (tables === null) this.any();
    else for (const t of tables) this.#counts.set(t, (this.#counts.get(t) ?? 0) + 1);
  }

  /** Something (a rollback, a failed COMMIT) may have changed any table. */
  any(): void {
    this.#all++;
  }

  /** A number that grows with every write that may change one of `tables`. */
  stamp(tables: readonly string[]): number {
    let n = this.#all;
    for (const t of tables) n += this.#counts.get(t) ?? 0;
    return n;
  }
}

/**
 * Values read from some tables, kept by key until a write may have changed those tables. A value
 * is kept only if nothing wrote them while it was read. It is served only once durable: the driver
 * answers a read outside a transaction only after the group of transactions it ran in has
 * committed; a value read inside a transaction waits until a later COMMIT is on disk (a rollback
 * or a failed COMMIT drops it). Kept values are shared: they are frozen, and callers must not change them.
 */
export class StoreMemo<V> {
  readonly #values = new Map<string, { stamp: number; value: V; servedAfterCommit: number }>();

  constructor(
    private readonly writes: TableWrites,
    private readonly tables: readonly string[],
    private readonly max = 1000,
  ) {}

  /** The kept value of `key`, or what `load` reads (`inTransaction`: through a transaction). */
  async get(key: string, load: () => Promise<V>, inTransaction = false): Promise<V> {
    const now = this.writes.stamp(this.tables);
    const kept = this.#values.get(key);
    if (kept && kept.stamp === now && this.writes.durableCommits > kept.servedAfterCommit) return kept.value;
    const value = await load();
    if (this.writes.stamp(this.tables) === now) {
      if (this.#values.size >= this.max) this.#values.clear();
      this.#values.set(key, { stamp: now, value: deepFreeze(value), servedAfterCommit: inTransaction ? this.writes.commits : -1 });
    }
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** Loads through a memo when there is one (the sole-writer process), directly otherwise. */
export function memoised<V>(memo: StoreMemo<V> | undefined, key: string, load: () => Promise<V>, inTransaction = false): Promise<V> {
  return memo ? memo.get(key, load, inTransaction) : load();
}
