import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/** Floating IPs and console tokens (the network domain, src/network). */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  const s = db.schema;
  await s.createTable('floating_ips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('pool', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('instance_uuid', 'text')
    .addColumn('fixed_address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('floating_ips_project').on('floating_ips').column('project_id').execute();
  await s.createIndex('floating_ips_instance').on('floating_ips').column('instance_uuid').execute();

  await s.createTable('console_auth_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('console_type', 'text', (c) => c.notNull())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('internal_access_path', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('console_auth_tokens_instance').on('console_auth_tokens').column('instance_uuid').execute();
}
