/**
 * Which security groups a server is in (Neutron: the groups of the server's port): chosen at
 * create by name or id, changed by addSecurityGroup / removeSecurityGroup, dropped on delete.
 * The server's row caches the names for its views (store/refresh in security-group-store.ts).
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import { badRequest, conflict } from '../errors.js';
import { prepared } from '../store/prepared.js';
import type { Database, Instance } from '../store/schema.js';
import { isUuid } from '../util/ids.js';
import { cacheInstanceGroups, ensureDefaultGroup } from './security-group-store.js';
import { netDb, type SecurityGroupRow } from './tables.js';

/** The outcome of looking a group up as neutronclient's find_resourceid_by_name_or_id does. */
export type Lookup = { readonly group: SecurityGroupRow } | { readonly missing: true } | { readonly ambiguous: true };

/** By id (any group the actor may see), else by name among the actor's project's groups. */
export async function findGroup(db: Kysely<Database>, actor: Actor, nameOrId: string): Promise<Lookup> {
  const n = netDb(db);
  await ensureDefaultGroup(db, actor.projectId);
  if (isUuid(nameOrId)) {
    const g = await n.selectFrom('security_groups').selectAll().where('id', '=', nameOrId).executeTakeFirst();
    if (g && (actor.isAdmin || g.project_id === actor.projectId)) return { group: g };
  }
  const named = await n.selectFrom('security_groups').selectAll().where('project_id', '=', actor.projectId).where('name', '=', nameOrId).execute();
  if (named.length > 1) return { ambiguous: true };
  return named.length === 1 ? { group: named[0] } : { missing: true };
}

/** neutronclient's NeutronClientNoUniqueMatch text, as Nova passes it on. */
export const noUniqueMatch = (name: string): Error =>
  conflict(`Multiple security_group matches found for name '${name}', use an ID to be more specific.`);

/**
 * The groups a new server asks for (`default` when none): each must exist for the project.
 * Nova (compute/api.py _check_requested_secgroups): a 400 with neutronclient's text otherwise.
 */
export async function groupsForCreate(db: Kysely<Database>, actor: Actor, requested: readonly string[] | undefined): Promise<SecurityGroupRow[]> {
  const names = [...new Set(requested?.length ? requested : ['default'])];
  const out: SecurityGroupRow[] = [];
  for (const name of names) {
    const found = await findGroup(db, actor, name);
    if ('ambiguous' in found) throw noUniqueMatch(name);
    if ('missing' in found) throw badRequest(`Unable to find security_group with name or id '${name}'`);
    if (!out.some((g) => g.id === found.group.id)) out.push(found.group);
  }
  return out;
}

/** The membership row every create writes (mostly one, the default group): built once. */
const insertMember = prepared<{ uuid: string; group: string; position: number }>((db, arg) =>
  netDb(db).insertInto('instance_security_groups').values({ instance_uuid: arg('uuid'), security_group_id: arg('group'), position: arg('position') }));

/** Puts a new server in its groups (inside the create's transaction); its row keeps their names, returned. */
export async function bindGroups(trx: Kysely<Database>, inst: Pick<Instance, 'uuid' | 'security_groups'>, groups: readonly SecurityGroupRow[]): Promise<string> {
  if (groups.length === 0) return inst.security_groups;
  for (const [position, g] of groups.entries()) await insertMember(trx, { uuid: inst.uuid, group: g.id, position });
  // Nova: a group without a name shows its id. The row holds the requested names; ids become names.
  const names = JSON.stringify(groups.map((g) => g.name || g.id));
  if (names !== inst.security_groups) await trx.updateTable('instances').set({ security_groups: names }).where('uuid', '=', inst.uuid).execute();
  return names;
}

/** Adds one group to a server (no change when it is in it already, as Neutron keeps a port's groups a set). */
export async function addGroup(db: Kysely<Database>, instanceUuid: string, groupId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const n = netDb(trx);
    const rows = await n.selectFrom('instance_security_groups').select(['security_group_id', 'position']).where('instance_uuid', '=', instanceUuid).execute();
    if (rows.some((r) => r.security_group_id === groupId)) return;
    const position = rows.reduce((max, r) => Math.max(max, r.position + 1), 0);
    await n.insertInto('instance_security_groups').values({ instance_uuid: instanceUuid, security_group_id: groupId, position }).execute();
    await cacheInstanceGroups(trx, instanceUuid);
  });
}

/** Takes a server out of a group; false when it was not in it. */
export async function removeGroup(db: Kysely<Database>, instanceUuid: string, groupId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const gone = await netDb(trx).deleteFrom('instance_security_groups')
      .where('instance_uuid', '=', instanceUuid).where('security_group_id', '=', groupId).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return false;
    await cacheInstanceGroups(trx, instanceUuid);
    return true;
  });
}

/** The ids of a server's groups, in the order they were added. */
export async function groupIdsOf(db: Kysely<Database>, instanceUuid: string): Promise<string[]> {
  const rows = await netDb(db).selectFrom('instance_security_groups').select('security_group_id')
    .where('instance_uuid', '=', instanceUuid).orderBy('position').execute();
  return rows.map((r) => r.security_group_id);
}

/** A deleted server leaves its groups (its port is gone). */
export async function unbindInstance(trx: Kysely<Database>, instanceUuid: string): Promise<void> {
  await netDb(trx).deleteFrom('instance_security_groups').where('instance_uuid', '=', instanceUuid).execute();
}
