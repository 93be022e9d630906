/**
 * os-aggregates (Nova: aggregates.py), the list only: Novum's hosts belong to no host aggregate,
 * so the admin list is empty (what `openstack hypervisor show` reads to name a host's aggregates).
 * Creating and changing aggregates is not offered (no route, so 404).
 */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';

export function aggregateRoutes(_s: Services): RouteDef[] {
  return [{
    method: 'GET', path: '/os-aggregates',
    handler: async (ctx) => {
      ctx.requireAdmin('os_compute_api:os-aggregates:index');
      return { aggregates: [] };
    },
  }];
}
