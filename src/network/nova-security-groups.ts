/**
 * Nova's security group proxy (nova/network/security_group_api.py): Nova's view of Neutron's
 * groups (ingress rules only, ports as from_port/to_port, the source group by name), Nova's own
 * rule checks, and Neutron's errors as Nova turns them into its faults — a Neutron 409 on create
 * becomes a 403 (SecurityGroupLimitExceeded), a 409 on delete a 400.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { ComputeApi } from '../compute/api.js';
import { badRequest, forbidden, NovaError, notFound } from '../errors.js';
import type { Database } from '../store/schema.js';
import { isUuid } from '../util/ids.js';
import { interfacesOf } from './addresses.js';
import { addGroup, findGroup, groupIdsOf, noUniqueMatch, removeGroup } from './instance-security-groups.js';
import { NetworkError } from './security-group-errors.js';
import { ingressRule, type NovaRuleArgs } from './nova-security-group-rules.js';
import type { SecurityGroup, SecurityGroupStore } from './security-group-store.js';
import type { SecurityGroupRuleRow } from './tables.js';

/** A rule as Nova shows it. */
export interface NovaRule {
  readonly id: string;
  readonly parentGroupId: string;
  readonly protocol: string | null;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  /** the source group, for rules that name one */
  readonly group: { readonly name: string; readonly tenantId: string } | null;
  readonly cidr: string;
}

/** A group as Nova shows it. */
export interface NovaGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tenantId: string;
  readonly rules: NovaRule[];
}

type Names = ReadonlyMap<string, { name: string; tenantId: string }>;

/** Neutron's stored rule in Nova's terms (security_group_api._convert_to_nova_security_group_rule_format). */
function novaRule(r: SecurityGroupRuleRow, names: Names): NovaRule | null {
  let fromPort = r.port_range_min;
  let toPort = r.port_range_max;
  if (r.protocol && fromPort === null && toPort === null) {
    [fromPort, toPort] = ['tcp', 'udp'].includes(r.protocol.toLowerCase()) ? [1, 65535] : [-1, -1];
  }
  const group = r.remote_group_id === null ? null : names.get(r.remote_group_id);
  // Nova: a rule whose source group the caller cannot see is left out.
  if (group === undefined) return null;
  return { id: r.id, parentGroupId: r.security_group_id, protocol: r.protocol, fromPort, toPort, group, cidr: r.remote_ip_prefix ?? '0.0.0.0/0' };
}

function validId(id: string): string {
  if (!isUuid(id)) throw badRequest('Security group id should be uuid');
  return id;
}

/** Neutron's refusal as Nova's fault: `conflictAs` is what Nova makes of a 409 in this call. */
function translate(err: unknown, conflictAs: (message: string) => NovaError): unknown {
  if (!(err instanceof NetworkError)) return err;
  if (err.code === 409) return conflictAs(err.message);
  return new NovaError(err.code, err.message);
}

export class NovaSecurityGroups {
  readonly #db: Kysely<Database>;
  readonly #store: SecurityGroupStore;
  readonly #compute: ComputeApi;

  constructor(deps: { db: Kysely<Database>; store: SecurityGroupStore; compute: ComputeApi }) {
    this.#db = deps.db;
    this.#store = deps.store;
    this.#compute = deps.compute;
  }

  async #view(actor: Actor, groups: readonly SecurityGroup[]): Promise<NovaGroup[]> {
    const names = new Map(groups.map((g) => [g.id, { name: g.name, tenantId: g.project_id }]));
    const wanted = new Set(groups.flatMap((g) => g.rules.map((r) => r.remote_group_id)).filter((id): id is string => id !== null && !names.has(id)));
    for (const id of wanted) {
      const g = await this.#store.get(actor, id).catch(() => null);
      if (g) names.set(id, { name: g.name, tenantId: g.project_id });
    }
    return groups.map((g) => ({
      id: g.id, name: g.name, description: g.description, tenantId: g.project_id,
      rules: g.rules.filter((r) => r.direction === 'ingress').map((r) => novaRule(r, names)).filter((r): r is NovaRule => r !== null),
    }));
  }

  /** Nova: the project's groups (every project's for an admin asking all_tenants), limited, then sorted. */
  async list(actor: Actor, opts: { allTenants: boolean; offset: number; limit: number | null }): Promise<NovaGroup[]> {
    const groups = await this.#store.list(actor, actor.isAdmin && opts.allTenants ? undefined : actor.projectId);
    const page = groups.slice(opts.offset, opts.limit === null ? undefined : opts.offset + opts.limit);
    const out = await this.#view(actor, page);
    return out.sort((a, b) => (a.tenantId === b.tenantId ? cmp(a.name, b.name) : cmp(a.tenantId, b.tenantId)));
  }

  async get(actor: Actor, id: string): Promise<NovaGroup> {
    const g = await this.#store.get(actor, validId(id)).catch((e: unknown) => { throw translate(e, badRequest); });
    return (await this.#view(actor, [g]))[0];
  }

  async create(actor: Actor, name: string, description: string): Promise<NovaGroup> {
    const g = await this.#store.create(actor, { name, description }).catch((e: unknown) => { throw translate(e, forbidden); });
    return (await this.#view(actor, [g]))[0];
  }

  async update(actor: Actor, id: string, name: string, description: string): Promise<NovaGroup> {
    const g = await this.#store.update(actor, validId(id), { name, description }).catch((e: unknown) => { throw translate(e, badRequest); });
    return (await this.#view(actor, [g]))[0];
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.#store.delete(actor, validId(id)).catch((e: unknown) => { throw translate(e, badRequest); });
  }

  /** Nova's os-security-group-rules create: Nova's own checks first, then Neutron's. */
  async createRule(actor: Actor, args: NovaRuleArgs): Promise<NovaRule> {
    const parent = await this.#store.get(actor, args.parentGroupId).catch((e: unknown) => { throw translate(e, badRequest); });
    const source = args.groupId === null ? null : await this.#store.get(actor, args.groupId).catch((e: unknown) => { throw translate(e, badRequest); });
    const rule = ingressRule(args, parent);
    const created = await this.#store.createRule(actor, rule).catch((e: unknown) => { throw translate(e, forbidden); });
    const names: Names = new Map(source ? [[source.id, { name: source.name, tenantId: source.project_id }]] : []);
    return novaRule(created, names)!;
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    await this.#store.deleteRule(actor, validId(id)).catch((e: unknown) => { throw translate(e, badRequest); });
  }

  /** GET /servers/{id}/os-security-groups: the server's groups with their rules. */
  async ofServer(actor: Actor, uuid: string): Promise<NovaGroup[]> {
    await this.#compute.queries.get(actor, uuid);
    const groups: SecurityGroup[] = [];
    for (const id of await groupIdsOf(this.#db, uuid)) {
      const g = await this.#store.get({ ...actor, isAdmin: true }, id).catch(() => null);
      if (g && (actor.isAdmin || g.project_id === actor.projectId)) groups.push(g);
    }
    const out = await this.#view(actor, groups);
    return out.sort((a, b) => (a.tenantId === b.tenantId ? cmp(a.name, b.name) : cmp(a.tenantId, b.tenantId)));
  }

  /** addSecurityGroup: the group by name or id within the caller's project; the server must have a port. */
  async addToServer(actor: Actor, uuid: string, name: string): Promise<void> {
    const groupId = await this.#targetGroup(actor, uuid, name);
    await addGroup(this.#db, uuid, groupId);
  }

  async removeFromServer(actor: Actor, uuid: string, name: string): Promise<void> {
    const groupId = await this.#targetGroup(actor, uuid, name);
    if (!(await removeGroup(this.#db, uuid, groupId))) {
      throw notFound(`Security group ${name} not associated with the instance ${uuid}`);
    }
  }

  async #targetGroup(actor: Actor, uuid: string, name: string): Promise<string> {
    const inst = await this.#compute.queries.get(actor, uuid);
    const found = await findGroup(this.#db, actor, name);
    if ('ambiguous' in found) throw noUniqueMatch(name);
    if ('missing' in found) throw notFound(`Security group ${name} is not found for project ${actor.projectId}`);
    if (interfacesOf(inst.uuid, inst.addresses).length === 0) {
      throw notFound(`instance_id ${uuid} could not be found as device id on any ports`);
    }
    return found.group.id;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
