/**
 * Quota counting beyond instances, cores and ram (usage.ts): server groups, server-group members,
 * key pairs and floating IPs, each counted in SQL on whichever handle is given (the root handle
 * for reports, a transaction's handle for the checks that must be atomic). The tables are typed
 * here through Kysely's `withTables` so the shared schema file stays untouched.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** What counting reads of the tables other modules own, and the per-user quota table (migration 034). */
export type QuotaCountTables = {
  server_groups: { uuid: string; project_id: string; user_id: string };
  server_group_members: { group_uuid: string; instance_uuid: string };
  floating_ips: { id: string; project_id: string };
  project_user_quotas: { project_id: string; user_id: string; resource: string; hard_limit: number };
};

export type QuotaDb = Kysely<Database & QuotaCountTables>;

export const quotaDb = (db: Kysely<Database>): QuotaDb => db.withTables<QuotaCountTables>() as unknown as QuotaDb;

const count = (row: { n: number | string | bigint } | undefined): number => Number(row?.n ?? 0);

/** Server groups of the project, or of one user in it (Nova: InstanceGroupList.get_counts). */
export async function countServerGroups(db: Kysely<Database>, projectId: string, userId?: string): Promise<number> {
  let q = quotaDb(db).selectFrom('server_groups').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  return count(await q.executeTakeFirst());
}

/** Live members of a group that belong to `userId` (Nova: _server_group_count_members_by_user). */
export async function countGroupMembers(db: Kysely<Database>, groupUuid: string, userId: string): Promise<number> {
  const row = await quotaDb(db).selectFrom('server_group_members as m').innerJoin('instances as i', 'i.uuid', 'm.instance_uuid')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.group_uuid', '=', groupUuid).where('i.deleted', '=', 0).where('i.user_id', '=', userId)
    .executeTakeFirst();
  return count(row);
}

/** Key pairs of a user (Nova: KeyPairList.get_count_by_user). */
export async function countKeypairs(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('keypairs').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId).executeTakeFirst();
  return count(row);
}

/** Floating IPs allocated to the project (a per-project resource: no user scope). */
export async function countFloatingIps(db: Kysely<Database>, projectId: string): Promise<number> {
  const row = await quotaDb(db).selectFrom('floating_ips').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId).executeTakeFirst();
  return count(row);
}
