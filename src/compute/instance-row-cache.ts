/**
 * Live server rows by uuid, for the process that is its SQLite store's only writer (`novum serve`
 * with one process). The store reports every write that may change `instances` before it runs
 * (store/instance-writes.ts): a write to one server's row drops that row, any other write drops
 * them all. A row is therefore served from here only while it is exactly what a fresh SELECT would return.
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

export class InstanceRowCache {
  /** rows kept; any write that may change every row empties it */
  readonly #rows = new Map<string, Instance>();
  /** the count of reported writes */
  #writes = 0;
  /** the count at the last write that may have changed any row */
  #allAt = 0;
  /** the count at the last write of each server row */
  readonly #written = new Map<string, number>();

  constructor(watch: (listener: (uuid: string | null) => void) => void) {
    watch((uuid) => this.#wrote(uuid));
  }

  /**
   * The live row of `uuid`: a copy of the kept one (callers may change what they get), else what
   * `select` reads, kept unless something wrote that server (or any row) while it read.
   */
  async read(uuid: string, select: (uuid: string) => Promise<Instance | undefined>): Promise<Instance | undefined> {
    const kept = this.#rows.get(uuid);
    if (kept) return { ...kept };
    const began = this.#writes;
    const row = await select(uuid);
    if (row && began >= this.#allAt && (this.#written.get(uuid) ?? 0) <= began) this.#keep(row);
    return row;
  }

  #keep(row: Instance): void {
    if (this.#rows.size >= MAX_ROWS) this.#rows.delete(this.#rows.keys().next().value as string);
    this.#rows.set(row.uuid, { ...row });
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
