/** os-quota-sets and os-quota-class-sets routes. */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';
import * as quotas from './controller.js';

export function quotaRoutes(s: Services): RouteDef[] {
  return [
    { method: 'GET', path: '/os-quota-sets/:tenant_id', handler: (ctx, req) => quotas.show(s, ctx, req) },
    { method: 'GET', path: '/os-quota-sets/:tenant_id/detail', handler: (ctx, req) => quotas.detail(s, ctx, req) },
    { method: 'GET', path: '/os-quota-sets/:tenant_id/defaults', handler: (ctx, req) => quotas.defaults(s, ctx, req) },
    { method: 'PUT', path: '/os-quota-sets/:tenant_id', handler: (ctx, req) => quotas.update(s, ctx, req) },
    { method: 'DELETE', path: '/os-quota-sets/:tenant_id', status: 202, handler: (ctx, req) => quotas.reset(s, ctx, req) },
    { method: 'GET', path: '/os-quota-class-sets/:id', handler: (ctx, req) => quotas.showClass(s, ctx, req) },
    { method: 'PUT', path: '/os-quota-class-sets/:id', handler: (ctx, req) => quotas.updateClass(s, ctx, req) },
  ];
}
