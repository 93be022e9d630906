import { sql, type Kysely } from 'kysely';

/**
 * Volume attachment device tags (shown from microversion 2.70) and multiattach volumes (2.60):
 * a volume created with `multiattach` may be attached to several servers at once, so an
 * attachment is unique per (volume, server) instead of per volume. SQLite cannot drop a column's
 * UNIQUE constraint, so the table is rebuilt (portably, on both engines).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('volumes').addColumn('multiattach', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await s.createTable('volume_attachments_032')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('volume_id', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('boot_index', 'integer')
    .addColumn('delete_on_termination', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .execute();
  await sql`INSERT INTO volume_attachments_032 (id, volume_id, server_id, device, boot_index, delete_on_termination, created_at)
    SELECT id, volume_id, server_id, device, boot_index, delete_on_termination, created_at FROM volume_attachments`.execute(db);
  await s.dropTable('volume_attachments').execute();
  await s.alterTable('volume_attachments_032').renameTo('volume_attachments').execute();
  await s.createIndex('volume_attachments_server').on('volume_attachments').column('server_id').execute();
  await s.createIndex('volume_attachments_volume_server').on('volume_attachments').columns(['volume_id', 'server_id']).unique().execute();
}
