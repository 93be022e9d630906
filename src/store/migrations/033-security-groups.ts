import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/** Security groups, their rules and the servers bound to them (the network domain, src/network). */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  const s = db.schema;
  await s.createTable('security_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('security_groups_project').on('security_groups').columns(['project_id', 'name']).execute();

  await s.createTable('security_group_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('security_group_id', 'text', (c) => c.notNull().references('security_groups.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('ethertype', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text')
    .addColumn('port_range_min', 'integer')
    .addColumn('port_range_max', 'integer')
    .addColumn('remote_ip_prefix', 'text')
    .addColumn('remote_group_id', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('security_group_rules_group').on('security_group_rules').column('security_group_id').execute();
  await s.createIndex('security_group_rules_project').on('security_group_rules').column('project_id').execute();

  // A server's ports carry its groups; Novum's servers have one port each, so per server.
  await s.createTable('instance_security_groups')
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('security_group_id', 'text', (c) => c.notNull().references('security_groups.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_security_groups_pk', ['instance_uuid', 'security_group_id'])
    .execute();
  await s.createIndex('instance_security_groups_group').on('instance_security_groups').column('security_group_id').execute();
}
