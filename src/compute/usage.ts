/** What a project's servers use (Nova counts instances, cores and ram from the instances). */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { parseFlavor } from './embedded-flavor.js';

export interface InstanceUsage {
  instances: number;
  cores: number;
  ram: number;
}

/** Counts non-deleted servers of the project; soft-deleted ones no longer count (Nova). */
export async function instanceUsage(db: Kysely<Database>, projectId: string): Promise<InstanceUsage> {
  const rows = await db.selectFrom('instances').select('flavor')
    .where('project_id', '=', projectId).where('deleted', '=', 0).where('vm_state', '!=', 'soft-delete').execute();
  const usage: InstanceUsage = { instances: rows.length, cores: 0, ram: 0 };
  for (const row of rows) {
    const f = parseFlavor(row.flavor);
    usage.cores += f.vcpus;
    usage.ram += f.memory_mb;
  }
  return usage;
}
