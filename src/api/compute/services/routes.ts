/** os-services routes (Nova: nova/api/openstack/compute/services.py), admin only. */
import type { Services } from '../../../app.js';
import { HostAdmin } from '../../../compute/host-admin.js';
import type { RouteDef } from '../router.js';
import * as services from './controller.js';

export function serviceRoutes(s: Services): RouteDef[] {
  const admin = new HostAdmin(s.hosts);
  return [
    { method: 'GET', path: '/os-services', handler: (ctx, req) => services.index(admin, ctx, req) },
    { method: 'PUT', path: '/os-services/:action', handler: (ctx, req) => services.update(admin, ctx, req) },
    { method: 'DELETE', path: '/os-services/:id', status: 204, handler: (ctx, req) => services.remove(admin, ctx, req) },
  ];
}
