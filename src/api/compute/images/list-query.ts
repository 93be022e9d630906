/**
 * GET /images[/detail] filters and paging as Nova passes them to Glance (nova/api/openstack/
 * compute/images.py _get_filters, common.get_pagination_params): name, status, changes-since,
 * server, type, minRam, minDisk, property-*, limit and marker.
 */
import type { FastifyRequest } from 'fastify';
import type { Image } from '../../../image/service.js';
import type { RequestContext } from '../../context.js';
import { badRequest } from '../../../errors.js';
import { parseIsoTime } from '../../../util/time.js';
import { lastValues } from '../flavors/paging.js';

export { lastValues };
import type { Link } from './view.js';


/** Nova: common._get_int_param for `limit`. */
export function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw badRequest('limit param must be an integer');
  const n = Number(raw);
  if (n < 0) throw badRequest('limit param must be positive');
  return n;
}

function matcher(q: Record<string, string>): (i: Image) => boolean {
  const tests: Array<(i: Image) => boolean> = [];
  const prop = (key: string, value: string) => (i: Image) => String(i.properties[key] ?? '') === value;
  if (q.name !== undefined) tests.push((i) => i.name === q.name);
  // Nova: the Image API expects lowercase status strings.
  if (q.status !== undefined) tests.push((i) => i.status === q.status.toLowerCase());
  if (q['changes-since'] !== undefined) {
    const since = parseIsoTime(q['changes-since']);
    if (Number.isNaN(since)) throw badRequest(`Invalid changes-since value: ${q['changes-since']}`);
    tests.push((i) => Date.parse(i.updated_at) >= since);
  }
  // Nova: the server filter may be a URL; only its last path segment (the uuid) counts.
  if (q.server !== undefined) tests.push(prop('instance_uuid', q.server.includes('/') ? q.server.slice(q.server.lastIndexOf('/') + 1) : q.server));
  if (q.type !== undefined) tests.push(prop('image_type', q.type));
  if (q.minRam !== undefined) tests.push((i) => i.min_ram >= Number(q.minRam));
  if (q.minDisk !== undefined) tests.push((i) => i.min_disk >= Number(q.minDisk));
  for (const [k, v] of Object.entries(q)) if (k.startsWith('property-')) tests.push(prop(k.slice('property-'.length), v));
  return (i) => tests.every((t) => t(i));
}

/** The page of `images` (already newest first) the query asks for. */
export function pageOf(images: readonly Image[], q: Record<string, string>, maxLimit: number): { items: Image[]; size: number } {
  const limit = parseLimit(q.limit);
  const size = Math.min(limit ?? maxLimit, maxLimit);
  const matching = images.filter(matcher(q));
  let start = 0;
  if (q.marker !== undefined) {
    const at = matching.findIndex((i) => i.id === q.marker);
    if (at === -1) throw badRequest(`Marker ${q.marker} could not be found.`);
    start = at + 1;
  }
  return { items: matching.slice(start, start + size), size };
}

/** Nova: ViewBuilder._get_collection_links — a next link exactly when the page is full. */
export function nextLinks(ctx: RequestContext, req: FastifyRequest, size: number, items: readonly Image[], ...path: string[]): Link[] {
  if (size === 0 || items.length !== size) return [];
  const raw = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  const params = new URLSearchParams(raw);
  params.set('marker', items[items.length - 1].id);
  return [{ href: `${ctx.selfLink(...path)}?${params.toString()}`, rel: 'next' }];
}
