/**
 * Building a server (Nova: conductor schedule_and_build_instances + compute
 * _do_build_and_run_instance): pick and claim a host, wire the network, spawn, go ACTIVE.
 * task_state walks scheduling → networking → block_device_mapping → spawning → None; with instant
 * steps (the fake driver without delay) the server goes from scheduling to ACTIVE in one write.
 */
import { NovaError } from '../errors.js';
import type { Job } from '../jobs/queue.js';
import type { Kysely, Updateable } from 'kysely';
import type { Database, Instance, InstanceRow } from '../store/schema.js';
import { inTransaction } from '../store/dialect.js';
import { nowIso } from '../util/time.js';
import { parseFlavor, resourcesOf } from './embedded-flavor.js';
import { driverInstance, type InstanceStore } from './instance-store.js';
import type { ComputeManagerDeps } from './manager.js';
import { servesHost } from './hosts.js';
import { privateAddresses } from './network.js';
import { groupHosts } from './server-groups.js';
import { guestPostedPassword } from '../network/metadata-password.js';
import { POWER, VM } from './states.js';

interface BuildPayload {
  readonly zone: string | null;
  readonly forcedHost: string | null;
  readonly hints: Readonly<Record<string, unknown>>;
  readonly adminPass?: string;
}

/** The store, or the transaction a build runs in when it runs inline (ComputeManager.runInline). */
type Db = Kysely<Database>;

const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

export class BuildHandler {
  constructor(private readonly d: ComputeManagerDeps, private readonly store: InstanceStore) {}

  /**
   * Runs the build from wherever it stands, so a job re-run after a crash finishes it. When the
   * host the scheduler picked is served by another compute process, the rest goes to that one.
   */
  async run(inst: Instance, job: Job, db: Db = this.d.db): Promise<void> {
    const payload = job.payload as unknown as BuildPayload;
    let current = inst;
    if (current.host === null) {
      if (current.task_state !== 'scheduling') return;
      const placed = await this.#schedule(current, payload, db);
      if (placed.task_state === null) return;
      if (!servesHost(this.d.ownHosts, placed.host)) {
        await this.d.queue.enqueue(db, { kind: 'build', instanceUuid: inst.uuid, host: placed.host, requestId: job.requestId, payload: job.payload });
        this.d.queue.notify();
        return;
      }
      current = { ...current, ...placed };
    }
    if (current.task_state === 'networking') {
      const addresses = JSON.stringify(privateAddresses(current.id));
      if (this.d.driver.instantSteps) {
        await this.d.driver.spawn(driverInstance(current));
        await this.store.save(inst.uuid, 'networking', { addresses, ...this.#active(current, payload) }, db);
        return;
      }
      await this.store.save(inst.uuid, 'networking', { addresses, task_state: 'block_device_mapping' }, db);
      current = { ...current, task_state: 'block_device_mapping' };
    }
    if (current.task_state === 'block_device_mapping') {
      await this.store.save(inst.uuid, 'block_device_mapping', { task_state: 'spawning', root_device_name: '/dev/vda' }, db);
      current = { ...current, task_state: 'spawning' };
    }
    if (current.task_state !== 'spawning') return;
    await this.d.driver.spawn(driverInstance(current));
    await this.store.save(inst.uuid, 'spawning', this.#active(current, payload), db);
  }

  /** The end of a build: ACTIVE and running. */
  #active(current: Instance, payload: BuildPayload): Updateable<InstanceRow> {
    return {
      vm_state: VM.ACTIVE, task_state: null, power_state: POWER.RUNNING, launched_at: nowIso(), root_device_name: '/dev/vda',
      // The guest posts its password, encrypted with the server's key, to the metadata service.
      password: guestPostedPassword(current.key_data, payload.adminPass),
    };
  }

  /**
   * Claims a host and records it, in one transaction (returning what it wrote); ERROR with a fault
   * when none fits. When every step is instant (the fake driver without delay) and this process
   * runs the host, nobody could see networking or spawning: the guest starts and the server goes
   * from scheduling to ACTIVE in that one write (task_state null in what it returns).
   */
  async #schedule(inst: Instance, p: BuildPayload, db: Db): Promise<Pick<Instance, 'host' | 'node' | 'availability_zone' | 'task_state'> & { host: string }> {
    const candidates = await this.#candidates(inst, p, db);
    const res = resourcesOf(parseFlavor(inst.flavor));
    const placed = await inTransaction(db, async (trx) => {
      // The group policy is read in the claim's transaction, so members built at once still honour it.
      // Only a create with the hint `group` made the server a member.
      const grouped = p.hints.group !== undefined && p.hints.group !== null && p.hints.group !== '';
      const node = await this.d.hosts.claimNode(trx, grouped ? await groupHosts(trx, this.d.engine, inst.uuid, candidates) : candidates, res);
      if (!node) return null;
      const chosen = node.host;
      const changes = { host: chosen, node: node.hypervisor_hostname, availability_zone: inst.availability_zone ?? node.availability_zone, task_state: 'networking' };
      if (this.d.driver.instantSteps && servesHost(this.d.ownHosts, chosen)) {
        const built = { ...inst, ...changes };
        await this.d.driver.spawn(driverInstance(built));
        await this.store.save(inst.uuid, 'scheduling', { ...changes, addresses: JSON.stringify(privateAddresses(inst.id)), ...this.#active(built, p) }, trx);
        return { ...changes, task_state: null };
      }
      await this.store.save(inst.uuid, 'scheduling', changes, trx);
      return changes;
    });
    // The manager turns this into ERROR with the fault, as Nova's conductor does.
    if (!placed) throw new NoValidHost();
    return placed;
  }

  /** Usable hosts in the zone, narrowed by a forced host and by same_host / different_host hints. */
  async #candidates(inst: Instance, p: BuildPayload, db: Db): Promise<string[]> {
    let hosts = await this.d.hosts.usableHosts(p.zone, db);
    if (p.forcedHost) hosts = hosts.filter((h) => h === p.forcedHost);
    const same = asList(p.hints.same_host);
    const different = asList(p.hints.different_host);
    if (same.length || different.length) {
      const rows = await db.selectFrom('instances').select(['uuid', 'host'])
        .where('uuid', 'in', [...same, ...different]).where('deleted', '=', 0).execute();
      const hostOf = (ids: string[]): Set<string> => new Set(rows.filter((r) => ids.includes(r.uuid) && r.host).map((r) => r.host as string));
      const sameHosts = hostOf(same);
      const differentHosts = hostOf(different);
      // Nova's SameHostFilter passes only hosts running one of the named servers; unknown ids name none.
      if (sameHosts.size) hosts = hosts.filter((h) => sameHosts.has(h));
      hosts = hosts.filter((h) => !differentHosts.has(h));
    }
    return hosts;
  }
}

/** Recorded on the server as its fault; the job itself is finished. */
class NoValidHost extends NovaError {
  constructor() {
    super(500, NO_VALID_HOST);
  }
}
