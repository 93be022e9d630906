/**
 * Live server rows by uuid, for the process that is its SQLite store's only writer (`novum serve`
 * with one process). The store reports every write that may change `instances` before it runs
 * (group-commit.ts): a write to one server's row drops that row, any other write drops them all.
 * A row is therefore served from here only while it is exactly what a fresh SELECT would return.
 *
 * What it saves is the statement itself: on a read-mostly store (clients polling their servers,
 * a `terraform refresh`) the SELECT, Kysely's round trip through the driver and SQLite's building
 * of a 47-column row are most of the cost of a `GET /servers/{id}`.
 */
import type { Instance } from '../store/schema.js';

/** Enough for the servers clients poll; bounded so that memory does not grow with the store. */
const MAX_ROWS = 10_000;
/** Servers written since the oldest read still in flight may have begun; beyond this, forget them all. */
const MAX_WRITTEN = 10_000;

interface Entry {
  readonly row: Instance;
  /** the write count when the read that produced it began */
  readonly at: number;
}

export class InstanceRowCache {
  readonly #rows = new Map<string, Entry>();
  /** the count of reported writes */
  #writes = 0;
  /** the count at the last write that may have changed any row */
  #allAt = 0;
  /** the count at the last write of each server row */
  readonly #written = new Map<string, number>();

  constructor(watch: (listener: (uuid: string | null) => void) => void) {
    watch((uuid) => this.#wrote(uuid));
  }

  /** Where a lookup starts: pass the result to `remember` with the row it then reads. */
  mark(): number {
    return this.#writes;
  }

  /** A copy of the row, if it is still current (callers may change what they get). */
  get(uuid: string): Instance | undefined {
    const e = this.#rows.get(uuid);
    if (!e || e.at < this.#allAt) return undefined;
    return { ...e.row };
  }

  /** Keeps a row whose read began at `mark`, unless something wrote it since. */
  remember(mark: number, row: Instance): void {
    if (mark < this.#allAt || (this.#written.get(row.uuid) ?? 0) > mark) return;
    if (this.#rows.size >= MAX_ROWS) this.#rows.delete(this.#rows.keys().next().value as string);
    this.#rows.set(row.uuid, { row: { ...row }, at: mark });
  }

  #wrote(uuid: string | null): void {
    const at = ++this.#writes;
    if (uuid === null || this.#written.size >= MAX_WRITTEN) {
      this.#allAt = at;
      this.#rows.clear();
      this.#written.clear();
      return;
    }
    this.#written.set(uuid, at);
    this.#rows.delete(uuid);
  }
}
