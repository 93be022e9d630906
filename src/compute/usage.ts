/** What a project's servers use (Nova counts instances, cores and ram from the instances). */
import { sql, type Kysely } from 'kysely';
import { jsonInt, type Engine } from '../store/dialect.js';
import type { Database } from '../store/schema.js';

export interface InstanceUsage {
  instances: number;
  cores: number;
  ram: number;
}

/**
 * Counts non-deleted servers of the project (of one user in it when `userId` is given) and sums
 * their flavors' vCPUs and RAM in one SQL aggregate (no row reaches JavaScript); soft-deleted
 * servers no longer count (Nova).
 */
export async function instanceUsage(db: Kysely<Database>, engine: Engine, projectId: string, userId?: string): Promise<InstanceUsage> {
  let q = db.selectFrom('instances')
    .select([
      sql<number>`count(*)`.as('instances'),
      sql<number>`coalesce(sum(${jsonInt(engine, 'flavor', 'vcpus')}), 0)`.as('cores'),
      sql<number>`coalesce(sum(${jsonInt(engine, 'flavor', 'memory_mb')}), 0)`.as('ram'),
    ])
    .where('project_id', '=', projectId).where('deleted', '=', 0).where('vm_state', '!=', 'soft-delete');
  // Nova: per-user quotas count the user's servers within the project.
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  const row = await q.executeTakeFirstOrThrow();
  return { instances: Number(row.instances), cores: Number(row.cores), ram: Number(row.ram) };
}

/** True when none of instances, cores and ram is limited: nothing to count. */
export const unlimited = (limits: Readonly<Record<string, number>>): boolean =>
  limits.instances < 0 && limits.cores < 0 && limits.ram < 0;
