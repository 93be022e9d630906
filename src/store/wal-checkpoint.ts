/**
 * Checkpoints of a SQLite file store, off the event loop. A checkpoint copies the pages the WAL
 * holds into the database file and syncs both; run by the connection's own auto-checkpoint, it
 * is part of whichever COMMIT crosses the threshold, and stalls every request for that long.
 *
 * Here a worker thread with its own connection to the same file runs a PASSIVE checkpoint (it
 * never waits for or blocks the writer) a moment after COMMITs, one at a time. The writer's
 * connection keeps SQLite's auto-checkpoint, at a threshold high enough that it only acts if the
 * worker cannot keep up or is gone. SQLite restarts the WAL from its beginning at the next write
 * once a checkpoint has copied all of it, as with its own checkpoints.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The writer's own auto-checkpoint threshold, in pages (40 MB of 4 KiB pages): a backstop only. */
export const BACKSTOP_PAGES = 10_000;
/** How long after a COMMIT the next checkpoint is asked for: COMMITs in between share it. */
const DELAY_MS = 100;

/** The worker: one connection, a PASSIVE checkpoint per message, closed on 'close'. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  let error = null;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { error = String(err && err.message || err); }
  parentPort.postMessage(error);
});
`;

export class WalCheckpointer {
  readonly #worker: Worker;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  /** a COMMIT came while a checkpoint ran: ask again when it ends */
  #again = false;
  #closed = false;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    // A failed checkpoint (its error is the message) leaves the pages for the next one.
    this.#worker.on('message', () => {
      this.#running = false;
      if (this.#again) this.committed();
    });
    // A worker that cannot run leaves the writer's own auto-checkpoint to do the work.
    this.#worker.on('error', () => {
      this.#closed = true;
    });
    // After the listeners, which would ref its port again: the worker never keeps the process alive.
    this.#worker.unref();
  }

  /** A COMMIT happened: a checkpoint follows shortly. */
  committed(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#again = false;
      this.#running = true;
      this.#worker.postMessage('checkpoint');
    }, DELAY_MS);
    this.#timer.unref();
  }

  /** Stops asking, lets a running checkpoint end, closes the worker's connection. */
  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#closed) return;
    this.#closed = true;
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.ref(); // the event loop waits for the worker's exit it awaits
    this.#worker.postMessage('close');
    await exited;
  }
}
