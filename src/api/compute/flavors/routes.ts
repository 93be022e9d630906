/** Flavor routes: flavors, flavor-manage, os-extra_specs and os-flavor-access. */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';
import * as access from './access.js';
import * as flavors from './controller.js';
import * as specs from './extra-specs.js';

export function flavorRoutes(s: Services): RouteDef[] {
  return [
    { method: 'GET', path: '/flavors', handler: (ctx, req) => flavors.list(s, ctx, req, false) },
    { method: 'GET', path: '/flavors/detail', handler: (ctx, req) => flavors.list(s, ctx, req, true) },
    { method: 'GET', path: '/flavors/:flavor_id', handler: (ctx, req) => flavors.show(s, ctx, req) },
    { method: 'POST', path: '/flavors', handler: (ctx, req) => flavors.createFlavor(s, ctx, req) },
    { method: 'PUT', path: '/flavors/:flavor_id', handler: (ctx, req) => flavors.updateFlavor(s, ctx, req) },
    { method: 'DELETE', path: '/flavors/:flavor_id', status: 202, handler: (ctx, req) => flavors.deleteFlavor(s, ctx, req) },
    { method: 'GET', path: '/flavors/:flavor_id/os-extra_specs', handler: (ctx, req) => specs.index(s, ctx, req) },
    { method: 'POST', path: '/flavors/:flavor_id/os-extra_specs', handler: (ctx, req) => specs.create(s, ctx, req) },
    { method: 'GET', path: '/flavors/:flavor_id/os-extra_specs/:key', handler: (ctx, req) => specs.show(s, ctx, req) },
    { method: 'PUT', path: '/flavors/:flavor_id/os-extra_specs/:key', handler: (ctx, req) => specs.update(s, ctx, req) },
    { method: 'DELETE', path: '/flavors/:flavor_id/os-extra_specs/:key', handler: (ctx, req) => specs.remove(s, ctx, req) },
    { method: 'GET', path: '/flavors/:flavor_id/os-flavor-access', handler: (ctx, req) => access.index(s, ctx, req) },
    { method: 'POST', path: '/flavors/:flavor_id/action', handler: (ctx, req) => access.action(s, ctx, req) },
  ];
}
