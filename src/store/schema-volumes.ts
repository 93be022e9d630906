/**
 * Row types of the block-storage tables (migrations 003 and 032), part of the schema in
 * schema.ts, which re-exports them.
 */
import type { Generated } from 'kysely';

/** A block-storage volume (migration 003). */
export interface VolumeRow {
  id: string;
  project_id: string;
  user_id: string;
  size: number;
  name: string | null;
  description: string | null;
  /** creating, available, in-use, deleting, error */
  status: string;
  availability_zone: string;
  volume_type: string;
  snapshot_id: string | null;
  source_volid: string | null;
  /** the image it was created from (bootable) */
  image_id: string | null;
  bootable: number;
  /** JSON object */
  metadata: string;
  created_at: string;
  updated_at: string | null;
  /** 1: may be attached to several servers (Nova 2.60) */
  multiattach: Generated<number>;
}

export interface VolumeSnapshotRow {
  id: string;
  project_id: string;
  user_id: string;
  volume_id: string;
  size: number;
  name: string | null;
  description: string | null;
  status: string;
  created_at: string;
  updated_at: string | null;
}

/** A volume attached to a server (several servers only for a multiattach volume). */
export interface VolumeAttachmentRow {
  id: string;
  volume_id: string;
  server_id: string;
  device: string;
  /** 0 for the root disk of a server booted from volume */
  boot_index: number | null;
  delete_on_termination: number;
  created_at: string;
  /** the device tag given on attach (2.49+), shown from 2.70 */
  tag: Generated<string | null>;
}
