/**
 * After a crash (Nova: ComputeManager._init_instance at start-up): work that was being done is
 * queued again, and a server left in a transitional task_state with no job to finish it is
 * finished, rolled back or set to ERROR with a fault — never left hanging. Also the periodic
 * reclaim of soft-deleted servers (Nova: _reclaim_queued_deletes).
 */
import { requestId } from '../util/ids.js';
import { isoPlusSeconds, nowIso } from '../util/time.js';
import type { InstanceStore } from './instance-store.js';
import type { ComputeManagerDeps } from './manager.js';
import { servesHost } from './hosts.js';
import { SIMPLE } from './server-actions.js';
import { VM } from './states.js';

/** task_state → the job kind that finishes it, for the ones a re-run can finish. */
const RESUMABLE: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(SIMPLE).map(([kind, s]) => [s.task, kind === 'force_delete' ? 'delete' : kind])),
  deleting: 'delete', 'soft-deleting': 'soft_delete', updating_password: 'change_password', rescuing: 'rescue',
};

export class Recovery {
  constructor(private readonly d: ComputeManagerDeps, private readonly store: InstanceStore) {}

  async run(): Promise<void> {
    // Whatever this process's hosts were running died with the last process that ran them.
    let requeue = this.d.db.updateTable('jobs').set({ status: 'queued', lease_until: null, claimed_by: null }).where('status', '=', 'running');
    if (this.d.ownHosts !== null) requeue = requeue.where('host', 'in', [...this.d.ownHosts]);
    await requeue.execute();
    const pending = new Set((await this.d.db.selectFrom('jobs').select('instance_uuid').where('status', '=', 'queued').execute())
      .map((j) => j.instance_uuid));
    const stuck = await this.d.db.selectFrom('instances').select(['uuid', 'task_state', 'vm_state', 'host'])
      .where('deleted', '=', 0).where('task_state', 'is not', null).execute();
    for (const inst of stuck) {
      if (pending.has(inst.uuid) || inst.task_state === null) continue;
      if (inst.host !== null && !servesHost(this.d.ownHosts, inst.host)) continue;
      await this.#resolve(inst.uuid, inst.task_state, inst.vm_state, inst.host);
    }
    if (stuck.length) this.d.queue.notify();
  }

  async #resolve(uuid: string, task: string, vm: string, host: string | null): Promise<void> {
    const kind = RESUMABLE[task];
    if (kind) {
      await this.d.queue.enqueue(this.d.db, { kind, instanceUuid: uuid, host, requestId: requestId(), payload: {} });
      return;
    }
    const building = vm === VM.BUILDING;
    await this.d.db.updateTable('instances').set({ task_state: null, ...(building ? { vm_state: VM.ERROR } : {}), updated_at: nowIso() })
      .where('uuid', '=', uuid).execute();
    await this.store.fault(uuid, 500, `Instance was left in task_state ${task} when its compute service stopped`);
  }

  /** Soft-deleted servers older than reclaim_instance_interval are deleted for good. */
  async reclaimSoftDeleted(): Promise<void> {
    const interval = this.d.config.reclaimInstanceInterval;
    if (interval <= 0) return;
    const cutoff = isoPlusSeconds(-interval);
    const due = await this.d.db.selectFrom('instances').select('uuid')
      .where('vm_state', '=', VM.SOFT_DELETED).where('task_state', 'is', null).where('deleted', '=', 0).where('deleted_at', '<=', cutoff).execute();
    for (const { uuid } of due) {
      await this.d.db.transaction().execute(async (trx) => {
        await this.store.save(uuid, null, { task_state: 'deleting' }, trx);
        await this.d.queue.enqueue(trx, { kind: 'delete', instanceUuid: uuid, requestId: requestId(), payload: {} });
      }).catch(() => undefined);
    }
    if (due.length) this.d.queue.notify();
  }
}
