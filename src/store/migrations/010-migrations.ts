import type { Kysely } from 'kysely';
import { type Engine, withIdColumn } from '../dialect.js';

/** Nova's migrations: one row per resize, cold or live migration and evacuation. */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await withIdColumn(engine, db.schema.createTable('migrations'))
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('migration_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_compute', 'text')
    .addColumn('source_node', 'text')
    .addColumn('dest_compute', 'text')
    .addColumn('dest_node', 'text')
    .addColumn('dest_host', 'text')
    .addColumn('old_instance_type_id', 'integer', (c) => c.notNull())
    .addColumn('new_instance_type_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema.createIndex('migrations_instance').on('migrations').column('instance_uuid').execute();
}
