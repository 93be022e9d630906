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
/** Values derived from one row kept at most: one per way of rendering it that clients use at once. */
const MAX_DERIVED = 4;

/**
 * On every kept row, the row itself: a copy handed out carries it along (spread copies enumerable
 * symbol keys; Object.keys, JSON and SQL builders ignore them), so `derived` can tell which kept
 * row a copy came from without a lookup per read.
 */
const KEPT = Symbol('kept row');

type Kept = Instance & { [KEPT]?: Kept };

export class InstanceRowCache {
  /** rows kept; any write that may change every row empties it */
  readonly #rows = new Map<string, Kept>();
  /** values derived from each kept row (rendered views), dropped with the row */
  readonly #derived = new WeakMap<Kept, Map<string, unknown>>();
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
    if (row && began >= this.#allAt && (this.#written.get(uuid) ?? 0) <= began) return { ...this.#keep(row) };
    return row;
  }

  /**
   * A value computed from `row` only (its rendered view, say): `row` must be an unchanged copy
   * from `read`. While the row it was copied from is still kept (nothing wrote the server since),
   * the value computed the first time is returned again; otherwise `build` runs each time.
   */
  derived<T>(row: Instance, key: string, build: () => T): T {
    const kept = (row as Kept)[KEPT];
    if (kept === undefined || this.#rows.get(kept.uuid) !== kept) return build();
    let values = this.#derived.get(kept);
    if (values === undefined) this.#derived.set(kept, (values = new Map()));
    let value = values.get(key) as T | undefined;
    if (value === undefined) {
      if (values.size >= MAX_DERIVED) values.clear();
      values.set(key, (value = build()));
    }
    return value;
  }

  /** Keeps `row`, a fresh read nobody else holds (callers get copies of it). */
  #keep(row: Instance): Kept {
    if (this.#rows.size >= MAX_ROWS) this.#rows.delete(this.#rows.keys().next().value as string);
    const kept: Kept = row;
    kept[KEPT] = kept;
    this.#rows.set(row.uuid, kept);
    return kept;
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
