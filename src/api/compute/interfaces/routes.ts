/**
 * os-interface (Nova: attach_interfaces.py), read-only: a server's ports as interface
 * attachments, from the same ports the Neutron API under /networking serves. Attaching and
 * detaching interfaces is not offered (no route, so 404).
 */
import type { Services } from '../../../app.js';
import { notFound } from '../../../errors.js';
import type { Port } from '../../../network/neutron.js';
import type { RouteDef } from '../router.js';

type P = { server_id: string; port_id: string };

function attachmentView(p: Port, withTag: boolean): Record<string, unknown> {
  const v: Record<string, unknown> = {
    port_state: p.active ? 'ACTIVE' : 'DOWN',
    fixed_ips: [{ subnet_id: p.subnetId, ip_address: p.fixedAddress }],
    port_id: p.id,
    net_id: p.networkId,
    mac_addr: p.mac,
  };
  if (withTag) v.tag = null;
  return v;
}

export function interfaceRoutes(s: Services): RouteDef[] {
  return [
    {
      method: 'GET', path: '/servers/:server_id/os-interface',
      handler: async (ctx, req) => {
        const inst = await s.compute.get(ctx, (req.params as P).server_id);
        const ports = await s.network.neutron.ports(ctx, inst.uuid);
        return { interfaceAttachments: ports.map((p) => attachmentView(p, ctx.mv.atLeast('2.70'))) };
      },
    },
    {
      method: 'GET', path: '/servers/:server_id/os-interface/:port_id',
      handler: async (ctx, req) => {
        const { server_id: serverId, port_id: portId } = req.params as P;
        const inst = await s.compute.get(ctx, serverId);
        const port = (await s.network.neutron.ports(ctx)).find((p) => p.id === portId);
        if (!port) throw notFound(`Port id ${portId} could not be found.`);
        // Nova: the port exists but belongs to another device.
        if (port.deviceId !== inst.uuid) throw notFound(`Instance ${inst.uuid} does not have a port with id ${portId}`);
        return { interfaceAttachment: attachmentView(port, ctx.mv.atLeast('2.70')) };
      },
    },
  ];
}
