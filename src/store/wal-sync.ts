/**
 * The WAL sync of the SQLite driver (group-commit.ts). The connection runs with
 * synchronous=NORMAL, so its COMMITs write the WAL without waiting for the disk; WalSync
 * fdatasyncs the WAL on the libuv thread pool instead, and each caller is answered once a sync
 * that began after its COMMIT has returned: the durability a COMMIT with synchronous=FULL gives,
 * while the event loop goes on serving. SQLite still syncs the WAL and the database itself around
 * every checkpoint. A COMMIT made while syncs run starts another (up to MAX_SYNCS at once), so
 * the next group need not wait for the sync of the one before.
 */
import fs from 'node:fs';

interface SyncWaiter {
  /** the COMMITs it waits for */
  readonly upTo: number;
  resolve(): void;
  reject(err: unknown): void;
}

export class WalSync {
  readonly #file: string;
  #fd: number | null = null;
  /** COMMITs so far; the most any finished sync covers; the most any running sync will cover */
  #commits = 0;
  #synced = 0;
  #covering = 0;
  readonly #running = new Set<Promise<void>>();
  #waiting: SyncWaiter[] = [];

  constructor(file: string) {
    this.#file = file;
  }

  committed(): void {
    this.#commits++;
  }

  /** Resolves once every COMMIT so far is on disk. */
  synced(): Promise<void> {
    if (this.#synced >= this.#commits) return Promise.resolve();
    const p = new Promise<void>((resolve, reject) => this.#waiting.push({ upTo: this.#commits, resolve, reject }));
    this.#next();
    return p;
  }

  async close(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running]);
    if (this.#fd !== null) fs.closeSync(this.#fd);
    this.#fd = null;
  }

  #next(): void {
    if (this.#running.size >= MAX_SYNCS || !this.#waiting.some((w) => w.upTo > this.#covering)) return;
    const upTo = this.#commits;
    this.#covering = upTo;
    const sync = new Promise<void>((resolve, reject) => {
      // The connection keeps the WAL file open (and so in place) from its first COMMIT on.
      try {
        this.#fd ??= fs.openSync(this.#file, 'r');
      } catch (err) {
        reject(err);
        return;
      }
      fs.fdatasync(this.#fd, (err) => (err ? reject(err) : resolve()));
    });
    this.#running.add(sync);
    sync.then(() => {
      this.#synced = Math.max(this.#synced, upTo);
      this.#settle((w) => w.upTo <= this.#synced, (w) => w.resolve());
    }, (err: unknown) => {
      // A failed sync fails everyone it was to cover; later COMMITs wait for the next try.
      this.#settle((w) => w.upTo <= upTo, (w) => w.reject(err));
      if (this.#covering === upTo) this.#covering = this.#synced;
    }).finally(() => {
      this.#running.delete(sync);
      this.#next();
    });
  }

  #settle(covered: (w: SyncWaiter) => boolean, answer: (w: SyncWaiter) => void): void {
    const rest: SyncWaiter[] = [];
    for (const w of this.#waiting) {
      if (covered(w)) answer(w);
      else rest.push(w);
    }
    this.#waiting = rest;
  }
}

/** fdatasyncs of the WAL running at once (the libuv pool has four threads). */
const MAX_SYNCS = 2;
