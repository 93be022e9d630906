/**
 * The one way the API side changes a server's state (Nova: check_instance_lock +
 * check_instance_state + instance.save(expected_task_state=...)): in one transaction, read the
 * server, check lock and allowed states, compare-and-swap the new state, record the instance
 * action and enqueue the job. No row changed means another request won the race: 409.
 */
import type { Kysely, Transaction, Updateable } from 'kysely';
import { instanceLocked, instanceNotFound, invalidState } from '../errors.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Database, Instance, InstanceRow } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { recordAction, type Actor } from './action-log.js';
import type { InstanceQueries } from './instance-queries.js';
import { GUARDS, violation } from './states.js';

export interface TransitionSpec {
  /** key of GUARDS */
  readonly guard: string;
  /** the action's name in Nova's 409 message */
  readonly name: string;
  /** the instance action recorded (os-instance-actions); null records none */
  readonly record: string | null;
  /** non-admins get 409 on a locked server */
  readonly checkLock: boolean;
  /** task_state while the job runs (null: the change is complete at once) */
  readonly taskState: string | null;
  /** further columns to set with the state */
  readonly set?: Updateable<InstanceRow>;
  /** the job that finishes the work */
  readonly job?: {
    readonly kind: string;
    readonly payload?: Record<string, unknown>;
    readonly delaySeconds?: number;
    /** the compute host that runs it, from the changed server (default: the server's host) */
    readonly host?: (changed: Instance) => string | null;
  };
  /** extra checks or writes inside the transaction, after the state checks; use only `trx` in it (SQLite has one connection) */
  readonly within?: (trx: Transaction<Database>, inst: Instance) => Promise<Updateable<InstanceRow> | void>;
}

export class Transitions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly queue: JobQueue,
    private readonly queries: InstanceQueries,
  ) {}

  /** Applies `spec` to the server; returns the server as it is after the change. */
  async apply(actor: Actor, uuid: string, spec: TransitionSpec): Promise<Instance> {
    await this.queries.get(actor, uuid);
    const result = await this.db.transaction().execute(async (trx) => {
      // The server may have been deleted since the read above (a worker finishing a delete): 404, as a fresh read would say.
      const inst = await trx.selectFrom('instances').selectAll().where('uuid', '=', uuid).where('deleted', '=', 0).executeTakeFirst();
      if (!inst) throw instanceNotFound(uuid);
      if (spec.checkLock && inst.locked && !actor.isAdmin) throw instanceLocked(uuid);
      const bad = violation(GUARDS[spec.guard], inst.vm_state, inst.task_state);
      if (bad) throw invalidState(spec.name, uuid, bad.attr, bad.state);
      const extra = (await spec.within?.(trx, inst)) ?? {};
      const changes: Updateable<InstanceRow> = { ...spec.set, ...extra, task_state: spec.taskState, updated_at: nowIso() };
      let q = trx.updateTable('instances').set(changes).where('uuid', '=', uuid).where('vm_state', '=', inst.vm_state);
      q = inst.task_state === null ? q.where('task_state', 'is', null) : q.where('task_state', '=', inst.task_state);
      const res = await q.executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw invalidState(spec.name, uuid, 'task_state', inst.task_state);
      if (spec.record) await recordAction(trx, actor, uuid, spec.record);
      const changed = await trx.selectFrom('instances').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow();
      // The job runs where the server is (any compute process when it has no host).
      if (spec.job) {
        await this.queue.enqueue(trx, {
          kind: spec.job.kind, instanceUuid: uuid, host: spec.job.host ? spec.job.host(changed) : inst.host, requestId: actor.requestId,
          payload: spec.job.payload ?? {}, delaySeconds: spec.job.delaySeconds,
        });
      }
      return changed;
    });
    if (spec.job) this.queue.notify();
    return result;
  }
}
