/**
 * os-hypervisors handlers at microversion 2.1: integer ids, cpu_info as a JSON string, the
 * search and servers routes (2.53 replaced them with query parameters).
 */
import type { FastifyRequest } from 'fastify';
import type { Hypervisor, HypervisorAdmin } from '../../../compute/hypervisor-admin.js';
import { badRequest, notFound } from '../../../errors.js';
import { validateQuery } from '../../validation.js';
import { lastValues, nextLinks, pageSize } from '../flavors/paging.js';
import { listQueryV253, pagingQuery, showQueryV253 } from './schemas.js';
import { asBool } from '../../parameter-types.js';
import { isUuid } from '../../../util/ids.js';
import type { RequestContext } from '../../context.js';
import * as view from './view.js';

const POLICY = 'os_compute_api:os-hypervisors';
const idOf = (req: FastifyRequest): string => (req.params as { id: string }).id;

/** Nova: search, servers (and the integer-id routes) are gone from 2.53; statistics and uptime from 2.88. */
function requireAtMost(ctx: RequestContext, version: string): void {
  if (!ctx.mv.atMost(version)) throw notFound('The resource could not be found.');
}

export async function index(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest, maxLimit: number): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:list`);
  return page(h, ctx, req, maxLimit, false);
}

export async function detail(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest, maxLimit: number): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:list-detail`);
  return page(h, ctx, req, maxLimit, true);
}

/**
 * 2.33: `limit` and `marker` (the id of the last hypervisor seen) page the list. 2.53: the
 * `hypervisor_hostname_pattern` and `with_servers` parameters replace the search and servers
 * routes, and nothing else is accepted.
 */
async function page(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest, maxLimit: number, detailed: boolean): Promise<unknown> {
  const v253 = ctx.mv.atLeast('2.53');
  const q = lastValues(req);
  if (ctx.mv.atLeast('2.33')) validateQuery(v253 ? listQueryV253 : pagingQuery, q);
  const withServers = v253 && asBool(q.with_servers);
  const render = (x: Hypervisor): unknown => view.withServerList(ctx, detailed ? view.detail(ctx, x) : view.summary(ctx, x), x, withServers);
  const pattern = v253 ? q.hypervisor_hostname_pattern : undefined;
  if (pattern !== undefined) {
    if (q.limit !== undefined || q.marker !== undefined) {
      throw badRequest('Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.');
    }
    return { hypervisors: (await h.search(pattern, withServers)).map(render) };
  }
  const all = await h.list(withServers);
  if (!ctx.mv.atLeast('2.33')) return { hypervisors: all.map(render) };
  const idOfHyp = (x: Hypervisor): string => String(v253 ? x.node.uuid : x.node.id);
  let start = 0;
  if (q.marker !== undefined) {
    const at = all.findIndex((x) => idOfHyp(x) === q.marker);
    if (at === -1) throw badRequest(`marker [${q.marker}] not found`);
    start = at + 1;
  }
  const size = pageSize(q.limit, maxLimit);
  const rows = all.slice(start, start + size);
  const body: Record<string, unknown> = { hypervisors: rows.map(render) };
  const links = nextLinks(ctx, req, size, rows.length, rows.length ? idOfHyp(rows[rows.length - 1]) : undefined, 'os-hypervisors', ...(detailed ? ['detail'] : []));
  if (links.length) body.hypervisors_links = links;
  return body;
}

/** Nova (_validate_id): from 2.53 an id is a uuid (400 otherwise); before, an integer. */
async function lookup(h: HypervisorAdmin, ctx: RequestContext, id: string, withServers = false): Promise<Hypervisor> {
  if (!ctx.mv.atLeast('2.53')) return h.get(id);
  if (!isUuid(id)) throw badRequest(`Invalid uuid ${id}`);
  return h.getByUuid(id, withServers);
}

export async function show(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:show`);
  let withServers = false;
  if (ctx.mv.atLeast('2.53')) {
    const q = lastValues(req);
    validateQuery(showQueryV253, q);
    withServers = asBool(q.with_servers);
  }
  const hyp = await lookup(h, ctx, idOf(req), withServers);
  return { hypervisor: view.withServerList(ctx, view.detail(ctx, hyp), hyp, withServers) };
}

export async function uptime(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  requireAtMost(ctx, '2.87');
  ctx.requireAdmin(`${POLICY}:uptime`);
  const u = h.uptimeOf(await lookup(h, ctx, idOf(req)));
  return { hypervisor: { ...view.summary(ctx, u.hypervisor), uptime: u.uptime } };
}

export async function search(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  requireAtMost(ctx, '2.52');
  ctx.requireAdmin(`${POLICY}:search`);
  return { hypervisors: (await h.search(idOf(req), false)).map((x) => view.summary(ctx, x)) };
}

export async function servers(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  requireAtMost(ctx, '2.52');
  ctx.requireAdmin(`${POLICY}:servers`);
  return { hypervisors: (await h.search(idOf(req), true)).map((x) => view.withServers(ctx, x)) };
}

export async function statistics(h: HypervisorAdmin, ctx: RequestContext): Promise<unknown> {
  requireAtMost(ctx, '2.87');
  ctx.requireAdmin(`${POLICY}:statistics`);
  return { hypervisor_statistics: await h.statistics() };
}
