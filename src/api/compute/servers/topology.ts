/** GET /servers/{id}/topology (2.78, Nova: server_topology.py); host details for admins (policy host:index). */
import type { Services } from '../../../app.js';
import { serverTopology, type ServerTopology } from '../../../compute/topology.js';
import type { RequestContext } from '../../context.js';

export async function showTopology(s: Services, ctx: RequestContext, id: string): Promise<ServerTopology> {
  const inst = await s.compute.get(ctx, id);
  return serverTopology(inst, ctx.isAdmin);
}
