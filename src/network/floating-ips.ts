/**
 * Floating IPs (Nova: os-floating-ips over Neutron floatingips): allocate from a pool, lowest
 * free address first, within the project's floating_ips quota; associate with a server's fixed
 * address and show it in the server's addresses; disassociate; release.
 */
import type { Kysely } from 'kysely';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import type { Actor } from '../compute/action-log.js';
import type { ComputeApi } from '../compute/api.js';
import type { Addresses } from '../compute/network.js';
import type { QuotaService } from '../compute/quotas.js';
import { isUniqueViolation, lockForQuota } from '../store/dialect.js';
import type { Database, Instance } from '../store/schema.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import { interfacesOf, parseAddresses, withFloating, withoutFloating } from './addresses.js';
import { netDb, type FloatingIpRow, type NetDb } from './tables.js';
import { FLOATING_POOLS, intToIp, ipToInt, type NetworkDef } from './topology.js';

export type FloatingIp = FloatingIpRow;

/** Nova: CONF.neutron.default_floating_pool, which DevStack sets to its external network. */
const DEFAULT_POOL = 'public';

export class FloatingIpService {
  readonly #db: Kysely<Database>;
  readonly #compute: ComputeApi;
  readonly #quotas: QuotaService;

  constructor(deps: { db: Kysely<Database>; compute: ComputeApi; quotas: QuotaService }) {
    this.#db = deps.db;
    this.#compute = deps.compute;
    this.#quotas = deps.quotas;
  }

  /** Pool names, as Nova lists them (the external networks). */
  pools(): string[] {
    return FLOATING_POOLS.map((p) => p.name);
  }

  /** The project's floating IPs (Nova filters by the caller's project, admin or not). */
  async list(actor: Actor): Promise<FloatingIp[]> {
    return netDb(this.#db).selectFrom('floating_ips').selectAll().where('project_id', '=', actor.projectId)
      .orderBy('created_at').orderBy('address').execute();
  }

  async get(actor: Actor, id: string): Promise<FloatingIp> {
    const row = await netDb(this.#db).selectFrom('floating_ips').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !visible(actor, row)) throw notFound(`Floating IP not found for ID ${id}`);
    return row;
  }

  /** Every floating IP `actor` may see (Neutron: admins see all projects'). */
  async visible(actor: Actor): Promise<FloatingIp[]> {
    let q = netDb(this.#db).selectFrom('floating_ips').selectAll();
    if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
    return q.orderBy('created_at').orderBy('address').execute();
  }

  /** POST /os-floating-ips: the lowest free address of the pool. */
  async allocate(actor: Actor, poolName: string | null): Promise<FloatingIp> {
    const wanted = poolName ?? DEFAULT_POOL;
    const pool = FLOATING_POOLS.find((p) => p.name === wanted || p.id === wanted);
    if (!pool) throw notFound('Floating IP pool not found.');
    const limit = (await this.#quotas.limitsFor(actor.projectId)).floating_ips;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#db.transaction().execute((trx) => this.#allocateIn(netDb(trx), actor, pool, poolName, limit));
      } catch (err) {
        // Another request took the same address between our read and insert: try the next one.
        if (!isUniqueViolation(err) || attempt >= 4) throw err;
      }
    }
  }

  async #allocateIn(trx: NetDb, actor: Actor, pool: NetworkDef, poolName: string | null, limit: number): Promise<FloatingIp> {
    // The project's count and the insert are one step: concurrent allocations queue on the quota lock.
    if (limit >= 0) await lockForQuota(trx, this.#quotas.engine, actor.projectId);
    const owned = await trx.selectFrom('floating_ips').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', actor.projectId).executeTakeFirstOrThrow();
    if (limit >= 0 && Number(owned.n) + 1 > limit) {
      throw forbidden(poolName ? `IP allocation over quota in pool ${poolName}.` : 'IP allocation over quota.');
    }
    const taken = new Set((await trx.selectFrom('floating_ips').select('address').where('pool', '=', pool.name).execute()).map((r) => r.address));
    const address = firstFree(pool, taken);
    if (!address) throw notFound(poolName ? `No more floating IPs in pool ${poolName}.` : 'No more floating IPs available.');
    const now = nowIso();
    const row: FloatingIp = {
      id: uuid(), address, pool: pool.name, project_id: actor.projectId, instance_uuid: null, fixed_address: null, created_at: now, updated_at: now,
    };
    await trx.insertInto('floating_ips').values(row).execute();
    return row;
  }

  /** DELETE /os-floating-ips/{id}: disassociates it first when it is in use. */
  async release(actor: Actor, id: string): Promise<void> {
    const fip = await this.get(actor, id);
    await this.#db.transaction().execute(async (t) => {
      const trx = netDb(t);
      if (fip.instance_uuid) await mutateAddresses(trx, fip.instance_uuid, (a) => withoutFloating(a, fip.address));
      await trx.deleteFrom('floating_ips').where('id', '=', fip.id).execute();
    });
  }

  /** addFloatingIp: maps `address` to one of the server's fixed addresses (the first IPv4 by default). */
  async associate(actor: Actor, serverId: string, address: string, fixedAddress?: string): Promise<void> {
    const inst = await this.#compute.get(actor, serverId);
    const target = chooseFixed(inst, address, fixedAddress);
    await this.#db.transaction().execute(async (t) => {
      const trx = netDb(t);
      const fip = await byAddress(trx, actor, address);
      if (!fip) throw notFound('floating IP not found');
      if (fip.instance_uuid === inst.uuid && fip.fixed_address === target) return;
      const clash = await trx.selectFrom('floating_ips').select('address')
        .where('instance_uuid', '=', inst.uuid).where('fixed_address', '=', target).where('id', '!=', fip.id).executeTakeFirst();
      if (clash) {
        throw badRequest(`Unable to associate floating IP ${address} to fixed IP ${target} for instance ${inst.uuid}. `
          + `Error: fixed IP ${target} already has floating IP ${clash.address}`);
      }
      // Nova over Neutron re-assigns a floating IP in use elsewhere (associate_floating_ip logs it).
      if (fip.instance_uuid) await mutateAddresses(trx, fip.instance_uuid, (a) => withoutFloating(a, address));
      await trx.updateTable('floating_ips').set({ instance_uuid: inst.uuid, fixed_address: target, updated_at: nowIso() })
        .where('id', '=', fip.id).execute();
      await mutateAddresses(trx, inst.uuid, (a) => withFloating(a, target, address));
    });
  }

  /** removeFloatingIp: 409 unless `address` is associated with this very server. */
  async disassociate(actor: Actor, serverId: string, address: string): Promise<void> {
    await this.#db.transaction().execute(async (t) => {
      const trx = netDb(t);
      const fip = await byAddress(trx, actor, address);
      if (!fip) throw notFound('floating IP not found');
      if (fip.instance_uuid !== serverId) throw conflict(`Floating IP ${address} is not associated with instance ${serverId}.`);
      await trx.updateTable('floating_ips').set({ instance_uuid: null, fixed_address: null, updated_at: nowIso() })
        .where('id', '=', fip.id).execute();
      await mutateAddresses(trx, serverId, (a) => withoutFloating(a, address));
    });
  }
}

const visible = (actor: Actor, row: FloatingIp): boolean => actor.isAdmin || row.project_id === actor.projectId;

async function byAddress(trx: NetDb, actor: Actor, address: string): Promise<FloatingIp | undefined> {
  const row = await trx.selectFrom('floating_ips').selectAll().where('address', '=', address).executeTakeFirst();
  return row && visible(actor, row) ? row : undefined;
}

function firstFree(pool: NetworkDef, taken: ReadonlySet<string>): string | undefined {
  for (const range of pool.subnet.allocationPools) {
    for (let n = ipToInt(range.start); n <= ipToInt(range.end); n++) {
      const ip = intToIp(n);
      if (!taken.has(ip)) return ip;
    }
  }
  return undefined;
}

/** Nova's checks (floating_ips.py _add_floating_ip), in its order and with its messages. */
function chooseFixed(inst: Instance, address: string, fixedAddress: string | undefined): string {
  const fixed = interfacesOf(inst.uuid, inst.addresses).map((i) => i.fixedAddress);
  if (Object.keys(parseAddresses(inst.addresses)).length === 0) throw badRequest('Instance network is not ready yet');
  if (fixed.length === 0) throw badRequest('No fixed IPs associated to instance');
  if (fixedAddress !== undefined) {
    if (!fixed.includes(fixedAddress)) throw badRequest('Specified fixed address not assigned to instance');
    return fixedAddress;
  }
  const v4 = fixed.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  if (!v4) {
    throw badRequest(`Unable to associate floating IP ${address} to any fixed IPs for instance ${inst.uuid}. `
      + 'Instance has no fixed IPv4 addresses to associate.');
  }
  return v4;
}

/**
 * Rewrites a server's addresses inside the caller's transaction, as a compare-and-swap on the
 * value read, so a concurrent writer (the build's networking step) is never overwritten.
 */
export async function mutateAddresses(trx: NetDb, instanceUuid: string, change: (a: Addresses) => Addresses): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await trx.selectFrom('instances').select('addresses').where('uuid', '=', instanceUuid).executeTakeFirst();
    if (!row) return;
    const next = JSON.stringify(change(parseAddresses(row.addresses)));
    const res = await trx.updateTable('instances').set({ addresses: next })
      .where('uuid', '=', instanceUuid).where('addresses', '=', row.addresses).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return;
  }
  throw conflict(`Instance ${instanceUuid} network info changed concurrently; retry`);
}
