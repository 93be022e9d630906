/**
 * Security groups and their rules, as Neutron keeps them (neutron/db/securitygroups_db.py):
 * every project gets a `default` group on first use (ingress from itself, egress anywhere),
 * each new group two egress rules; admins see every project's groups, others their own.
 * Quotas are Nova's `security_groups` / `security_group_rules` limits, so Nova's os-quota-sets
 * and Neutron's API govern the same numbers.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { QuotaService } from '../compute/quotas.js';
import { lockForQuota, type Engine } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import {
  cannotRemoveDefault, cannotUpdateDefault, defaultExists, groupInUse, groupNotFound, overQuota, ruleExists, ruleNotFound,
} from './security-group-errors.js';
import { checkRule, type CheckedRule, type RuleRequest } from './security-group-rule-checks.js';
import { netDb, type NetDb, type SecurityGroupRow, type SecurityGroupRuleRow } from './tables.js';

/** A security group with its rules. */
export interface SecurityGroup extends SecurityGroupRow {
  readonly rules: SecurityGroupRuleRow[];
}

/** The id of a project's default group: derived from the project, so two first uses cannot both create one. */
export function defaultGroupId(projectId: string): string {
  const h = createHash('sha1').update(`novum-default-security-group/${projectId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function ruleRow(groupId: string, projectId: string, r: CheckedRule, now: string): SecurityGroupRuleRow {
  return {
    id: uuid(), security_group_id: groupId, project_id: projectId, direction: r.direction, ethertype: r.ethertype,
    protocol: r.protocol, port_range_min: r.portRangeMin, port_range_max: r.portRangeMax, remote_ip_prefix: r.remoteIpPrefix,
    remote_group_id: r.remoteGroupId, description: r.description, created_at: now, updated_at: now,
  };
}

const EGRESS = (['IPv4', 'IPv6'] as const).map((ethertype): CheckedRule => ({
  direction: 'egress', ethertype, protocol: null, portRangeMin: null, portRangeMax: null, remoteIpPrefix: null, remoteGroupId: null, description: '',
}));

/** Creates the project's `default` group if it has none yet (inside or outside a transaction). */
export async function ensureDefaultGroup(db: Kysely<Database>, projectId: string): Promise<string> {
  const n = netDb(db);
  const id = defaultGroupId(projectId);
  const found = await n.selectFrom('security_groups').select('id').where('id', '=', id).executeTakeFirst();
  if (found) return id;
  const now = nowIso();
  const inserted = await n.insertInto('security_groups').values({
    id, project_id: projectId, name: 'default', description: 'Default security group', is_default: 1, revision_number: 0, created_at: now, updated_at: now,
  }).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
  if (inserted.length === 0) return id;
  const ingress = EGRESS.map((r): CheckedRule => ({ ...r, direction: 'ingress', remoteGroupId: id }));
  await n.insertInto('security_group_rules').values([...EGRESS, ...ingress].map((r) => ruleRow(id, projectId, r, now))).execute();
  return id;
}

export class SecurityGroupStore {
  readonly #db: Kysely<Database>;
  readonly #engine: Engine;
  readonly #quotas: QuotaService;

  constructor(deps: { db: Kysely<Database>; engine: Engine; quotas: QuotaService }) {
    this.#db = deps.db;
    this.#engine = deps.engine;
    this.#quotas = deps.quotas;
  }

  get #n(): NetDb {
    return netDb(this.#db);
  }

  /** Groups `actor` may see (all for admins), or those of `projectId`; the caller's default group first exists. */
  async list(actor: Actor, projectId?: string): Promise<SecurityGroup[]> {
    await ensureDefaultGroup(this.#db, actor.projectId);
    const owner = projectId ?? (actor.isAdmin ? undefined : actor.projectId);
    let q = this.#n.selectFrom('security_groups').selectAll();
    if (owner !== undefined) q = q.where('project_id', '=', owner);
    const groups = await q.orderBy('created_at').orderBy('id').execute();
    let rq = this.#n.selectFrom('security_group_rules').selectAll();
    if (owner !== undefined) rq = rq.where('security_group_id', 'in', this.#n.selectFrom('security_groups').select('id').where('project_id', '=', owner));
    const rules = await rq.orderBy('created_at').orderBy('id').execute();
    return groups.map((g) => ({ ...g, rules: rules.filter((r) => r.security_group_id === g.id) }));
  }

  /** A group `actor` may see, or Neutron's 404. */
  async get(actor: Actor, id: string): Promise<SecurityGroup> {
    await ensureDefaultGroup(this.#db, actor.projectId);
    const g = await this.#n.selectFrom('security_groups').selectAll().where('id', '=', id).executeTakeFirst();
    if (!g || (!actor.isAdmin && g.project_id !== actor.projectId)) throw groupNotFound(id);
    const rules = await this.#n.selectFrom('security_group_rules').selectAll().where('security_group_id', '=', id)
      .orderBy('created_at').orderBy('id').execute();
    return { ...g, rules };
  }

  /** A new group of `projectId` (the caller's unless an admin names another) with Neutron's two egress rules. */
  async create(actor: Actor, attrs: { name: string; description: string; projectId?: string }): Promise<SecurityGroup> {
    const projectId = attrs.projectId ?? actor.projectId;
    await ensureDefaultGroup(this.#db, projectId);
    if (attrs.name === 'default') throw defaultExists();
    const limit = (await this.#quotas.limitsFor(projectId)).security_groups;
    const id = uuid();
    await this.#db.transaction().execute(async (trx) => {
      const n = netDb(trx);
      if (limit >= 0) {
        await lockForQuota(trx, this.#engine, projectId);
        if (await countOf(n, 'security_groups', projectId) + 1 > limit) throw overQuota('security_group');
      }
      const now = nowIso();
      await n.insertInto('security_groups').values({
        id, project_id: projectId, name: attrs.name, description: attrs.description, is_default: 0, revision_number: 1, created_at: now, updated_at: now,
      }).execute();
      await n.insertInto('security_group_rules').values(EGRESS.map((r) => ruleRow(id, projectId, r, now))).execute();
    });
    return this.get({ ...actor, isAdmin: true }, id);
  }

  async update(actor: Actor, id: string, attrs: { name?: string; description?: string }): Promise<SecurityGroup> {
    const g = await this.get(actor, id);
    if (g.is_default && attrs.name !== undefined && attrs.name !== g.name) throw cannotUpdateDefault();
    await this.#db.transaction().execute(async (trx) => {
      await netDb(trx).updateTable('security_groups')
        .set({ ...attrs, revision_number: g.revision_number + 1, updated_at: nowIso() }).where('id', '=', id).execute();
      // Servers show their groups by name: keep the names they carry current.
      if (attrs.name !== undefined && attrs.name !== g.name) await refreshGroupNames(trx, id);
    });
    return this.get(actor, id);
  }

  /** Deletes a group no server uses; rules elsewhere that name it as their remote group go with it. */
  async delete(actor: Actor, id: string): Promise<void> {
    const g = await this.get(actor, id);
    if (g.is_default && !actor.isAdmin) throw cannotRemoveDefault();
    await this.#db.transaction().execute(async (trx) => {
      const n = netDb(trx);
      const used = await n.selectFrom('instance_security_groups').select('instance_uuid').where('security_group_id', '=', id).executeTakeFirst();
      if (used) throw groupInUse(id);
      await n.deleteFrom('security_group_rules').where((eb) => eb.or([eb('security_group_id', '=', id), eb('remote_group_id', '=', id)])).execute();
      await n.deleteFrom('security_groups').where('id', '=', id).execute();
    });
  }

  /** Rules `actor` may see. */
  async rules(actor: Actor): Promise<SecurityGroupRuleRow[]> {
    await ensureDefaultGroup(this.#db, actor.projectId);
    let q = this.#n.selectFrom('security_group_rules').selectAll();
    if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
    return q.orderBy('created_at').orderBy('id').execute();
  }

  async rule(actor: Actor, id: string): Promise<SecurityGroupRuleRow> {
    const r = await this.#n.selectFrom('security_group_rules').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || (!actor.isAdmin && r.project_id !== actor.projectId)) throw ruleNotFound(id);
    return r;
  }

  /** A new rule in a group `actor` may see, counted against the group's project. */
  async createRule(actor: Actor, req: RuleRequest): Promise<SecurityGroupRuleRow> {
    const checked = checkRule(req);
    const group = await this.get(actor, req.securityGroupId);
    if (checked.remoteGroupId !== null) await this.get(actor, checked.remoteGroupId);
    const same = group.rules.find((r) => sameRule(r, checked));
    if (same) throw ruleExists(same.id);
    const limit = (await this.#quotas.limitsFor(group.project_id)).security_group_rules;
    const row = ruleRow(group.id, group.project_id, checked, nowIso());
    await this.#db.transaction().execute(async (trx) => {
      const n = netDb(trx);
      if (limit >= 0) {
        await lockForQuota(trx, this.#engine, group.project_id);
        if (await countOf(n, 'security_group_rules', group.project_id) + 1 > limit) throw overQuota('security_group_rule');
      }
      await n.insertInto('security_group_rules').values(row).execute();
      await n.updateTable('security_groups').set({ revision_number: group.revision_number + 1 }).where('id', '=', group.id).execute();
    });
    return row;
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    const r = await this.rule(actor, id);
    await this.#n.deleteFrom('security_group_rules').where('id', '=', r.id).execute();
  }

  /** How many groups / rules a project has (Nova's quota usage). */
  async count(table: 'security_groups' | 'security_group_rules', projectId: string): Promise<number> {
    return countOf(this.#n, table, projectId);
  }
}

async function countOf(n: NetDb, table: 'security_groups' | 'security_group_rules', projectId: string): Promise<number> {
  const row = await n.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return Number(row.n);
}

function sameRule(r: SecurityGroupRuleRow, c: CheckedRule): boolean {
  return r.direction === c.direction && r.ethertype === c.ethertype && r.protocol === c.protocol && r.port_range_min === c.portRangeMin
    && r.port_range_max === c.portRangeMax && r.remote_ip_prefix === c.remoteIpPrefix && r.remote_group_id === c.remoteGroupId;
}

/** Rewrites the group names cached on the servers of group `id` (the servers' `security_groups` column). */
export async function refreshGroupNames(trx: Kysely<Database>, id: string): Promise<void> {
  const n = netDb(trx);
  const members = await n.selectFrom('instance_security_groups').select('instance_uuid').where('security_group_id', '=', id).execute();
  for (const m of members) await cacheInstanceGroups(trx, m.instance_uuid);
}

/** Stores a server's group names, in the order they were added, on its row (what server views show). */
export async function cacheInstanceGroups(trx: Kysely<Database>, instanceUuid: string): Promise<string[]> {
  const rows = await netDb(trx).selectFrom('instance_security_groups as b').innerJoin('security_groups as g', 'g.id', 'b.security_group_id')
    .select(['g.name', 'g.id']).where('b.instance_uuid', '=', instanceUuid).orderBy('b.position').execute();
  // Nova: a group without a name shows its id.
  const names = rows.map((r) => r.name || r.id);
  await trx.updateTable('instances').set({ security_groups: JSON.stringify(names) }).where('uuid', '=', instanceUuid).execute();
  return names;
}
