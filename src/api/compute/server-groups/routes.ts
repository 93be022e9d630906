/** os-server-groups routes (Nova: nova/api/openstack/compute/server_groups.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import type { ServerGroupSpec } from '../../../compute/server-groups.js';
import { badRequest } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateBody, validateQuery } from '../../validation.js';
import { lastValues } from '../flavors/paging.js';
import type { RouteDef } from '../router.js';
import { limited } from '../volumes/controller.js';
import { type ServerGroupBody, create, createV215, createV264, indexQueryV275 } from './schemas.js';
import { serverGroupView } from './view.js';

const idOf = (req: FastifyRequest): string => (req.params as { id: string }).id;

/** The create body as a domain spec, per microversion. */
function specOf(ctx: RequestContext, raw: unknown): ServerGroupSpec {
  const schema = ctx.mv.atLeast('2.64') ? createV264 : ctx.mv.atLeast('2.15') ? createV215 : create;
  const { server_group: body } = validateBody(schema, raw, { legacy: ctx.legacy }) as ServerGroupBody;
  if (!ctx.mv.atLeast('2.64')) return { name: body.name, policy: (body.policies as string[])[0] };
  const rules = Object.fromEntries(Object.entries(body.rules ?? {}).map(([k, v]) => [k, Number(v)]));
  if (body.policy !== 'anti-affinity' && Object.keys(rules).length) throw badRequest('Only anti-affinity policy supports rules.');
  return { name: body.name, policy: body.policy as string, rules };
}

export function serverGroupRoutes(s: Services): RouteDef[] {
  return [
    {
      method: 'GET', path: '/os-server-groups',
      handler: async (ctx, req) => {
        if (ctx.mv.atLeast('2.75')) validateQuery(indexQueryV275, lastValues(req));
        // Nova: the mere presence of all_projects asks for every project's groups.
        const all = Object.prototype.hasOwnProperty.call(req.query ?? {}, 'all_projects');
        const groups = await s.serverGroups.list(ctx, all);
        return { server_groups: limited(groups, req.query, s.config.maxLimit).map((g) => serverGroupView(ctx, g)) };
      },
    },
    {
      method: 'POST', path: '/os-server-groups',
      handler: async (ctx, req) => ({ server_group: serverGroupView(ctx, await s.serverGroups.create(ctx, specOf(ctx, req.body))) }),
    },
    {
      method: 'GET', path: '/os-server-groups/:id',
      handler: async (ctx, req) => ({ server_group: serverGroupView(ctx, await s.serverGroups.get(ctx, idOf(req))) }),
    },
    {
      method: 'DELETE', path: '/os-server-groups/:id', status: 204,
      handler: async (ctx, req) => {
        await s.serverGroups.delete(ctx, idOf(req));
      },
    },
  ];
}
