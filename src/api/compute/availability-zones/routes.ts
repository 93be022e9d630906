/**
 * os-availability-zone (Nova: nova/api/openstack/compute/availability_zone.py). GET
 * /os-availability-zone/{zone} is no route of today's Nova; the API reference Novum is built from
 * documents it, so it answers on /v2 and at microversion 2.1 with the zone's summary.
 */
import type { Services } from '../../../app.js';
import { HostAdmin } from '../../../compute/host-admin.js';
import { notFound } from '../../../errors.js';
import type { RouteDef } from '../router.js';
import * as view from './view.js';

const POLICY = 'os_compute_api:os-availability-zone';

export function availabilityZoneRoutes(s: Services): RouteDef[] {
  const admin = new HostAdmin(s.hosts);
  return [
    {
      method: 'GET', path: '/os-availability-zone',
      handler: async () => view.zoneList(await admin.userZones()),
    },
    {
      method: 'GET', path: '/os-availability-zone/detail',
      handler: async (ctx) => {
        ctx.requireAdmin(`${POLICY}:detail`);
        return view.zoneList(await admin.zones(true));
      },
    },
    {
      method: 'GET', path: '/os-availability-zone/:zone',
      handler: async (ctx, req) => {
        const name = (req.params as { zone: string }).zone;
        const zone = ctx.mv.atLeast('2.2') ? undefined : (await admin.userZones()).find((z) => z.name === name);
        if (!zone) throw notFound(`Availability zone ${name} could not be found.`);
        return view.zoneList([zone]);
      },
    },
  ];
}
