/**
 * os-simple-tenant-usage (Nova: nova/api/openstack/compute/simple_tenant_usage.py): every
 * project's usage for admins, one project's for its members. Query values: the first wins, as
 * Nova reads them with parse_qs; `limit`/`marker` paging from 2.40.
 */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { usagePeriod, type ServerUsage, type UsageQuery } from '../../../compute/usage-report.js';
import { badRequest, policyForbidden } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { nextLinks, pageSize } from '../flavors/paging.js';
import type { RouteDef } from '../router.js';

const POLICY = 'os_compute_api:os-simple-tenant-usage';

/** The first value of a query parameter; parse_qs drops blank ones. */
function first(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  const value = Array.isArray(v) ? v[0] : v;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The last value (webob's req.GET.get, as get_limit_and_marker reads them). */
function last(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  const value = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof value === 'string' ? value : undefined;
}

/** Nova: common.get_limit_and_marker, from 2.40; before, the report holds up to max_limit servers. */
function paging(ctx: RequestContext, req: FastifyRequest, maxLimit: number): { limit: number; marker?: string } {
  if (!ctx.mv.atLeast('2.40')) return { limit: maxLimit };
  const raw = last(req, 'limit');
  if (raw !== undefined && !/^\s*[-+]?\d+\s*$/.test(raw)) throw badRequest('limit param must be an integer');
  if (raw !== undefined && Number(raw) < 0) throw badRequest('limit param must be positive');
  const limit = raw === undefined || Number(raw) === 0 ? maxLimit : pageSize(raw.trim(), maxLimit);
  return { limit, marker: last(req, 'marker') };
}

function query(ctx: RequestContext, req: FastifyRequest, maxLimit: number, extra: Partial<UsageQuery>): UsageQuery {
  const period = usagePeriod(first(req, 'start'), first(req, 'end'));
  return { period, detailed: first(req, 'detailed') === '1', ...paging(ctx, req, maxLimit), ...extra };
}

function withLinks(ctx: RequestContext, req: FastifyRequest, body: Record<string, unknown>, key: string, q: UsageQuery, servers: ServerUsage[], path: string[]): Record<string, unknown> {
  if (!ctx.mv.atLeast('2.40')) return body;
  const links = nextLinks(ctx, req, q.limit, servers.length, servers.at(-1)?.instance_id, ...path);
  return links.length ? { ...body, [key]: links } : body;
}

export function tenantUsageRoutes(s: Services): RouteDef[] {
  return [
    {
      method: 'GET', path: '/os-simple-tenant-usage',
      handler: async (ctx, req) => {
        ctx.requireAdmin(`${POLICY}:list`);
        const q = query(ctx, req, s.config.maxLimit, {});
        const { tenants, servers } = await s.usage.report(q);
        return withLinks(ctx, req, { tenant_usages: tenants }, 'tenant_usages_links', q, servers, ['os-simple-tenant-usage']);
      },
    },
    {
      method: 'GET', path: '/os-simple-tenant-usage/:tenant_id',
      handler: async (ctx, req) => {
        const tenantId = (req.params as { tenant_id: string }).tenant_id;
        if (!ctx.isAdmin && tenantId !== ctx.projectId) throw policyForbidden(`${POLICY}:show`);
        const q = query(ctx, req, s.config.maxLimit, { tenantId, detailed: true });
        const { tenants, servers } = await s.usage.report(q);
        // Nova: a project with no usage in the period gets an empty object.
        const body = { tenant_usage: tenants[0] ?? {} };
        return withLinks(ctx, req, body, 'tenant_usage_links', q, servers, ['os-simple-tenant-usage', tenantId]);
      },
    },
  ];
}
