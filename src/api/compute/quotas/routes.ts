/** os-quota-sets and os-quota-class-sets routes. */
import { Type } from '@sinclair/typebox';
import type { Services } from '../../../app.js';
import { validateQuery } from '../../validation.js';
import { lastValues } from '../flavors/paging.js';
import type { Handler, RouteDef } from '../router.js';
import * as quotas from './controller.js';

/** Nova 2.75: show, detail, update and delete of a quota set take `user_id` and nothing else. */
const userOnlyV275 = Type.Unsafe({ type: 'object', properties: { user_id: { type: 'string' } }, additionalProperties: false });

const strictQuery = (h: Handler): Handler => (ctx, req, reply) => {
  if (ctx.mv.atLeast('2.75')) validateQuery(userOnlyV275, lastValues(req));
  return h(ctx, req, reply);
};

export function quotaRoutes(s: Services): RouteDef[] {
  return [
    { method: 'GET', path: '/os-quota-sets/:tenant_id', handler: strictQuery((ctx, req) => quotas.show(s, ctx, req)) },
    { method: 'GET', path: '/os-quota-sets/:tenant_id/detail', handler: strictQuery((ctx, req) => quotas.detail(s, ctx, req)) },
    { method: 'GET', path: '/os-quota-sets/:tenant_id/defaults', handler: (ctx, req) => quotas.defaults(s, ctx, req) },
    { method: 'PUT', path: '/os-quota-sets/:tenant_id', handler: strictQuery((ctx, req) => quotas.update(s, ctx, req)) },
    { method: 'DELETE', path: '/os-quota-sets/:tenant_id', status: 202, handler: strictQuery((ctx, req) => quotas.reset(s, ctx, req)) },
    { method: 'GET', path: '/os-quota-class-sets/:id', handler: (ctx, req) => quotas.showClass(s, ctx, req) },
    { method: 'PUT', path: '/os-quota-class-sets/:id', handler: (ctx, req) => quotas.updateClass(s, ctx, req) },
  ];
}
