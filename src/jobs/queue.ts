/**
 * A durable job queue in the same database as the state it changes. The API side enqueues a job
 * inside the transaction that changes the server's state, so an accepted request (202) is never
 * lost; workers claim jobs with a lease, and a job whose lease ran out is claimed again.
 */
import { EventEmitter } from 'node:events';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Engine } from '../store/dialect.js';
import type { Database, Instance, Job as JobRecord } from '../store/schema.js';
import { isoPlusSeconds, nowIso } from '../util/time.js';

export interface NewJob {
  readonly kind: string;
  readonly instanceUuid: string | null;
  readonly host?: string | null;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly requestId: string;
  /** run no earlier than this many seconds from now */
  readonly delaySeconds?: number;
  /** the server's row as the enqueuing transaction wrote it: a job run there need not read it back */
  readonly instance?: Instance;
}

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly instanceUuid: string | null;
  readonly host: string | null;
  readonly payload: Record<string, unknown>;
  readonly requestId: string;
  readonly attempts: number;
}

const LEASE_SECONDS = 30;

/**
 * Runs a job inside the transaction that enqueues it, when its work can be done there at once;
 * returns false to have it queued.
 */
export type InlineRunner = (trx: Kysely<Database>, job: NewJob) => Promise<boolean>;

export class JobQueue {
  readonly #db: Kysely<Database>;
  readonly #engine: Engine;
  readonly #wake = new EventEmitter();
  #broadcast: (() => void) | null = null;
  #inline: InlineRunner | null = null;

  constructor(db: Kysely<Database>, engine: Engine) {
    this.#db = db;
    this.#engine = engine;
  }

  /** How other processes learn of new jobs (PostgreSQL NOTIFY, or a message to the cluster primary). */
  setBroadcast(broadcast: () => void): void {
    this.#broadcast = broadcast;
  }

  /** Lets this process run some jobs where they are enqueued (ComputeManager.runInline). */
  setInlineRunner(runner: InlineRunner): void {
    this.#inline = runner;
  }

  /**
   * Writes a job in the caller's transaction, to be run once it commits (call notify() then), and
   * returns true; or does the job there (setInlineRunner) and returns false.
   */
  async enqueue(trx: Transaction<Database> | Kysely<Database>, job: NewJob): Promise<boolean> {
    if (this.#inline && trx.isTransaction && await this.#inline(trx, job)) return false;
    const now = nowIso();
    await trx.insertInto('jobs').values({
      kind: job.kind,
      instance_uuid: job.instanceUuid,
      host: job.host ?? null,
      payload: JSON.stringify(job.payload ?? {}),
      request_id: job.requestId,
      status: 'queued',
      attempts: 0,
      run_at: job.delaySeconds ? isoPlusSeconds(job.delaySeconds) : now,
      lease_until: null,
      claimed_by: null,
      error: null,
      created_at: now,
    }).execute();
    return true;
  }

  /** Tells waiting workers, here and in other processes, that new jobs may be there (call after the commit). */
  notify(): void {
    this.#wake.emit('job');
    this.#broadcast?.();
  }

  /** A signal from another process: wake this process's workers only. */
  wakeLocal(): void {
    this.#wake.emit('job');
  }

  onNotify(listener: () => void): () => void {
    this.#wake.on('job', listener);
    return () => this.#wake.off('job', listener);
  }

  /**
   * Claims up to `limit` of the oldest runnable jobs (queued and due, or running with an expired
   * lease) in one statement, so a burst of jobs costs one commit, not one each.
   */
  async claim(workerId: string, hosts: readonly string[] | null, limit = 1): Promise<Job[]> {
    const now = nowIso();
    const lease = isoPlusSeconds(LEASE_SECONDS);
    const skipLocked = this.#engine === 'postgres' ? sql` for update skip locked` : sql``;
    const hostFilter = hosts === null
      ? sql``
      : hosts.length ? sql` and (host is null or host in (${sql.join(hosts)}))` : sql` and host is null`;
    const result = await sql<JobRecord>`
      update jobs set status = 'running', lease_until = ${lease}, claimed_by = ${workerId}, attempts = attempts + 1
      where id in (
        select id from jobs
        where ((status = 'queued' and run_at <= ${now}) or (status = 'running' and lease_until < ${now}))${hostFilter}
        order by id limit ${limit}${skipLocked}
      )
      returning *`.execute(this.#db);
    return result.rows.sort((a, b) => a.id - b.id).map((row) => ({
      id: row.id,
      kind: row.kind,
      instanceUuid: row.instance_uuid,
      host: row.host,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      requestId: row.request_id,
      attempts: row.attempts,
    }));
  }

  async renew(jobId: number, workerId: string): Promise<void> {
    await this.#db.updateTable('jobs').set({ lease_until: isoPlusSeconds(LEASE_SECONDS) })
      .where('id', '=', jobId).where('claimed_by', '=', workerId).execute();
  }

  async complete(jobId: number): Promise<void> {
    await this.#db.deleteFrom('jobs').where('id', '=', jobId).execute();
  }

  async fail(jobId: number, error: string): Promise<void> {
    await this.#db.updateTable('jobs').set({ status: 'failed', error, lease_until: null }).where('id', '=', jobId).execute();
  }

  /** Seconds until the next delayed job is due, or null when none is waiting. */
  async nextDueInMs(): Promise<number | null> {
    const row = await this.#db.selectFrom('jobs').select(({ fn }) => fn.min('run_at').as('next'))
      .where('status', '=', 'queued').executeTakeFirst();
    const next = row?.next as string | null | undefined;
    if (!next) return null;
    return Math.max(0, Date.parse(next) - Date.now());
  }
}
