import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * Block storage: volumes, their snapshots and their attachments to servers; plus the servers'
 * `volumes_attached` list ([{id, delete_on_termination}] JSON), kept with each attach and detach
 * so server lists show it without a query per server.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  const s = db.schema;
  await s.createTable('volumes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('volume_type', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'text')
    .addColumn('source_volid', 'text')
    .addColumn('image_id', 'text')
    .addColumn('bootable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await s.createIndex('volumes_project').on('volumes').columns(['project_id', 'created_at']).execute();

  await s.createTable('volume_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('volume_id', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await s.createIndex('volume_snapshots_volume').on('volume_snapshots').column('volume_id').execute();

  await s.createTable('volume_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('volume_id', 'text', (c) => c.notNull().unique())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('boot_index', 'integer')
    .addColumn('delete_on_termination', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('volume_attachments_server').on('volume_attachments').column('server_id').execute();

  await s.alterTable('instances').addColumn('volumes_attached', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}
