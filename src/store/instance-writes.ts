/**
 * Which writes may change rows of `instances`, told to whoever keeps server rows read earlier
 * (InstanceRowCache). An UPDATE restricted by `"uuid" = ?` (no subquery, no OR) changes that one
 * server's row; a plain INSERT changes no row read before; every other write naming the table, and
 * every rollback, may change any row. The SQLite driver (group-commit.ts) reports each statement
 * here before it runs it.
 */

/** Told of writes to `instances`: the uuid of the one server row a statement may change, or null for any row. */
export type InstanceWriteListener = (uuid: string | null) => void;

/** What a write may change in `instances`: nothing, the row whose uuid is parameter N, or any row. */
type InstanceScope = 'none' | 'any' | number;

/** `update "instances" set ... where "uuid" = ? and ...` as Kysely writes it, with no subquery and no OR. */
const ONE_ROW_UPDATE = /^update "instances" set ([^(]*?) where "uuid" = \?([^(]*)$/i;

/** `rollback to <savepoint>`: SQLite calls transaction control read-only, but it undoes writes. */
export const ROLLBACK = /^\s*rollback\b/i;

/** How a SQL text is classified, worked out once per text (a few hundred distinct statements exist; bounded all the same). */
export class SqlMemo<T> {
  readonly #known = new Map<string, T>();

  constructor(private readonly classify: (sql: string) => T) {}

  of(sql: string): T {
    let known = this.#known.get(sql);
    if (known === undefined) {
      known = this.classify(sql);
      if (this.#known.size >= 2000) this.#known.clear();
      this.#known.set(sql, known);
    }
    return known;
  }
}

/** Conservative: anything not plainly a new row or a one-row update may change any row (a subquery naming the table too). */
export function instanceScope(sql: string): InstanceScope {
  if (!/\binstances\b/i.test(sql)) return 'none';
  // A new row cannot be one read earlier: uuids are unique and only live rows are kept.
  if (/^insert into "instances" /i.test(sql) && !/\bon conflict\b/i.test(sql)) return 'none';
  const one = ONE_ROW_UPDATE.exec(sql);
  if (one && !/\bor\b/i.test(one[2])) return one[1].split('?').length - 1;
  return 'any';
}

/** Classifies the statements of one connection and tells its one listener. */
export class InstanceWriteReporter {
  #listener: InstanceWriteListener | null = null;
  readonly #scopes = new SqlMemo(instanceScope);

  watch(listener: InstanceWriteListener): void {
    this.#listener = listener;
  }

  /** A statement about to run (`readonly` as SQLite says). */
  statement(sql: string, parameters: readonly unknown[], readonly: boolean): void {
    if (!this.#listener) return;
    if (readonly) {
      if (ROLLBACK.test(sql)) this.#listener(null);
      return;
    }
    const scope = this.#scopes.of(sql);
    if (scope === 'none') return;
    const uuid = typeof scope === 'number' ? parameters[scope] : null;
    this.#listener(typeof uuid === 'string' ? uuid : null);
  }

  /** Something (a rollback, a failed COMMIT) may have changed any row. */
  anyRow(): void {
    this.#listener?.(null);
  }
}
