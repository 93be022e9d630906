/** os-hypervisors routes (Nova: nova/api/openstack/compute/hypervisors.py), admin only. */
import type { Services } from '../../../app.js';
import { HypervisorAdmin } from '../../../compute/hypervisor-admin.js';
import type { RouteDef } from '../router.js';
import * as hypervisors from './controller.js';

export function hypervisorRoutes(s: Services): RouteDef[] {
  const h = new HypervisorAdmin(s.hosts);
  return [
    { method: 'GET', path: '/os-hypervisors', handler: (ctx, req) => hypervisors.index(h, ctx, req, s.config.maxLimit) },
    { method: 'GET', path: '/os-hypervisors/detail', handler: (ctx, req) => hypervisors.detail(h, ctx, req, s.config.maxLimit) },
    { method: 'GET', path: '/os-hypervisors/statistics', handler: (ctx) => hypervisors.statistics(h, ctx) },
    { method: 'GET', path: '/os-hypervisors/:id', handler: (ctx, req) => hypervisors.show(h, ctx, req) },
    { method: 'GET', path: '/os-hypervisors/:id/uptime', handler: (ctx, req) => hypervisors.uptime(h, ctx, req) },
    { method: 'GET', path: '/os-hypervisors/:id/search', handler: (ctx, req) => hypervisors.search(h, ctx, req) },
    { method: 'GET', path: '/os-hypervisors/:id/servers', handler: (ctx, req) => hypervisors.servers(h, ctx, req) },
  ];
}
