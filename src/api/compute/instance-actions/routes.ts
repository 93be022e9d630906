/**
 * os-instance-actions (Nova: compute/instance_actions.py): the log of a server's actions and
 * their events. From 2.21 a deleted server's log can be read; from 2.58 the list pages by
 * `limit`/`marker` (a request id) with a `links` next link and filters by `changes-since`
 * (2.66: `changes-before`) over `updated_at`.
 */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { notFound } from '../../../errors.js';
import type { Instance } from '../../../store/schema.js';
import type { RequestContext } from '../../context.js';
import { validateQuery } from '../../validation.js';
import { lastValues, nextLinks, pageSize } from '../flavors/paging.js';
import type { RouteDef } from '../router.js';
import { changesWindow } from './changes.js';
import { indexQueryV258, indexQueryV266 } from './schemas.js';
import { actionView, eventView } from './view.js';

type Params = { server_id: string; request_id: string };
type Body = Record<string, unknown>;

/** Nova: from 2.21 the actions of a deleted server can still be read. */
function serverOf(s: Services, ctx: RequestContext, id: string): Promise<Instance> {
  return s.compute.queries.get(ctx, id, { includeDeleted: ctx.mv.atLeast('2.21') });
}

async function index(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<Body> {
  const inst = await serverOf(s, ctx, (req.params as Params).server_id);
  if (!ctx.mv.atLeast('2.58')) {
    return { instanceActions: (await s.compute.queries.actionsPage(inst.uuid, {})).map((a) => actionView(ctx, a)) };
  }
  const q = lastValues(req);
  validateQuery(ctx.mv.atLeast('2.66') ? indexQueryV266 : indexQueryV258, q);
  const limit = pageSize(q.limit, s.config.maxLimit);
  const rows = await s.compute.queries.actionsPage(inst.uuid, {
    limit, marker: q.marker, ...changesWindow(q, true, ctx.mv.atLeast('2.66')),
  });
  const body: Body = { instanceActions: rows.map((a) => actionView(ctx, a)) };
  const links = nextLinks(ctx, req, limit, rows.length, rows.at(-1)?.request_id, 'servers', inst.uuid, 'os-instance-actions');
  if (links.length) body.links = links;
  return body;
}

async function show(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<Body> {
  const p = req.params as Params;
  const inst = await serverOf(s, ctx, p.server_id);
  const action = await s.compute.queries.action(inst.uuid, p.request_id);
  if (!action) throw notFound(`Action ${p.request_id} not found`);
  const view = actionView(ctx, action);
  // Nova: events are shown to admins (policy os-instance-actions:events); from 2.51 to everyone.
  if (ctx.isAdmin || ctx.mv.atLeast('2.51')) {
    const events = await s.compute.queries.actionEvents(action.id);
    view.events = events.map((e) => eventView(ctx, e, action.project_id || inst.project_id));
  }
  return { instanceAction: view };
}

export function instanceActionRoutes(s: Services): RouteDef[] {
  const base = '/servers/:server_id/os-instance-actions';
  return [
    { method: 'GET', path: base, handler: (ctx, req) => index(s, ctx, req) },
    { method: 'GET', path: `${base}/:request_id`, handler: (ctx, req) => show(s, ctx, req) },
  ];
}
