/**
 * os-virtual-interfaces (Nova: virtual_interfaces.py): a server's interfaces with their MACs.
 * Nova answered it from 2.1 to 2.43 (net_id from 2.12; `OS-EXT-VIF-NET:net_id` on legacy v2)
 * and removed it (410) in Rocky; Novum serves it up to 2.43 and answers 404 above, as Nova did
 * before the removal.
 */
import type { Services } from '../../../app.js';
import { interfacesOf } from '../../../network/addresses.js';
import type { RouteDef } from '../router.js';

export function virtualInterfaceRoutes(s: Services): RouteDef[] {
  return [{
    method: 'GET', path: '/servers/:server_id/os-virtual-interfaces', maxVersion: '2.43',
    handler: async (ctx, req) => {
      const inst = await s.compute.get(ctx, (req.params as { server_id: string }).server_id);
      const vifs = interfacesOf(inst.uuid, inst.addresses).map((i) => {
        const v: Record<string, unknown> = { id: i.id, mac_address: i.mac };
        if (ctx.mv.atLeast('2.12')) v.net_id = i.networkId;
        if (ctx.legacy) v['OS-EXT-VIF-NET:net_id'] = i.networkId;
        return v;
      });
      return { virtual_interfaces: vifs };
    },
  }];
}
