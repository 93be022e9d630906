/**
 * Nova's views of Cinder's volumes and snapshots (api/openstack/compute/volumes.py
 * _translate_volume_summary_view, _translate_snapshot_summary_view) and of attachments.
 */
import type { Snapshot } from '../../../volume/snapshots.js';
import type { VolumeAttachment, VolumeRecord } from '../../../volume/service.js';
import { isoMicros } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';

type Json = Record<string, unknown>;

/** Nova shows `attachments: [{}]` for a volume attached nowhere; each attachment's id is the volume's. */
export function volumeView(v: VolumeRecord): Json {
  const atts = v.attachments.map((a) => ({ id: v.id, serverId: a.server_id, volumeId: v.id, device: a.device }));
  return {
    id: v.id,
    status: v.status,
    size: v.size,
    availabilityZone: v.availability_zone,
    createdAt: isoMicros(v.created_at),
    attachments: atts.length ? atts : [{}],
    displayName: v.name,
    displayDescription: v.description,
    volumeType: v.volume_type,
    snapshotId: v.snapshot_id,
    metadata: JSON.parse(v.metadata) as Json,
  };
}

export function snapshotView(s: Snapshot): Json {
  return {
    id: s.id,
    volumeId: s.volume_id,
    status: s.status,
    size: s.size,
    createdAt: isoMicros(s.created_at),
    displayName: s.name,
    displayDescription: s.description,
  };
}

/** An attachment as os-volume_attachments shows it (Nova: _translate_attachment_detail_view). */
export function attachmentView(ctx: RequestContext, a: VolumeAttachment): Json {
  const view: Json = { id: a.volume_id, serverId: a.server_id, volumeId: a.volume_id, device: a.device };
  if (ctx.mv.atLeast('2.70')) view.tag = a.tag;
  if (ctx.mv.atLeast('2.79')) view.delete_on_termination = a.delete_on_termination === 1;
  if (ctx.mv.atLeast('2.89')) {
    delete view.id;
    Object.assign(view, { attachment_id: a.id, bdm_uuid: a.id });
  }
  return view;
}
