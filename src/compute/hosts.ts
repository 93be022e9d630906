/**
 * Compute hosts and services: the simulated hosts the fake driver runs, their capacity, and the
 * scheduler's claims on it (Nova: the resource tracker and placement, reduced to counters that
 * change atomically with a compare in SQL).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { ComputeNode, Database, Instance, Service } from '../store/schema.js';
import { uuid } from '../util/ids.js';
import { isUniqueViolation } from '../store/dialect.js';
import { nowIso } from '../util/time.js';
import { memoised, StoreMemo, type TableWrites } from '../store/table-writes.js';
import { prepared } from '../store/prepared.js';

export interface Resources {
  readonly vcpus: number;
  readonly memoryMb: number;
  readonly diskGb: number;
}

export const DEFAULT_ZONE = 'nova';
export const INTERNAL_ZONE = 'internal';
/** Where the scheduler and conductor services live. */
export const CONTROLLER_HOST = 'controller';

type Db = Kysely<Database> | Transaction<Database>;

/** The claim's UPDATE, which every build runs: built once (store/prepared.ts). */
const takeResources = prepared<{ host: string; vcpus: number; memoryMb: number; diskGb: number; cpuRatio: number; ramRatio: number; diskRatio: number }>((db, arg) =>
  db.updateTable('compute_nodes')
    .set({
      vcpus_used: sql`vcpus_used + ${arg('vcpus')}`,
      memory_mb_used: sql`memory_mb_used + ${arg('memoryMb')}`,
      local_gb_used: sql`local_gb_used + ${arg('diskGb')}`,
      running_vms: sql`running_vms + 1`,
    })
    .where('host', '=', arg('host'))
    .where(sql<boolean>`vcpus_used + ${arg('vcpus')} <= vcpus * cast(${arg('cpuRatio')} as real)`)
    .where(sql<boolean>`memory_mb_used + ${arg('memoryMb')} <= memory_mb * cast(${arg('ramRatio')} as real)`)
    .where(sql<boolean>`local_gb_used + ${arg('diskGb')} <= local_gb * cast(${arg('diskRatio')} as real)`));

/** What a claim reads of a node: its usage (the scheduler's order) and what the server records of it. */
const NODE_COLUMNS = ['host', 'vcpus_used', 'memory_mb_used', 'hypervisor_hostname', 'availability_zone'] as const;

/**
 * The node a claim tries first: the least used of all, in the scheduler's order (built once). The
 * LIMIT is written into the SQL: SQLite plans an ORDER BY with a bound LIMIT anew on every run.
 */
const leastUsedNode = prepared<Record<string, never>, Pick<ComputeNode, 'host' | 'hypervisor_hostname' | 'availability_zone'>>((db) =>
  db.selectFrom('compute_nodes').select(NODE_COLUMNS)
    .orderBy('memory_mb_used').orderBy('vcpus_used').orderBy('host').limit(sql.lit(1)));

/** Does a process that runs `own` hosts (null: all of them) run `host`'s hypervisor? */
export const servesHost = (own: readonly string[] | null, host: string): boolean => own === null || own.includes(host);

/** The admin-settable flags of a service. */
export interface ServicePatch {
  readonly disabled?: number;
  readonly disabled_reason?: string | null;
  readonly forced_down?: number;
}

/** `column - n`, never below zero (portable: no max()/greatest()). */
const floorZero = (column: string, n: number) =>
  sql<number>`case when ${sql.ref(column)} - ${n} < 0 then 0 else ${sql.ref(column)} - ${n} end`;

export class HostService {
  readonly #db: Kysely<Database>;
  readonly #config: Config;
  /** the compute services' rows usableHosts reads, while nothing wrote `services` (the sole-writer process only) */
  readonly #computes: StoreMemo<Array<Pick<Service, 'host' | 'disabled' | 'forced_down' | 'last_seen_at' | 'availability_zone'>>> | undefined;

  constructor(db: Kysely<Database>, config: Config, writes?: TableWrites) {
    this.#db = db;
    this.#config = config;
    this.#computes = writes && new StoreMemo(writes, ['services']);
  }

  /** The simulated hosts `novum serve` runs: compute-1 ... compute-N. */
  fakeHostNames(): string[] {
    return Array.from({ length: this.#config.fakeHosts }, (_, i) => `compute-${i + 1}`);
  }

  /** Creates the simulated hosts and the control services on first start; later starts keep them. */
  async seedFakeHosts(): Promise<void> {
    await this.registerHosts(this.fakeHostNames());
    await this.registerControllers();
    await this.heartbeat(null);
  }

  /** A compute node and its nova-compute service for each host not yet known (safe to race: host is unique). */
  async registerHosts(hosts: readonly string[]): Promise<void> {
    const existing = new Set((await this.#db.selectFrom('compute_nodes').select('host').execute()).map((r) => r.host));
    for (const host of hosts) {
      if (existing.has(host)) continue;
      const n = (await this.#db.selectFrom('compute_nodes').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      try {
        await this.#db.insertInto('compute_nodes').values({
          uuid: uuid(), host, hypervisor_hostname: host, availability_zone: DEFAULT_ZONE,
          vcpus: this.#config.fakeHostVcpus, memory_mb: this.#config.fakeHostMemoryMb, local_gb: this.#config.fakeHostDiskGb,
          vcpus_used: 0, memory_mb_used: 0, local_gb_used: 0, running_vms: 0, host_ip: `192.168.122.${11 + Number(n)}`, created_at: nowIso(),
        }).execute();
      } catch (err) {
        if (isUniqueViolation(err)) continue;
        throw err;
      }
      await this.#addService(host, 'nova-compute', 'compute', DEFAULT_ZONE);
    }
  }

  /** nova-scheduler and nova-conductor on host `controller` (zone internal), once. */
  async registerControllers(): Promise<void> {
    const services = await this.#db.selectFrom('services').select(['host', 'binary']).where('deleted', '=', 0).execute();
    for (const binary of ['nova-scheduler', 'nova-conductor']) {
      if (!services.some((s) => s.binary === binary)) await this.#addService(CONTROLLER_HOST, binary, binary.slice(5), INTERNAL_ZONE);
    }
  }

  async #addService(host: string, binary: string, topic: string, zone: string): Promise<void> {
    const now = nowIso();
    await this.#db.insertInto('services').values({
      uuid: uuid(), host, binary, topic, availability_zone: zone, disabled: 0, disabled_reason: null,
      forced_down: 0, last_seen_at: now, created_at: now, updated_at: now, deleted: 0,
    }).execute();
  }

  /** Marks the services of `hosts` as reporting (null: every service, as `novum serve` runs them all). */
  async heartbeat(hosts: readonly string[] | null): Promise<void> {
    let q = this.#db.updateTable('services').set({ last_seen_at: nowIso() }).where('deleted', '=', 0);
    if (hosts !== null) q = q.where('host', 'in', [...hosts]);
    await q.execute();
  }

  async nodes(): Promise<ComputeNode[]> {
    return this.#db.selectFrom('compute_nodes').selectAll().orderBy('id').execute();
  }

  async node(host: string): Promise<ComputeNode | undefined> {
    return this.#db.selectFrom('compute_nodes').selectAll().where('host', '=', host).executeTakeFirst();
  }

  async services(): Promise<Service[]> {
    return this.#db.selectFrom('services').selectAll().where('deleted', '=', 0).orderBy('id').execute();
  }

  async serviceById(id: number): Promise<Service | undefined> {
    return this.#db.selectFrom('services').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  }

  async nodeById(id: number): Promise<ComputeNode | undefined> {
    return this.#db.selectFrom('compute_nodes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Sets a service's admin flags (os-services, os-hosts). */
  async updateService(id: number, patch: ServicePatch): Promise<void> {
    await this.#db.updateTable('services').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
  }

  /** Soft-deletes a service; a compute service takes its host's compute node with it (Nova: service_destroy). */
  async deleteService(service: Service): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('services').set({ deleted: 1, updated_at: nowIso() }).where('id', '=', service.id).execute();
      if (service.binary === 'nova-compute') await trx.deleteFrom('compute_nodes').where('host', '=', service.host).execute();
    });
  }

  /** Servers (not deleted) placed on `host`, oldest first (Nova: instance_get_all_by_host). */
  async instancesOnHost(host: string): Promise<Instance[]> {
    return this.#db.selectFrom('instances').selectAll().where('host', '=', host).where('deleted', '=', 0).orderBy('id').execute();
  }

  /** How often a service reports: every 5 s, or often enough to stay up under a short service_down_time. */
  heartbeatIntervalMs(): number {
    return Math.max(1, Math.min(5, Math.floor(this.#config.serviceDownTime / 3))) * 1000;
  }

  isUp(service: Pick<Service, 'forced_down' | 'last_seen_at'>): boolean {
    if (service.forced_down) return false;
    return Date.now() - Date.parse(service.last_seen_at) < this.#config.serviceDownTime * 1000;
  }

  /** Hosts whose nova-compute service is enabled and up, in `zone` when given. */
  async usableHosts(zone?: string | null, db: Db = this.#db): Promise<string[]> {
    // Every build asks: only the columns the answer needs, of the compute services only, in id order.
    const computes = await memoised(this.#computes, '', () => db.selectFrom('services')
      .select(['host', 'disabled', 'forced_down', 'last_seen_at', 'availability_zone'])
      .where('deleted', '=', 0).where('binary', '=', 'nova-compute').orderBy('id').execute(), db.isTransaction);
    return computes.filter((s) => !s.disabled && this.isUp(s) && (!zone || s.availability_zone === zone)).map((s) => s.host);
  }

  /**
   * Takes `res` from the first host of `candidates` that still has room, least loaded first;
   * returns that host or null. The check and the take are one UPDATE, so claims never overrun.
   */
  async claim(db: Db, candidates: readonly string[], res: Resources): Promise<string | null> {
    return (await this.claimNode(db, candidates, res))?.host ?? null;
  }

  /** claim, answering with the chosen host's node and zone as well. */
  async claimNode(db: Db, candidates: readonly string[], res: Resources): Promise<Pick<ComputeNode, 'host' | 'hypervisor_hostname' | 'availability_zone'> | null> {
    if (candidates.length === 0) return null;
    // Mostly the least used node of all is a candidate with room: claimed without reading the others.
    const least = (await leastUsedNode(db, {})).rows[0];
    const tried = least && candidates.includes(least.host) ? least.host : null;
    if (tried !== null && await this.#take(db, tried, res)) return least;
    const rows = await db.selectFrom('compute_nodes').select(NODE_COLUMNS)
      .where('host', 'in', candidates).orderBy('memory_mb_used').orderBy('vcpus_used').orderBy('host').execute();
    for (const row of rows) {
      if (row.host !== tried && await this.#take(db, row.host, res)) return row;
    }
    return null;
  }

  /** Takes `res` from the host's node if they fit under the allocation ratios. */
  async #take(db: Db, host: string, res: Resources): Promise<boolean> {
    const c = this.#config;
    const result = await takeResources(db, {
      host, vcpus: res.vcpus, memoryMb: res.memoryMb, diskGb: res.diskGb,
      cpuRatio: c.cpuAllocationRatio, ramRatio: c.ramAllocationRatio, diskRatio: c.diskAllocationRatio,
    });
    return Number(result.numAffectedRows) === 1;
  }

  /** Gives back what a claim took. */
  async release(db: Db, host: string, res: Resources): Promise<void> {
    await db.updateTable('compute_nodes')
      .set({
        vcpus_used: floorZero('vcpus_used', res.vcpus),
        memory_mb_used: floorZero('memory_mb_used', res.memoryMb),
        local_gb_used: floorZero('local_gb_used', res.diskGb),
        running_vms: floorZero('running_vms', 1),
      })
      .where('host', '=', host)
      .execute();
  }
}
