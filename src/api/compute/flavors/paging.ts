/**
 * Query parameters and collection paging as Nova does them (nova/api/openstack/common.py):
 * the last value of a repeated parameter wins, `limit` is capped by max_limit, and a `next` link
 * is given exactly when the page is full.
 */
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../context.js';
import type { Link } from './view.js';

/** Every query parameter, last value wins (webob's `req.params.get`). */
export function lastValues(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string') out[k] = last;
  }
  return out;
}

/** Nova: common.get_limit_and_marker — limit defaults to, and is capped by, max_limit. */
export function pageSize(limit: string | undefined, maxLimit: number): number {
  return limit === undefined ? maxLimit : Math.min(maxLimit, Number(limit));
}

/** The `<collection>_links` next link, or none when the page is not full. */
export function nextLinks(ctx: RequestContext, req: FastifyRequest, size: number, count: number, lastId: string | undefined, ...path: string[]): Link[] {
  if (size === 0 || count !== size || lastId === undefined) return [];
  const raw = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  const params = new URLSearchParams(raw);
  params.delete('marker');
  params.append('marker', lastId);
  return [{ href: `${ctx.selfLink(...path)}?${params.toString()}`, rel: 'next' }];
}
