/** Cinder v3's volume and snapshot bodies (cinder/api/v3/views/volumes.py, v2/views/volumes.py). */
import type { Snapshot } from '../../volume/snapshots.js';
import type { VolumeRecord } from '../../volume/service.js';
import { isoMicros } from '../../util/time.js';

type Json = Record<string, unknown>;

/** Where links point: the origin and the project the client addressed. */
export interface VolumeLinks {
  readonly origin: string;
  readonly projectId: string;
  readonly isAdmin: boolean;
}

function links(l: VolumeLinks, kind: string, id: string): Json[] {
  return [
    { href: `${l.origin}/volume/v3/${l.projectId}/${kind}/${id}`, rel: 'self' },
    { href: `${l.origin}/volume/${l.projectId}/${kind}/${id}`, rel: 'bookmark' },
  ];
}

export function volumeSummary(l: VolumeLinks, v: VolumeRecord): Json {
  return { id: v.id, name: v.name, links: links(l, 'volumes', v.id) };
}

/**
 * A volume's detailed body. `volume_image_metadata` comes from Cinder's image-metadata extension,
 * which extends show and list only: the 202 of a create has no such key (`imageMetadata: false`).
 */
export function volumeDetail(l: VolumeLinks, v: VolumeRecord, imageMetadata = true): Json {
  const view: Json = {
    id: v.id,
    name: v.name,
    status: v.status,
    size: v.size,
    availability_zone: v.availability_zone,
    created_at: isoMicros(v.created_at),
    updated_at: isoMicros(v.updated_at),
    description: v.description,
    volume_type: v.volume_type,
    snapshot_id: v.snapshot_id,
    source_volid: v.source_volid,
    metadata: JSON.parse(v.metadata) as Json,
    links: links(l, 'volumes', v.id),
    user_id: v.user_id,
    bootable: v.bootable === 1 ? 'true' : 'false',
    encrypted: false,
    multiattach: v.multiattach === 1,
    replication_status: null,
    consistencygroup_id: null,
    attachments: v.attachments.map((a) => ({
      server_id: a.server_id, attachment_id: a.id, attached_at: isoMicros(a.created_at), host_name: null,
      volume_id: v.id, device: a.device, id: v.id,
    })),
  };
  if (v.image_id && imageMetadata) view.volume_image_metadata = { image_id: v.image_id };
  if (l.isAdmin) {
    Object.assign(view, { 'os-vol-tenant-attr:tenant_id': v.project_id, 'os-vol-host-attr:host': 'novum@lvmdriver-1#lvmdriver-1', 'os-vol-mig-status-attr:migstat': null });
  }
  return view;
}

export function snapshotDetail(s: Snapshot): Json {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    volume_id: s.volume_id,
    size: s.size,
    status: s.status,
    created_at: isoMicros(s.created_at),
    updated_at: isoMicros(s.updated_at),
    metadata: {},
  };
}
