/** GET /servers/{id}/diagnostics (Nova: server_diagnostics.py; admin only by default policy). */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';
import { flatDiagnostics, standardDiagnostics } from './view.js';

export function diagnosticsRoutes(s: Services): RouteDef[] {
  return [{
    method: 'GET', path: '/servers/:server_id/diagnostics',
    handler: async (ctx, req) => {
      const d = await s.network.guest.diagnostics(ctx, (req.params as { server_id: string }).server_id);
      return ctx.mv.atLeast('2.48') ? standardDiagnostics(d) : flatDiagnostics(d);
    },
  }];
}
