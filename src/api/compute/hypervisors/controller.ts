/**
 * os-hypervisors handlers at microversion 2.1: integer ids, cpu_info as a JSON string, the
 * search and servers routes (2.53 replaced them with query parameters).
 */
import type { FastifyRequest } from 'fastify';
import type { Hypervisor, HypervisorAdmin } from '../../../compute/hypervisor-admin.js';
import { badRequest, notFound } from '../../../errors.js';
import { validateQuery } from '../../validation.js';
import { lastValues, nextLinks, pageSize } from '../flavors/paging.js';
import { pagingQuery } from './schemas.js';
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
  return page(h, ctx, req, maxLimit, false, (x) => view.summary(ctx, x));
}

export async function detail(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest, maxLimit: number): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:list-detail`);
  return page(h, ctx, req, maxLimit, true, (x) => view.detail(ctx, x));
}

/** 2.33: `limit` and `marker` (the id of the last hypervisor seen) page the list; nothing else is accepted. */
async function page(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest, maxLimit: number, detailed: boolean, render: (x: Hypervisor) => unknown): Promise<unknown> {
  const all = await h.list();
  if (!ctx.mv.atLeast('2.33')) return { hypervisors: all.map(render) };
  const q = lastValues(req);
  validateQuery(pagingQuery, q);
  const idOfHyp = (x: Hypervisor): string => String(ctx.mv.atLeast('2.53') ? x.node.uuid : x.node.id);
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

export async function show(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:show`);
  return { hypervisor: view.detail(ctx, await h.get(idOf(req))) };
}

export async function uptime(h: HypervisorAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  requireAtMost(ctx, '2.87');
  ctx.requireAdmin(`${POLICY}:uptime`);
  const u = await h.uptime(idOf(req));
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
