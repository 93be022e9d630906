/** GET /limits: the project's absolute limits and what it uses (Nova: compute/limits.py). */
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../../app.js';
import type { RequestContext } from '../../context.js';
import { validateQuery } from '../../validation.js';
import type { RouteDef } from '../router.js';
import { lastValues } from '../flavors/paging.js';
import { limitsView } from './view.js';

/** Nova 2.75: `tenant_id` and nothing else. */
const indexQueryV275 = Type.Unsafe({ type: 'object', properties: { tenant_id: { type: 'string' } }, additionalProperties: false });

async function index(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  if (ctx.mv.atLeast('2.75')) validateQuery(indexQueryV275, lastValues(req));
  const asked = lastValues(req).tenant_id;
  let projectId = ctx.projectId;
  if (asked !== undefined) {
    // Nova: another project's limits need admin (os-used-limits-for-admin).
    if (asked !== ctx.projectId) ctx.requireAdmin('os_compute_api:limits:other_project');
    projectId = asked;
  }
  const [limits, used] = await Promise.all([s.quotas.limitsFor(projectId), s.quotas.usage(projectId)]);
  return limitsView(ctx, limits, used);
}

export function limitRoutes(s: Services): RouteDef[] {
  return [{ method: 'GET', path: '/limits', handler: (ctx, req) => index(s, ctx, req) }];
}
