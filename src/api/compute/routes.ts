/** The compute route table (Nova: nova/api/openstack/compute/routes.py ROUTE_LIST), one list per resource. */
import type { Services } from '../../app.js';
import type { RouteDef } from './router.js';
import { serverRoutes } from './servers/routes.js';
import { migrationRoutes } from './migrations/routes.js';
import { serverMigrationRoutes } from './migrations/server-migrations.js';
import { serverTagRoutes } from './server-tags/routes.js';
import { flavorRoutes } from './flavors/routes.js';
import { keypairRoutes } from './keypairs/routes.js';
import { limitRoutes } from './limits/routes.js';
import { extensionRoutes } from './extensions/routes.js';
import { imageRoutes } from './images/routes.js';
import { quotaRoutes } from './quotas/routes.js';
import { availabilityZoneRoutes } from './availability-zones/routes.js';
import { hypervisorRoutes } from './hypervisors/routes.js';
import { serviceRoutes } from './services/routes.js';
import { hostRoutes } from './hosts/routes.js';
import { floatingIpRoutes } from './floating-ips/routes.js';
import { consoleRoutes } from './consoles/routes.js';
import { serverPasswordRoutes } from './server-password/routes.js';
import { virtualInterfaceRoutes } from './virtual-interfaces/routes.js';
import { diagnosticsRoutes } from './diagnostics/routes.js';
import { volumeRoutes } from './volumes/routes.js';
import { serverGroupRoutes } from './server-groups/routes.js';
import { tenantUsageRoutes } from './tenant-usage/routes.js';
import { interfaceRoutes } from './interfaces/routes.js';
import { aggregateRoutes } from './aggregates/routes.js';
import { instanceActionRoutes } from './instance-actions/routes.js';
import { serverExternalEventRoutes } from './server-external-events/routes.js';
import { securityGroupRoutes } from './security-groups/routes.js';

export function computeRoutes(s: Services): RouteDef[] {
  return [
    ...serverRoutes(s),
    ...migrationRoutes(s),
    ...serverMigrationRoutes(s),
    ...serverTagRoutes(s),
    ...flavorRoutes(s),
    ...keypairRoutes(s),
    ...limitRoutes(s),
    ...extensionRoutes(s),
    ...imageRoutes(s),
    ...quotaRoutes(s),
    ...availabilityZoneRoutes(s),
    ...hypervisorRoutes(s),
    ...serviceRoutes(s),
    ...hostRoutes(s),
    ...floatingIpRoutes(s),
    ...consoleRoutes(s),
    ...serverPasswordRoutes(s),
    ...virtualInterfaceRoutes(s),
    ...diagnosticsRoutes(s),
    ...volumeRoutes(s),
    ...serverGroupRoutes(s),
    ...tenantUsageRoutes(s),
    ...interfaceRoutes(s),
    ...aggregateRoutes(s),
    ...instanceActionRoutes(s),
    ...serverExternalEventRoutes(s),
    ...securityGroupRoutes(s),
  ];
}
