/**
 * The worker side of the compute domain (Nova: nova/compute/manager.py). One handler per job
 * kind: it drives the hypervisor, advances the task_state as Nova does and writes the end state.
 * Handlers are idempotent: a job run twice finds its expected task_state gone and stops.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ComputeDriver, Diagnostics, DriverVolume } from '../drivers/driver.js';
import type { ImageService } from '../image/service.js';
import type { Job, JobQueue, NewJob } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/worker.js';
import type { Database, Instance } from '../store/schema.js';
import type { Engine } from '../store/dialect.js';
import { withEvent } from './action-log.js';
import { BuildHandler } from './build.js';
import type { HostService } from './hosts.js';
import { driverInstance, InstanceStore, UnexpectedTaskState } from './instance-store.js';
import { LifecycleHandlers } from './lifecycle.js';
import { PowerSync } from './power-sync.js';
import { Recovery } from './recovery.js';

export interface ComputeManagerDeps {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  readonly queue: JobQueue;
  readonly driver: ComputeDriver;
  readonly hosts: HostService;
  readonly images: ImageService;
  readonly config: Config;
  readonly logger: Logger;
  /** The hosts whose hypervisor this process runs: null for all of them (`novum serve`), else `novum compute --host`'s. */
  readonly ownHosts: readonly string[] | null;
}

/** What a handler gets: the server as loaded when its job started, and the job. */
export type Step = (inst: Instance, job: Job, db?: Kysely<Database>) => Promise<void>;

/** The job kinds whose step may run inside the transaction that creates the job (runInline): it takes that transaction. */
const INLINE_KINDS: ReadonlySet<string> = new Set(['build']);

/** Nova's event names (compute_<method>) per job kind. */
const EVENTS: Readonly<Record<string, string>> = {
  build: 'compute__do_build_and_run_instance', delete: 'compute_terminate_instance', soft_delete: 'compute_soft_delete_instance',
  pause: 'compute_pause_instance', unpause: 'compute_unpause_instance', suspend: 'compute_suspend_instance',
  resume: 'compute_resume_instance', stop: 'compute_stop_instance', start: 'compute_start_instance',
  reboot_soft: 'compute_reboot_instance', reboot_hard: 'compute_reboot_instance', rescue: 'compute_rescue_instance',
  unrescue: 'compute_unrescue_instance', rebuild: 'compute_rebuild_instance', resize: 'compute_resize_instance',
  revert_resize: 'compute_revert_resize', snapshot: 'compute_snapshot_instance', shelve: 'compute_shelve_instance',
  shelve_offload: 'compute_shelve_offload_instance', unshelve: 'compute_unshelve_instance', restore: 'compute_restore_instance',
  change_password: 'compute_set_admin_password', live_migrate: 'compute_live_migration', evacuate: 'compute_rebuild_instance',
};

export class ComputeManager {
  readonly #d: ComputeManagerDeps;
  readonly #store: InstanceStore;
  readonly #steps: Record<string, Step>;
  readonly #recovery: Recovery;
  readonly #power: PowerSync;

  constructor(deps: ComputeManagerDeps) {
    this.#d = deps;
    this.#store = new InstanceStore(deps.db);
    const build = new BuildHandler(deps, this.#store);
    const life = new LifecycleHandlers(deps, this.#store);
    this.#steps = { build: (i, job, db) => build.run(i, job, db), ...life.steps() };
    this.#recovery = new Recovery(deps, this.#store);
    this.#power = new PowerSync(deps.db, deps.driver, deps.logger);
    deps.driver.watch?.((uuid, state) => void this.#power.apply(uuid, state).catch((err: unknown) => deps.logger.warn({ err }, 'power sync failed')));
  }

  handlers(): Record<string, JobHandler> {
    const out: Record<string, JobHandler> = {};
    for (const [kind, step] of Object.entries(this.#steps)) out[kind] = (job) => this.#run(kind, step, job);
    return out;
  }

  /**
   * Runs a new job inside the transaction that would queue it, when every step of it is instant:
   * a build on the fake driver without delay, in the process that runs every host and whose worker
   * is running. The server is ACTIVE (or in ERROR) when the create commits, and no job is written.
   * Returns false to have the job queued instead; an unexpected failure is undone (to a savepoint)
   * and also queues it, so the worker records it as it would any failed job.
   */
  async runInline(trx: Kysely<Database>, job: NewJob): Promise<boolean> {
    const step = INLINE_KINDS.has(job.kind) ? this.#steps[job.kind] : undefined;
    if (!step || !job.instanceUuid || !trx.isTransaction || job.delaySeconds || !this.#d.driver.instantSteps || this.#d.ownHosts !== null) return false;
    await sql`savepoint novum_inline_job`.execute(trx);
    try {
      await this.#run(job.kind, step, {
        id: 0, kind: job.kind, instanceUuid: job.instanceUuid, host: job.host ?? null, requestId: job.requestId, attempts: 1,
        // as a queued job's payload reads back from its JSON column
        payload: JSON.parse(JSON.stringify(job.payload ?? {})) as Record<string, unknown>,
      }, trx, job.instance);
      await sql`release novum_inline_job`.execute(trx);
      return true;
    } catch (err) {
      this.#d.logger.warn({ err, request_id: job.requestId, instance: job.instanceUuid }, 'inline job failed; queued instead');
      await sql`rollback to novum_inline_job`.execute(trx);
      await sql`release novum_inline_job`.execute(trx);
      return false;
    }
  }

  async #run(kind: string, step: Step, job: Job, db: Kysely<Database> = this.#d.db, row?: Instance): Promise<void> {
    if (!job.instanceUuid) return;
    const inst = row ?? await this.#store.load(job.instanceUuid, db);
    if (!inst) return;
    const log = this.#d.logger.child({ request_id: job.requestId, instance: inst.uuid, job: kind });
    try {
      await withEvent(db, inst.uuid, job.requestId, EVENTS[kind] ?? `compute_${kind}`, inst.host, () => step(inst, job, db));
    } catch (err) {
      if (err instanceof UnexpectedTaskState) {
        log.info({ reason: err.message }, 'job superseded');
        return;
      }
      log.error({ err }, 'compute job failed');
      await this.#failed(kind, inst, err, db);
    }
  }

  /** Nova: a failed build ends in ERROR; other failures clear the task_state and keep a fault. */
  async #failed(kind: string, inst: Instance, err: unknown, db: Kysely<Database>): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    await this.#store.fault(inst.uuid, 500, message, '', db);
    const changes = kind === 'build' ? { vm_state: 'error', task_state: null } : { task_state: null };
    await db.updateTable('instances').set(changes).where('uuid', '=', inst.uuid).where('deleted', '=', 0).execute();
  }

  /** Resolves what a crash left behind (Nova: _init_instance at compute start). */
  async recover(): Promise<void> {
    await this.#recovery.run();
    await this.#power.syncAll(this.#d.ownHosts);
  }

  /** Heartbeats, and reclaiming soft-deleted servers when reclaim_instance_interval > 0. */
  startPeriodicTasks(): NodeJS.Timeout {
    const timer = setInterval(() => {
      void this.#d.hosts.heartbeat(this.#d.ownHosts).catch((err: unknown) => this.#d.logger.warn({ err }, 'heartbeat failed'));
      void this.#recovery.reclaimSoftDeleted().catch((err: unknown) => this.#d.logger.warn({ err }, 'reclaim failed'));
    }, this.#d.hosts.heartbeatIntervalMs());
    timer.unref();
    return timer;
  }

  /** The console log of a server, from its hypervisor. */
  consoleOutput(inst: Instance): Promise<string> {
    return this.#d.driver.consoleOutput(driverInstance(inst));
  }

  /** Plugs an attached volume into the server's machine (real drivers; Nova: compute attach_volume). */
  async attachVolume(inst: Instance, volume: DriverVolume): Promise<void> {
    if (inst.host) await this.#d.driver.attachVolume?.(driverInstance(inst), volume);
  }

  async detachVolume(inst: Instance, volumeId: string): Promise<void> {
    if (inst.host) await this.#d.driver.detachVolume?.(driverInstance(inst), volumeId);
  }

  /** The hypervisor's counters for a server (os-server-diagnostics). */
  diagnostics(inst: Instance): Promise<Diagnostics> {
    return this.#d.driver.diagnostics(driverInstance(inst));
  }
}
