/**
 * The hypervisor's power state written back to the servers (Nova: ComputeManager
 * _sync_instance_power_state): on start-up for every server of this process's hosts — which also
 * reconnects a real driver to machines that kept running — and on each event a real driver reports.
 * A server in a task is left alone; an ACTIVE or PAUSED server whose machine is off becomes SHUTOFF.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ComputeDriver, HypervisorPowerState } from '../drivers/driver.js';
import type { Database, Instance } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { driverInstance } from './instance-store.js';
import { POWER, VM } from './states.js';

const POWER_OF: Readonly<Record<HypervisorPowerState, number>> = {
  running: POWER.RUNNING, paused: POWER.PAUSED, shutdown: POWER.SHUTDOWN, crashed: POWER.CRASHED,
};

/** vm_states whose machine should exist on the host. */
const SYNCED = [VM.ACTIVE, VM.PAUSED, VM.STOPPED, VM.SUSPENDED, VM.RESCUED, VM.RESIZED];

export class PowerSync {
  constructor(private readonly db: Kysely<Database>, private readonly driver: ComputeDriver, private readonly logger: Logger) {}

  /** Applies a reported power state to a server that is in no task. */
  async apply(uuid: string, state: HypervisorPowerState): Promise<void> {
    const inst = await this.db.selectFrom('instances').selectAll().where('uuid', '=', uuid).where('deleted', '=', 0).executeTakeFirst();
    if (!inst || inst.task_state !== null) return;
    const power = POWER_OF[state];
    // Nova: "Instance shutdown by itself. Calling the stop API." — an ACTIVE or PAUSED server whose machine is off is stopped.
    const stopped = (inst.vm_state === VM.ACTIVE || inst.vm_state === VM.PAUSED) && (state === 'shutdown' || state === 'crashed');
    if (power === inst.power_state && !stopped) return;
    await this.db.updateTable('instances')
      .set({ power_state: stopped ? POWER.SHUTDOWN : power, ...(stopped ? { vm_state: VM.STOPPED } : {}), updated_at: nowIso() })
      .where('uuid', '=', uuid).where('deleted', '=', 0).where('task_state', 'is', null).where('vm_state', '=', inst.vm_state).execute();
    this.logger.info({ instance: uuid, power_state: state, vm_state: stopped ? VM.STOPPED : inst.vm_state }, 'power state synchronised');
  }

  /** At start-up: asks the driver about every server of these hosts (null: all). */
  async syncAll(ownHosts: readonly string[] | null): Promise<void> {
    if (!this.driver.powerState) return;
    let q = this.db.selectFrom('instances').selectAll().where('deleted', '=', 0).where('host', 'is not', null).where('vm_state', 'in', SYNCED);
    if (ownHosts !== null) q = q.where('host', 'in', [...ownHosts]);
    const servers: Instance[] = await q.execute();
    for (const inst of servers) {
      try {
        const state = await this.driver.powerState(driverInstance(inst));
        await this.apply(inst.uuid, state ?? 'shutdown');
      } catch (err) {
        this.logger.warn({ err, instance: inst.uuid }, 'power state sync failed');
      }
    }
  }
}
