/**
 * Runs queued jobs through the handlers it is given (one per job kind). It imports no domain
 * module: app.ts wires it to the compute manager. Jobs run concurrently up to a limit; a job's
 * lease is renewed while its handler works.
 */
import type { Logger } from 'pino';
import { hex } from '../util/ids.js';
import type { Job, JobQueue } from './queue.js';

export type JobHandler = (job: Job) => Promise<void>;

const POLL_MS = 1000;
const RENEW_MS = 10_000;

export class Worker {
  readonly #id = `worker-${hex(4)}`;
  readonly #queue: JobQueue;
  readonly #handlers: Readonly<Record<string, JobHandler>>;
  readonly #log: Logger;
  readonly #concurrency: number;
  readonly #hosts: readonly string[] | null;
  #running = 0;
  #stopped = true;
  #pumping = false;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  readonly #inflight = new Set<Promise<void>>();

  constructor(queue: JobQueue, handlers: Readonly<Record<string, JobHandler>>, log: Logger, opts: { concurrency?: number; hosts?: readonly string[] | null } = {}) {
    this.#queue = queue;
    this.#handlers = handlers;
    this.#log = log;
    this.#concurrency = opts.concurrency ?? 64;
    this.#hosts = opts.hosts ?? null;
  }

  /** Started and not stopped. */
  get running(): boolean {
    return !this.#stopped;
  }

  start(): void {
    this.#stopped = false;
    this.#unsubscribe = this.#queue.onNotify(() => this.#pump());
    this.#pump();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    await Promise.allSettled([...this.#inflight]);
  }

  #pump(): void {
    if (this.#stopped) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    this.#fill()
      .catch((err: unknown) => this.#log.error({ err }, 'job claim failed'))
      .finally(() => {
        this.#pumping = false;
        if (this.#again) {
          this.#again = false;
          this.#pump();
        } else {
          this.#schedule();
        }
      });
  }

  async #fill(): Promise<void> {
    while (!this.#stopped && this.#running < this.#concurrency) {
      const jobs = await this.#queue.claim(this.#id, this.#hosts, this.#concurrency - this.#running);
      if (!jobs.length) return;
      for (const job of jobs) {
        this.#running++;
        const p = this.#run(job).finally(() => {
          this.#running--;
          this.#inflight.delete(p);
          this.#pump();
        });
        this.#inflight.add(p);
      }
    }
  }

  async #schedule(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    let wait = POLL_MS;
    try {
      const due = await this.#queue.nextDueInMs();
      if (due !== null) wait = Math.min(wait, due + 5);
    } catch {
      // keep polling
    }
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.#pump(), wait);
    this.#timer.unref();
  }

  async #run(job: Job): Promise<void> {
    const handler = this.#handlers[job.kind];
    const log = this.#log.child({ request_id: job.requestId, job: job.id, kind: job.kind });
    if (!handler) {
      await this.#queue.fail(job.id, `no handler for ${job.kind}`);
      return;
    }
    const renew = setInterval(() => void this.#queue.renew(job.id, this.#id).catch(() => undefined), RENEW_MS);
    try {
      await handler(job);
      await this.#queue.complete(job.id);
    } catch (err) {
      log.error({ err }, 'job failed');
      await this.#queue.fail(job.id, String((err as Error)?.stack ?? err)).catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }
}
