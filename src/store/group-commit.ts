/**
 * Group commit on SQLite: the Kysely driver Novum uses for its one better-sqlite3 connection.
 *
 * Every COMMIT must reach the disk before anyone is told, and one server's life can be several
 * commits (the API's transaction, the job claim, the build steps, the end state). Here the
 * transactions and single writes that run in the same turn of the event loop share one physical
 * transaction and one COMMIT:
 *
 * - the first write opens `BEGIN IMMEDIATE` (it takes the write lock at once, waiting up to
 *   busy_timeout, so processes sharing the file never fail with SQLITE_BUSY halfway through a
 *   read-then-write transaction, as a deferred BEGIN can); each Kysely transaction runs inside its own
 *   SAVEPOINT, so one that fails rolls back alone, and the next ones see what the earlier ones
 *   wrote, as if they had committed one after the other;
 * - the COMMIT runs once nothing is mid-transaction, in a setImmediate callback, i.e. after the
 *   requests that arrived together have run their transactions;
 * - nobody is answered early: a transaction, a write, and a read that ran while such a group was
 *   open all resolve only after the COMMIT that holds what they wrote or saw (a 202 still means
 *   "in the database"). If the COMMIT fails, they all fail;
 * - in a file, the COMMIT itself does not wait for the disk (synchronous=NORMAL): WalSync fsyncs
 *   the WAL on the libuv thread pool, and those callers, and any read made before that sync
 *   returns, are answered only once it has. The event loop keeps serving meanwhile, and the next
 *   group commits while the sync runs.
 *
 * Between its statements a caller does not hold the connection while it waits for the COMMIT, so
 * others can join the group meanwhile.
 *
 * The driver also reports every statement, before it runs it, and every rollback to the dialect's
 * InstanceWriteReporter (instance-writes.ts), which tells the row cache what may have changed, and
 * to its TableWrites (table-writes.ts), which tells the StoreMemos.
 */
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type { InstanceWriteReporter } from './instance-writes.js';
import type { TableWrites } from './table-writes.js';
import { BACKSTOP_PAGES, WalCheckpointer } from './wal-checkpoint.js';
import { WalSync } from './wal-sync.js';

/** The savepoint each logical transaction runs in. */
const TX = 'novum_tx';

/** A FIFO lock: one user of the connection at a time. */
class Lock {
  #held = false;
  readonly #queue: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** One acquisition of the connection by Kysely (a statement, a transaction, or `db.connection()`). */
class GroupConnection implements DatabaseConnection {
  held = true;
  inTx = false;

  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute(this, query) as Promise<QueryResult<R>>;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite here');
  }
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export class GroupCommitDriver implements Driver {
  readonly #db: SQLite.Database;
  readonly #lock = new Lock();
  /** a physical transaction is open (BEGIN IMMEDIATE ran, COMMIT not yet) */
  #open = false;
  /** the logical transaction running now, if any: the COMMIT waits for it */
  #tx: GroupConnection | null = null;
  /** callers whose work is in the open group, answered at its COMMIT */
  #waiters: Waiter[] = [];
  #flushQueued = false;
  readonly #instanceWrites: InstanceWriteReporter;
  readonly #tableWrites: TableWrites;
  /** the WAL syncs off the event loop (null: SQLite syncs it in each COMMIT, or there is no file) */
  readonly #wal: WalSync | null;
  /** checkpoints in a worker thread (null: SQLite's own, or no file) */
  readonly #checkpoints: WalCheckpointer | null;

  constructor(db: SQLite.Database, instanceWrites: InstanceWriteReporter, tableWrites: TableWrites, walFile: string | null) {
    this.#db = db;
    this.#instanceWrites = instanceWrites;
    this.#tableWrites = tableWrites;
    this.#wal = walFile === null ? null : new WalSync(walFile);
    this.#checkpoints = walFile === null ? null : new WalCheckpointer(walFile.replace(/-wal$/, ''));
    // The worker checkpoints; the connection's own auto-checkpoint stays as a backstop.
    if (walFile !== null) db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire();
    return new GroupConnection(this);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#release(connection as GroupConnection);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as GroupConnection;
    await this.#hold(c);
    this.#begin();
    this.#db.exec(`savepoint ${TX}`);
    c.inTx = true;
    this.#tx = c;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as GroupConnection;
    try {
      this.#db.exec(`release ${TX}`);
    } catch (err) {
      this.#checkAborted(err);
      throw err;
    }
    this.#endTx(c);
    await this.#durable();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as GroupConnection;
    this.#anyWrite();
    try {
      if (this.#open && this.#db.inTransaction) this.#db.exec(`rollback to ${TX}; release ${TX}`);
    } finally {
      this.#endTx(c);
    }
    // What the failed transaction read may come from others' work not yet durable: answer after it is.
    await this.#durable();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.execute(connection as GroupConnection, CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.execute(connection as GroupConnection, CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.execute(connection as GroupConnection, CompiledQuery.raw(`release "${name}"`));
  }

  async destroy(): Promise<void> {
    this.#flush();
    await this.#checkpoints?.close();
    await this.#wal?.close();
    this.#db.close();
  }

  /** Runs one statement for `c`; outside a transaction it is answered once the group holding it is durable. */
  async execute(c: GroupConnection, query: CompiledQuery): Promise<QueryResult<unknown>> {
    await this.#hold(c);
    const stmt = this.#db.prepare(query.sql);
    if (!c.inTx && !stmt.readonly) this.#begin();
    this.#instanceWrites.statement(query.sql, query.parameters, stmt.readonly);
    this.#tableWrites.statement(query.sql, stmt.readonly);
    let result: QueryResult<unknown>;
    try {
      result = run(stmt, query.parameters);
    } catch (err) {
      this.#checkAborted(err);
      throw err;
    }
    if (c.inTx) return result;
    this.#release(c);
    await this.#durable();
    return result;
  }

  async #hold(c: GroupConnection): Promise<void> {
    if (c.held) return;
    await this.#lock.acquire();
    c.held = true;
  }

  #release(c: GroupConnection): void {
    if (!c.held) return;
    c.held = false;
    this.#lock.release();
  }

  #begin(): void {
    if (this.#open) return;
    this.#db.exec('begin immediate');
    this.#open = true;
    this.#queueFlush();
  }

  #endTx(c: GroupConnection): void {
    c.inTx = false;
    if (this.#tx === c) this.#tx = null;
    this.#release(c);
    if (this.#open) this.#queueFlush();
  }

  /**
   * Resolves once what this connection has written so far is durable: the open group committed,
   * and every COMMIT so far synced to disk (at once when nothing is pending).
   */
  #durable(): Promise<void> {
    if (this.#open) {
      this.#queueFlush();
      return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
    }
    return this.#wal ? this.#wal.synced() : Promise.resolve();
  }

  #queueFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      this.#flush();
    });
  }

  /** COMMITs the open group unless a transaction is still running (its end queues the flush again). */
  #flush(): void {
    if (!this.#open || this.#tx) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#open = false;
    try {
      this.#db.exec('commit');
    } catch (err) {
      this.#anyWrite();
      if (this.#db.inTransaction) this.#db.exec('rollback');
      for (const w of waiters) w.reject(err);
      return;
    }
    const seq = this.#tableWrites.committed();
    if (!this.#wal) {
      this.#tableWrites.durable(seq);
      for (const w of waiters) w.resolve();
      return;
    }
    this.#wal.committed();
    this.#checkpoints?.committed();
    this.#wal.synced().then(() => {
      this.#tableWrites.durable(seq);
      for (const w of waiters) w.resolve();
    }, (err: unknown) => {
      for (const w of waiters) w.reject(err);
    });
  }

  /** Something (a rollback, a failed COMMIT) may have changed any row of any table. */
  #anyWrite(): void {
    this.#instanceWrites.anyRow();
    this.#tableWrites.any();
  }

  /** After a failed statement: if SQLite rolled the whole group back, everyone waiting in it fails. */
  #checkAborted(err: unknown): void {
    if (!this.#open || this.#db.inTransaction) return;
    this.#anyWrite();
    this.#open = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(err);
  }
}

function run(stmt: SQLite.Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
