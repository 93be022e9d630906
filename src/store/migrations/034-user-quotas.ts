import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/** Per-user quota limits inside a project (Nova: project_user_quotas). */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.createTable('project_user_quotas')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('hard_limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_user_quotas_pk', ['project_id', 'user_id', 'resource'])
    .execute();
}
