import type { Kysely } from 'kysely';
import { type Engine, withIdColumn } from '../dialect.js';

/** Identity, flavors, images, keypairs, instances, actions, jobs, hosts and quotas. */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const s = db.schema;
  await s.createTable('kv').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();

  await s.createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex('projects_name').unique().on('projects').columns(['domain_id', 'name']).execute();

  await s.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('default_project_id', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex('users_name').unique().on('users').columns(['domain_id', 'name']).execute();

  await s.createTable('roles').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull().unique()).execute();
  await s.createTable('role_assignments')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_assignments_pk', ['user_id', 'project_id', 'role_id'])
    .execute();

  await s.createTable('tokens')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('audit_id', 'text', (c) => c.notNull())
    .addColumn('methods', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await s.createIndex('tokens_expires').on('tokens').column('expires_at').execute();

  await withIdColumn(engine, s.createTable('flavors'))
    .addColumn('flavorid', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('vcpus', 'integer', (c) => c.notNull())
    .addColumn('root_gb', 'integer', (c) => c.notNull())
    .addColumn('ephemeral_gb', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('swap', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rxtx_factor', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await s.createTable('flavor_extra_specs')
    .addColumn('flavor_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('flavor_extra_specs_pk', ['flavor_id', 'key'])
    .execute();
  await s.createTable('flavor_projects')
    .addColumn('flavor_id', 'integer', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('flavor_projects_pk', ['flavor_id', 'project_id'])
    .execute();

  await s.createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('disk_format', 'text')
    .addColumn('container_format', 'text')
    .addColumn('min_ram', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('min_disk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('size', 'bigint')
    .addColumn('checksum', 'text')
    .addColumn('protected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('properties', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('file', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('images_created').on('images').columns(['created_at', 'id']).execute();

  await withIdColumn(engine, s.createTable('keypairs'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('keypairs_user_name').unique().on('keypairs').columns(['user_id', 'name']).execute();

  let instances = withIdColumn(engine, s.createTable('instances'))
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_description', 'text')
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('vm_state', 'text', (c) => c.notNull())
    .addColumn('task_state', 'text')
    .addColumn('power_state', 'integer', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('node', 'text')
    .addColumn('availability_zone', 'text')
    .addColumn('flavor', 'text', (c) => c.notNull())
    .addColumn('new_flavor', 'text')
    .addColumn('old_flavor', 'text')
    .addColumn('image_ref', 'text', (c) => c.notNull())
    .addColumn('kernel_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ramdisk_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('key_name', 'text')
    .addColumn('key_data', 'text')
    .addColumn('user_data', 'text')
    .addColumn('config_drive', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('disk_config', 'text', (c) => c.notNull().defaultTo('MANUAL'));
  instances = instances
    .addColumn('access_ip_v4', 'text')
    .addColumn('access_ip_v6', 'text')
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('launch_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('root_device_name', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('addresses', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('security_groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_reason', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('fault', 'text')
    .addColumn('system_metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('launched_at', 'text')
    .addColumn('terminated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0));
  await instances.execute();
  // Marker paging walks these indexes; "created desc" is "id desc".
  await s.createIndex('instances_project_deleted_id').on('instances').columns(['project_id', 'deleted', 'id']).execute();
  await s.createIndex('instances_deleted_id').on('instances').columns(['deleted', 'id']).execute();
  await s.createIndex('instances_reservation').on('instances').column('reservation_id').execute();
  await s.createIndex('instances_host').on('instances').columns(['host', 'deleted']).execute();
  await s.createIndex('instances_updated').on('instances').column('updated_at').execute();

  await withIdColumn(engine, s.createTable('instance_actions'))
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('finish_time', 'text')
    .addColumn('message', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('instance_actions_uuid').on('instance_actions').columns(['instance_uuid', 'request_id']).execute();
  await withIdColumn(engine, s.createTable('instance_action_events'))
    .addColumn('action_id', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('finish_time', 'text')
    .addColumn('result', 'text')
    .addColumn('traceback', 'text')
    .addColumn('host', 'text')
    .execute();
  await s.createIndex('instance_action_events_action').on('instance_action_events').column('action_id').execute();

  await withIdColumn(engine, s.createTable('jobs'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('instance_uuid', 'text')
    .addColumn('host', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('jobs_status_run_at').on('jobs').columns(['status', 'run_at', 'id']).execute();

  await withIdColumn(engine, s.createTable('compute_nodes'))
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('host', 'text', (c) => c.notNull().unique())
    .addColumn('hypervisor_hostname', 'text', (c) => c.notNull())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('vcpus', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('local_gb', 'integer', (c) => c.notNull())
    .addColumn('vcpus_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('memory_mb_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('local_gb_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('running_vms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('host_ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withIdColumn(engine, s.createTable('services'))
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('binary', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_reason', 'text')
    .addColumn('forced_down', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await s.createTable('quotas')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('hard_limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quotas_pk', ['project_id', 'resource'])
    .execute();
  await s.createTable('quota_classes')
    .addColumn('class_name', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('hard_limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quota_classes_pk', ['class_name', 'resource'])
    .execute();
}
