/**
 * os-hypervisors handlers at microversion 2.1: integer ids, cpu_info as a JSON string, the
 * search and servers routes (2.53 replaced them with query parameters).
 */
import type { FastifyRequest } from 'fastify';
import type { HypervisorAdmin } from '../../../compute/hypervisor-admin.js';
import { notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import * as view from './view.js';

const POLICY = 'os_compute_api:os-hypervisors';
const idOf = (req: FastifyRequest): string => (req.params as { id: string }).id;

/** Nova: search, servers (and the integer-id routes) are gone from 2.53; statistics and uptime from 2.88. */
function requireAtMost(ctx: RequestContext, version: string): void {
  if (!ctx.mv.atMost(version)) throw notFound('The resource could not be found.');
}

export async function index(h: HypervisorAdmin, ctx: RequestContext): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:list`);
  return { hypervisors: (await h.list()).map((x) => view.summary(ctx, x)) };
}

export async function detail(h: HypervisorAdmin, ctx: RequestContext): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:list-detail`);
  return { hypervisors: (await h.list()).map((x) => view.detail(ctx, x)) };
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
