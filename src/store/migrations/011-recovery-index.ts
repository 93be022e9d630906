import type { Kysely } from 'kysely';

/** Start-up recovery looks for servers with a task_state set: an index, not a scan of every server. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('instances_task_state').on('instances').columns(['task_state', 'deleted']).execute();
}
