/**
 * The block-storage job handlers (the "volume service" side): they finish what the API side
 * started. Each is idempotent: it changes a row only from the status the request left it in.
 */
import type { Kysely } from 'kysely';
import type { Job } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/worker.js';
import type { Database } from '../store/schema.js';
import { nowIso } from '../util/time.js';

const idOf = (job: Job, key: string): string => String(job.payload[key] ?? '');

export function volumeJobHandlers(db: Kysely<Database>): Record<string, JobHandler> {
  return {
    volume_create: async (job) => {
      await db.updateTable('volumes').set({ status: 'available', updated_at: nowIso() })
        .where('id', '=', idOf(job, 'volumeId')).where('status', '=', 'creating').execute();
    },
    volume_delete: async (job) => {
      await db.deleteFrom('volumes').where('id', '=', idOf(job, 'volumeId')).where('status', '=', 'deleting').execute();
    },
    snapshot_create: async (job) => {
      await db.updateTable('volume_snapshots').set({ status: 'available', updated_at: nowIso() })
        .where('id', '=', idOf(job, 'snapshotId')).where('status', '=', 'creating').execute();
    },
    snapshot_delete: async (job) => {
      await db.deleteFrom('volume_snapshots').where('id', '=', idOf(job, 'snapshotId')).where('status', '=', 'deleting').execute();
    },
  };
}
