/**
 * Query parameters of GET /servers[/detail] as Nova reads them (compute/servers.py _get_servers):
 * limit and marker, filters for everyone, admin-only filters silently dropped for members, and
 * the next link that keeps every other parameter.
 */
import type { FastifyRequest } from 'fastify';
import type { ListFilters } from '../../../compute/instance-queries.js';
import { badRequest, policyForbidden } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { asBool } from '../../parameter-types.js';
import { checkQueryNames, isoParam, parseLaterQuery } from './list-query-later.js';

type Query = Record<string, unknown>;

const one = (v: unknown): string | undefined => (Array.isArray(v) ? String(v[v.length - 1]) : v === undefined ? undefined : String(v));
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** Nova: common.get_pagination_params / _get_limit_param; `limit=0` lists nothing (the database's LIMIT 0). */
export function parseLimit(raw: unknown, maxLimit: number): number {
  const text = one(raw);
  if (text === undefined) return maxLimit;
  if (!/^-?\d+$/.test(text)) throw badRequest('limit param must be an integer');
  const n = Number(text);
  if (n < 0) throw badRequest('limit param must be positive');
  return Math.min(maxLimit, n);
}

export function parseListQuery(ctx: RequestContext, q: Query, maxLimit: number): ListFilters {
  checkQueryNames(ctx, q);
  const allTenantsRaw = q.all_tenants;
  const allTenants = allTenantsRaw !== undefined && (one(allTenantsRaw) === '' || asBool(one(allTenantsRaw)));
  if (allTenants && !ctx.isAdmin) throw policyForbidden('os_compute_api:servers:index:get_all_tenants');
  const changesSince = one(q['changes-since'] ?? q.changes_since);
  const since = changesSince === undefined ? undefined : isoParam('changes-since', changesSince);
  const deleted = ctx.isAdmin && q.deleted !== undefined ? asBool(one(q.deleted)) : undefined;
  return {
    limit: parseLimit(q.limit, maxLimit),
    marker: one(q.marker),
    name: one(q.name),
    status: many(q.status),
    strictStatus: ctx.mv.atLeast('2.38'),
    image: one(q.image),
    flavor: one(q.flavor),
    reservationId: one(q.reservation_id),
    ip: one(q.ip),
    // Nova: non-admins could not filter by ip6 before 2.5 (the filter was dropped silently).
    ip6: ctx.isAdmin || ctx.mv.atLeast('2.5') ? one(q.ip6) : undefined,
    ...(ctx.mv.atLeast('2.26') ? tagFilters(q) : {}),
    changesSince: since,
    host: ctx.isAdmin ? one(q.host) : undefined,
    allTenants,
    tenantId: ctx.isAdmin ? one(q.tenant_id ?? q.project_id) : undefined,
    deleted,
    later: parseLaterQuery(ctx, q, since),
  };
}

/** `{rel: next, href}` with the same query and the marker set to the last id of this page. */
export function nextLink(ctx: RequestContext, req: FastifyRequest, parts: string[], lastId: string): { rel: string; href: string } {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query as Query)) {
    if (k === 'marker') continue;
    for (const item of many(v)) params.append(k, item);
  }
  params.set('marker', lastId);
  return { rel: 'next', href: `${ctx.selfLink(...parts)}?${params.toString()}` };
}

/** 2.26: comma-separated tag lists (Nova splits each filter's value on ','). */
function tagFilters(q: Query): Pick<ListFilters, 'tags' | 'tagsAny' | 'notTags' | 'notTagsAny'> {
  const list = (v: unknown) => (v === undefined ? undefined : many(v).join(',').split(',').filter((t) => t !== ''));
  return { tags: list(q.tags), tagsAny: list(q['tags-any']), notTags: list(q['not-tags']), notTagsAny: list(q['not-tags-any']) };
}
