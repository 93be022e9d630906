/** os-hosts routes (Nova: nova/api/openstack/compute/hosts.py), admin only; removed at 2.43. */
import type { Services } from '../../../app.js';
import { HostAdmin } from '../../../compute/host-admin.js';
import type { RouteDef } from '../router.js';
import * as hosts from './controller.js';

export function hostRoutes(s: Services): RouteDef[] {
  const admin = new HostAdmin(s.hosts);
  return [
    { method: 'GET', path: '/os-hosts', handler: (ctx, req) => hosts.index(admin, ctx, req) },
    { method: 'GET', path: '/os-hosts/:host', handler: (ctx, req) => hosts.show(admin, ctx, req) },
    { method: 'PUT', path: '/os-hosts/:host', handler: (ctx, req) => hosts.update(admin, ctx, req) },
    { method: 'GET', path: '/os-hosts/:host/startup', handler: (ctx, req) => hosts.power(admin, ctx, req, 'startup') },
    { method: 'GET', path: '/os-hosts/:host/shutdown', handler: (ctx, req) => hosts.power(admin, ctx, req, 'shutdown') },
    { method: 'GET', path: '/os-hosts/:host/reboot', handler: (ctx, req) => hosts.power(admin, ctx, req, 'reboot') },
  ];
}
