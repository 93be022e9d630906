/** The compute route table (Nova: nova/api/openstack/compute/routes.py ROUTE_LIST), one list per resource. */
import type { Services } from '../../app.js';
import type { RouteDef } from './router.js';
import { serverRoutes } from './servers/routes.js';
import { flavorRoutes } from './flavors/routes.js';
import { keypairRoutes } from './keypairs/routes.js';
import { limitRoutes } from './limits/routes.js';
import { extensionRoutes } from './extensions/routes.js';
import { imageRoutes } from './images/routes.js';
import { quotaRoutes } from './quotas/routes.js';

export function computeRoutes(s: Services): RouteDef[] {
  return [
    ...serverRoutes(s),
    ...flavorRoutes(s),
    ...keypairRoutes(s),
    ...limitRoutes(s),
    ...extensionRoutes(s),
    ...imageRoutes(s),
    ...quotaRoutes(s),
  ];
}
