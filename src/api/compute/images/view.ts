/**
 * Nova's image view (nova/api/openstack/compute/views/images.py): Glance's image reshaped with
 * Nova's status names, progress, links (self, bookmark, alternate to Glance) and extensions.
 */
import type { Image } from '../../../image/service.js';
import type { RequestContext } from '../../context.js';
import { isoSeconds } from '../../../util/time.js';

/** A link as Nova renders it; `type` only on the Glance alternate. */
export interface Link {
  readonly href: string;
  readonly rel: string;
  readonly type?: string;
}

/** Nova: ViewBuilder._get_status — Glance status to the compute API's. */
const STATUS: Readonly<Record<string, string>> = {
  active: 'ACTIVE', queued: 'SAVING', saving: 'SAVING', importing: 'SAVING',
  killed: 'ERROR', deleted: 'DELETED', pending_delete: 'DELETED',
};
/** Nova: ViewBuilder._get_progress. */
const PROGRESS: Readonly<Record<string, number>> = { queued: 25, saving: 50, importing: 50, active: 100 };

const TRUE = new Set(['1', 't', 'true', 'on', 'y', 'yes']);

export function imageLinks(ctx: RequestContext, id: string): Link[] {
  return [
    ...ctx.links('images', id),
    { href: `${ctx.origin}/image/images/${id}`, rel: 'alternate', type: 'application/vnd.openstack.image' },
  ];
}

export function imageSummary(ctx: RequestContext, image: Image): Record<string, unknown> {
  return { id: image.id, name: image.name, links: imageLinks(ctx, image.id) };
}

export function imageDetail(ctx: RequestContext, image: Image): Record<string, unknown> {
  const metadata = { ...image.properties };
  const out: Record<string, unknown> = {
    id: image.id,
    name: image.name,
    minRam: image.min_ram,
    minDisk: image.min_disk,
    metadata,
    created: isoSeconds(image.created_at),
    updated: isoSeconds(image.updated_at),
    status: STATUS[image.status] ?? 'UNKNOWN',
    progress: PROGRESS[image.status] ?? 0,
    'OS-EXT-IMG-SIZE:size': image.size,
    links: imageLinks(ctx, image.id),
  };
  const instance = metadata.instance_uuid;
  if (typeof instance === 'string') {
    out.server = { id: instance, links: ctx.links('servers', instance) };
  }
  const auto = metadata.auto_disk_config;
  if (auto !== undefined && auto !== null) {
    // Nova: strutils.bool_from_string — anything but a true-ish word is MANUAL.
    out['OS-DCF:diskConfig'] = TRUE.has(String(auto).trim().toLowerCase()) ? 'AUTO' : 'MANUAL';
  }
  return out;
}
