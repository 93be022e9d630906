/**
 * Row types of every table, as Kysely sees them. Values are normalised at this boundary:
 * timestamps are ISO-8601 strings with microseconds and `Z` (they sort as text), booleans are
 * 0/1 integers, JSON columns are text. The same schema serves SQLite and PostgreSQL.
 */
import type { Generated, Selectable } from 'kysely';
import type { ProjectRow, RoleAssignmentRow, RoleRow, TokenRow, UserRow } from './schema-identity.js';
import type { VolumeAttachmentRow, VolumeRow, VolumeSnapshotRow } from './schema-volumes.js';

export type { ProjectRow, RoleAssignmentRow, RoleRow, TokenRow, UserRow } from './schema-identity.js';
export type { VolumeAttachmentRow, VolumeRow, VolumeSnapshotRow } from './schema-volumes.js';

export interface FlavorRow {
  id: Generated<number>;
  flavorid: string;
  name: string;
  memory_mb: number;
  vcpus: number;
  root_gb: number;
  ephemeral_gb: number;
  swap: number;
  rxtx_factor: number;
  is_public: number;
  disabled: number;
  description: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface FlavorExtraSpecRow {
  flavor_id: number;
  key: string;
  value: string;
}

export interface FlavorProjectRow {
  flavor_id: number;
  project_id: string;
}

export interface ImageRow {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  disk_format: string | null;
  container_format: string | null;
  min_ram: number;
  min_disk: number;
  size: number | null;
  checksum: string | null;
  protected: number;
  /** JSON object of the image's additional properties. */
  properties: string;
  /** path of the uploaded data, relative to the data dir */
  file: string | null;
  created_at: string;
  updated_at: string;
  /** JSON array of the image's tags (migration 002) */
  tags: Generated<string>;
  /** sha512 hex of the uploaded data (migration 002) */
  os_hash_value: string | null;
  os_hidden: Generated<number>;
}

export interface KeypairRow {
  id: Generated<number>;
  user_id: string;
  name: string;
  fingerprint: string;
  public_key: string;
  type: string;
  created_at: string;
}

export interface InstanceRow {
  /** internal order key: paging and "created desc" sort by it */
  id: Generated<number>;
  uuid: string;
  project_id: string;
  user_id: string;
  display_name: string;
  display_description: string | null;
  hostname: string;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  host: string | null;
  node: string | null;
  availability_zone: string | null;
  /** JSON of the embedded flavor (Nova keeps a copy on the instance) */
  flavor: string;
  /** JSON of the flavor being resized to, while a resize is pending */
  new_flavor: string | null;
  old_flavor: string | null;
  image_ref: string;
  kernel_id: string;
  ramdisk_id: string;
  key_name: string | null;
  key_data: string | null;
  user_data: string | null;
  config_drive: string;
  disk_config: string;
  access_ip_v4: string | null;
  access_ip_v6: string | null;
  reservation_id: string;
  launch_index: number;
  root_device_name: string | null;
  /** JSON object */
  metadata: string;
  /** JSON object: {label: [{version, addr, type, mac}]} */
  addresses: string;
  /** JSON array of security group names */
  security_groups: string;
  locked: number;
  locked_by: string | null;
  locked_reason: string | null;
  /** JSON array of the server's tags (2.26) */
  tags: Generated<string>;
  progress: number;
  /** encrypted password a guest posted (os-server-password) */
  password: string;
  /** JSON {code, message, details, created} or null */
  fault: string | null;
  /** JSON object: Nova's system_metadata (image properties, clean shutdown, ...) */
  system_metadata: string;
  launched_at: string | null;
  terminated_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted: number;
  /** JSON array [{id, delete_on_termination}] of attached volumes (migration 003) */
  volumes_attached: Generated<string>;
}

export interface InstanceActionRow {
  id: Generated<number>;
  instance_uuid: string;
  action: string;
  request_id: string;
  project_id: string;
  user_id: string;
  start_time: string;
  finish_time: string | null;
  message: string | null;
  updated_at: string;
}

export interface InstanceActionEventRow {
  id: Generated<number>;
  action_id: number;
  event: string;
  start_time: string;
  finish_time: string | null;
  result: string | null;
  traceback: string | null;
  host: string | null;
}

export interface JobRow {
  id: Generated<number>;
  kind: string;
  instance_uuid: string | null;
  /** compute host that must run it; null means any worker */
  host: string | null;
  /** JSON */
  payload: string;
  request_id: string;
  status: string;
  attempts: number;
  run_at: string;
  lease_until: string | null;
  claimed_by: string | null;
  error: string | null;
  created_at: string;
}

export interface ComputeNodeRow {
  id: Generated<number>;
  uuid: string;
  host: string;
  hypervisor_hostname: string;
  availability_zone: string;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  running_vms: number;
  host_ip: string;
  created_at: string;
}

export interface ServiceRow {
  id: Generated<number>;
  uuid: string;
  host: string;
  binary: string;
  topic: string;
  availability_zone: string;
  disabled: number;
  disabled_reason: string | null;
  forced_down: number;
  last_seen_at: string;
  created_at: string;
  updated_at: string;
  deleted: number;
}

export interface MigrationRow {
  id: Generated<number>;
  uuid: string;
  instance_uuid: string;
  project_id: string;
  user_id: string;
  /** migration (cold), resize, live-migration, evacuation */
  migration_type: string;
  status: string;
  source_compute: string | null;
  source_node: string | null;
  dest_compute: string | null;
  dest_node: string | null;
  dest_host: string | null;
  old_instance_type_id: number;
  new_instance_type_id: number;
  created_at: string;
  updated_at: string | null;
}

export interface QuotaRow {
  project_id: string;
  resource: string;
  hard_limit: number;
}

export interface QuotaClassRow {
  class_name: string;
  resource: string;
  hard_limit: number;
}

export interface KvRow {
  key: string;
  value: string;
}

export interface Database {
  projects: ProjectRow;
  users: UserRow;
  roles: RoleRow;
  role_assignments: RoleAssignmentRow;
  tokens: TokenRow;
  flavors: FlavorRow;
  flavor_extra_specs: FlavorExtraSpecRow;
  flavor_projects: FlavorProjectRow;
  images: ImageRow;
  keypairs: KeypairRow;
  instances: InstanceRow;
  instance_actions: InstanceActionRow;
  instance_action_events: InstanceActionEventRow;
  jobs: JobRow;
  compute_nodes: ComputeNodeRow;
  services: ServiceRow;
  quotas: QuotaRow;
  migrations: MigrationRow;
  quota_classes: QuotaClassRow;
  kv: KvRow;
  volumes: VolumeRow;
  volume_snapshots: VolumeSnapshotRow;
  volume_attachments: VolumeAttachmentRow;
}

/** Rows as read back (generated columns resolved). */
export type Instance = Selectable<InstanceRow>;
export type ComputeNode = Selectable<ComputeNodeRow>;
export type Service = Selectable<ServiceRow>;
export type Job = Selectable<JobRow>;
export type Flavorish = Selectable<FlavorRow>;
export type InstanceAction = Selectable<InstanceActionRow>;
export type InstanceActionEvent = Selectable<InstanceActionEventRow>;
export type KeypairRecord = Selectable<KeypairRow>;
export type Migration = Selectable<MigrationRow>;
