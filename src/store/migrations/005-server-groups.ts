import type { Kysely } from 'kysely';
import { withIdColumn, type Engine } from '../dialect.js';

/** Server groups and their members (Nova: instance_groups, instance_group_policy, instance_group_member). */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const s = db.schema;
  await withIdColumn(engine, s.createTable('server_groups'))
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('server_groups_project').on('server_groups').column('project_id').execute();

  await withIdColumn(engine, s.createTable('server_group_members'))
    .addColumn('group_uuid', 'text', (c) => c.notNull())
    .addColumn('instance_uuid', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('server_group_members_group').on('server_group_members').column('group_uuid').execute();
}
