/**
 * What the minimal Neutron read API serves: the fixed networks and subnets, one port per server
 * interface (derived from the servers' addresses), and the floating IPs, each as the caller may
 * see them (Neutron: admins see every project's resources, others their own and shared ones).
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { Database } from '../store/schema.js';
import { interfacesOf } from './addresses.js';
import type { FloatingIp, FloatingIpService } from './floating-ips.js';
import { netDb } from './tables.js';
import { NETWORKS, type NetworkDef } from './topology.js';

/** A server interface as a Neutron port. */
export interface Port {
  readonly id: string;
  readonly networkId: string;
  readonly subnetId: string;
  readonly mac: string;
  readonly fixedAddress: string;
  readonly deviceId: string;
  readonly zone: string;
  readonly projectId: string;
  readonly active: boolean;
  /** the ids of the server's security groups */
  readonly securityGroups: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A floating IP with the port it is bound to. */
export interface FloatingIpPort {
  readonly fip: FloatingIp;
  readonly portId: string | null;
}

export class NeutronService {
  readonly #db: Kysely<Database>;
  readonly #floating: FloatingIpService;
  #owner: string | undefined;

  constructor(deps: { db: Kysely<Database>; floatingIps: FloatingIpService }) {
    this.#db = deps.db;
    this.#floating = deps.floatingIps;
  }

  /** Both networks are visible to everyone: `private` is shared, `public` external. */
  networks(): readonly NetworkDef[] {
    return NETWORKS;
  }

  /** The project owning the networks: the cloud's `admin` project, as DevStack creates them. */
  async owner(): Promise<string> {
    if (this.#owner === undefined) {
      const row = await this.#db.selectFrom('projects').select('id').where('name', '=', 'admin').executeTakeFirst();
      this.#owner = row?.id ?? 'admin';
    }
    return this.#owner;
  }

  /** Ports of the servers `actor` may see; `deviceId` narrows to one server. */
  async ports(actor: Actor, deviceId?: string): Promise<Port[]> {
    let q = this.#db.selectFrom('instances').select(['uuid', 'project_id', 'addresses', 'availability_zone', 'vm_state', 'created_at', 'updated_at'])
      .where('deleted', '=', 0);
    if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
    if (deviceId !== undefined) q = q.where('uuid', '=', deviceId);
    const rows = await q.orderBy('id').execute();
    const groups = await this.#groupsOf(deviceId, actor.isAdmin ? undefined : actor.projectId);
    return rows.flatMap((r) => interfacesOf(r.uuid, r.addresses).map((i) => ({
      id: i.id, networkId: i.networkId, subnetId: i.subnetId, mac: i.mac, fixedAddress: i.fixedAddress, deviceId: r.uuid,
      zone: r.availability_zone ?? 'nova', projectId: r.project_id, active: r.vm_state === 'active',
      securityGroups: groups.get(r.uuid) ?? [], createdAt: r.created_at, updatedAt: r.updated_at,
    })));
  }

  /** Security group ids per server: of one server (`deviceId`), of one project's, or of all. */
  async #groupsOf(deviceId?: string, projectId?: string): Promise<Map<string, string[]>> {
    const n = netDb(this.#db);
    let q = n.selectFrom('instance_security_groups').select(['instance_uuid', 'security_group_id']);
    if (deviceId !== undefined) q = q.where('instance_uuid', '=', deviceId);
    if (projectId !== undefined) q = q.where('instance_uuid', 'in', n.selectFrom('instances').select('uuid').where('project_id', '=', projectId));
    const out = new Map<string, string[]>();
    for (const b of await q.orderBy('position').execute()) out.set(b.instance_uuid, [...(out.get(b.instance_uuid) ?? []), b.security_group_id]);
    return out;
  }

  /** Floating IPs `actor` may see, each with the id of the port it is bound to. */
  async floatingIps(actor: Actor): Promise<FloatingIpPort[]> {
    const fips = await this.#floating.visible(actor);
    const uuids = [...new Set(fips.map((f) => f.instance_uuid).filter((u): u is string => u !== null))];
    const rows = uuids.length
      ? await this.#db.selectFrom('instances').select(['uuid', 'addresses']).where('uuid', 'in', uuids).execute()
      : [];
    const portOf = (f: FloatingIp): string | null => {
      const row = rows.find((r) => r.uuid === f.instance_uuid);
      if (!row || !f.fixed_address) return null;
      return interfacesOf(row.uuid, row.addresses).find((i) => i.fixedAddress === f.fixed_address)?.id ?? null;
    };
    return fips.map((fip) => ({ fip, portId: portOf(fip) }));
  }
}

