/**
 * Server groups (Nova: objects.InstanceGroup + the ServerGroup(Anti)AffinityFilter): a named
 * placement policy per project, its members (servers created with the scheduler hint `group`),
 * and the host filter the build applies to a member. Tables from migration 005-server-groups,
 * typed here through Kysely's `withTables` so the shared schema file stays untouched.
 */
import type { Generated, Kysely, Selectable } from 'kysely';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { Database } from '../store/schema.js';
import { lockInTransaction, type Engine } from '../store/dialect.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import type { Actor } from './action-log.js';
import type { QuotaService } from './quotas.js';
import { checkOne, fits, lockQuota, mergedLimit, type QuotaScopes } from './quota-check.js';
import { countGroupMembers, countServerGroups } from './quota-usage.js';

/** A server group row (Nova: instance_groups with its single policy and rules). */
export interface ServerGroupRow {
  id: Generated<number>;
  uuid: string;
  name: string;
  project_id: string;
  user_id: string;
  /** affinity | anti-affinity | soft-affinity | soft-anti-affinity */
  policy: string;
  /** JSON object, e.g. {"max_server_per_host": 3} */
  rules: string;
  created_at: string;
  updated_at: string;
}

/** One server in one group (a server belongs to at most one group). */
export interface ServerGroupMemberRow {
  id: Generated<number>;
  group_uuid: string;
  instance_uuid: string;
  created_at: string;
}

/** The server-group tables (a type alias: Kysely's withTables wants an indexable record). */
export type ServerGroupTables = {
  server_groups: ServerGroupRow;
  server_group_members: ServerGroupMemberRow;
};

type GroupDb = Kysely<Database & ServerGroupTables>;

const groupDb = (db: Kysely<Database>): GroupDb => db.withTables<ServerGroupTables>() as unknown as GroupDb;

/** A server group as the API shows it. */
export interface ServerGroup {
  readonly uuid: string;
  readonly name: string;
  readonly projectId: string;
  readonly userId: string;
  readonly policy: string;
  readonly rules: Readonly<Record<string, number>>;
  /** servers in the group that are not deleted, oldest member first */
  readonly members: readonly string[];
}

/** What a create asks for: one policy, rules only from 2.64. */
export interface ServerGroupSpec {
  readonly name: string;
  readonly policy: string;
  readonly rules?: Readonly<Record<string, number>>;
}

export const groupNotFound = (id: string) => notFound(`Instance group ${id} could not be found.`);

export class ServerGroupService {
  readonly #db: Kysely<Database>;
  readonly #quotas: QuotaService;

  constructor(db: Kysely<Database>, quotas: QuotaService) {
    this.#db = db;
    this.#quotas = quotas;
  }

  /** The caller's project's groups; every group for an admin asking for all projects. */
  async list(actor: Actor, allProjects: boolean): Promise<ServerGroup[]> {
    let q = groupDb(this.#db).selectFrom('server_groups').selectAll().orderBy('id');
    // Nova: all_projects is honoured for admins only; others get their own project's groups.
    if (!(allProjects && actor.isAdmin)) q = q.where('project_id', '=', actor.projectId);
    const rows = await q.execute();
    const members = await this.#members(rows.map((r) => r.uuid));
    return rows.map((r) => toGroup(r, members.get(r.uuid) ?? []));
  }

  /** A group visible to the caller (its own project's, or any for an admin); 404 otherwise. */
  async get(actor: Actor, id: string): Promise<ServerGroup> {
    const row = await this.#row(this.#db, actor, id);
    if (!row) throw groupNotFound(id);
    const members = await this.#members([row.uuid]);
    return toGroup(row, members.get(row.uuid) ?? []);
  }

  /** Creates a group within the project's and the user's server_groups quota (one locked step). */
  async create(actor: Actor, spec: ServerGroupSpec): Promise<ServerGroup> {
    const scopes = await this.#quotas.scopes(actor.projectId, actor.userId);
    const now = nowIso();
    const tooMany = () => forbidden('Quota exceeded, too many server groups.');
    const row = await this.#db.transaction().execute(async (trx) => {
      await lockQuota(trx, this.#quotas.engine, actor.projectId);
      // Nova: check_deltas counts the project's groups and the user's, each against its limit.
      await checkOne(() => countServerGroups(trx, actor.projectId), scopes.project.server_groups, tooMany);
      await checkOne(() => countServerGroups(trx, actor.projectId, actor.userId), scopes.user.server_groups, tooMany);
      return groupDb(trx).insertInto('server_groups').values({
        uuid: uuid(), name: spec.name, project_id: actor.projectId, user_id: actor.userId, policy: spec.policy,
        rules: JSON.stringify(spec.rules ?? {}), created_at: now, updated_at: now,
      }).returningAll().executeTakeFirstOrThrow();
    });
    return toGroup(row, []);
  }

  /** Deletes the group; its servers stay where they are and simply leave it. */
  async delete(actor: Actor, id: string): Promise<void> {
    const row = await this.#row(this.#db, actor, id);
    if (!row) throw groupNotFound(id);
    await this.#db.transaction().execute(async (trx) => {
      await groupDb(trx).deleteFrom('server_group_members').where('group_uuid', '=', row.uuid).execute();
      await groupDb(trx).deleteFrom('server_groups').where('uuid', '=', row.uuid).execute();
    });
  }

  async #row(db: Kysely<Database>, actor: Actor, id: string): Promise<Selectable<ServerGroupRow> | undefined> {
    let q = groupDb(db).selectFrom('server_groups').selectAll().where('uuid', '=', id);
    // Nova: a project-scoped query; another project's group is simply not found.
    if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
    return q.executeTakeFirst();
  }

  /** Members that are not deleted, per group (Nova: _get_not_deleted). */
  async #members(groupUuids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (groupUuids.length === 0) return out;
    const rows = await groupDb(this.#db).selectFrom('server_group_members as m')
      .innerJoin('instances as i', 'i.uuid', 'm.instance_uuid')
      .select(['m.group_uuid', 'm.instance_uuid'])
      .where('m.group_uuid', 'in', [...groupUuids]).where('i.deleted', '=', 0).orderBy('m.id').execute();
    for (const r of rows) out.set(r.group_uuid, [...(out.get(r.group_uuid) ?? []), r.instance_uuid]);
    return out;
  }
}

function toGroup(r: Selectable<ServerGroupRow>, members: string[]): ServerGroup {
  return {
    uuid: r.uuid, name: r.name, projectId: r.project_id, userId: r.user_id, policy: r.policy,
    rules: JSON.parse(r.rules) as Record<string, number>, members,
  };
}

/**
 * Server create, before its transaction: the group named by the `group` hint, which must be
 * visible to the caller (Nova: InstanceGroupNotFound on create is a 400). Null without the hint.
 */
export async function requestedGroup(db: Kysely<Database>, actor: Actor, hints: Readonly<Record<string, unknown>> | undefined): Promise<string | null> {
  const hint = hints?.group;
  if (hint === undefined || hint === null || hint === '') return null;
  const id = String(hint);
  let q = groupDb(db).selectFrom('server_groups').select('uuid').where('uuid', '=', id);
  if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
  const row = await q.executeTakeFirst();
  if (!row) throw badRequest(`Instance group ${id} could not be found.`);
  return row.uuid;
}

/** The group a create joins, the user creating and the limits that apply. */
export interface JoinQuota {
  readonly group: string;
  readonly userId: string;
  readonly scopes: QuotaScopes;
}

/**
 * Server create, inside its transaction: the new servers join the group, within
 * server_group_members — counted per user in the group (Nova), under a lock per group.
 */
export async function addMembers(trx: Kysely<Database>, engine: Engine, j: JoinQuota, instanceUuids: readonly string[]): Promise<void> {
  const limit = mergedLimit(j.scopes, 'server_group_members');
  if (limit >= 0) {
    await lockQuota(trx, engine, `server-group:${j.group}`);
    const used = await countGroupMembers(trx, j.group, j.userId);
    if (!fits(limit, used, instanceUuids.length)) throw forbidden('Quota exceeded, too many servers in group');
  }
  const now = nowIso();
  const g = groupDb(trx);
  for (const instance_uuid of instanceUuids) {
    await g.insertInto('server_group_members').values({ group_uuid: j.group, instance_uuid, created_at: now }).execute();
  }
}

/** Server delete, inside its transaction: the server leaves its group. */
export async function removeMember(trx: Kysely<Database>, instanceUuid: string): Promise<void> {
  await groupDb(trx).deleteFrom('server_group_members').where('instance_uuid', '=', instanceUuid).execute();
}

/**
 * The build's group filter (Nova: ServerGroupAffinityFilter / ServerGroupAntiAffinityFilter):
 * affinity keeps only the hosts of placed members (any host while none is placed);
 * anti-affinity drops hosts already running `max_server_per_host` members (1 unless a 2.64 rule
 * says otherwise). The soft policies only weigh hosts in Nova, so they filter nothing.
 */
export async function groupHosts(db: Kysely<Database>, engine: Engine, instanceUuid: string, candidates: readonly string[]): Promise<string[]> {
  const g = groupDb(db);
  const group = await g.selectFrom('server_group_members as m').innerJoin('server_groups as sg', 'sg.uuid', 'm.group_uuid')
    .select(['sg.uuid', 'sg.policy', 'sg.rules']).where('m.instance_uuid', '=', instanceUuid).executeTakeFirst();
  if (!group || (group.policy !== 'affinity' && group.policy !== 'anti-affinity')) return [...candidates];
  // Members built at once place one after the other (the lock lasts until the claim commits).
  await lockInTransaction(db, engine, `server-group:${group.uuid}`);
  const placed = await g.selectFrom('server_group_members as m').innerJoin('instances as i', 'i.uuid', 'm.instance_uuid')
    .select('i.host').where('m.group_uuid', '=', group.uuid).where('m.instance_uuid', '!=', instanceUuid)
    .where('i.deleted', '=', 0).where('i.host', 'is not', null).execute();
  const perHost = new Map<string, number>();
  for (const p of placed) perHost.set(p.host as string, (perHost.get(p.host as string) ?? 0) + 1);
  if (group.policy === 'affinity') return perHost.size ? candidates.filter((h) => perHost.has(h)) : [...candidates];
  const max = Number((JSON.parse(group.rules) as Record<string, unknown>).max_server_per_host ?? 1);
  return candidates.filter((h) => (perHost.get(h) ?? 0) < max);
}
