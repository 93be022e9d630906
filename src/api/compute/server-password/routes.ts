/**
 * os-server-password (Nova: server_password.py): the encrypted password the guest posted, and
 * clearing it (which leaves the guest's own password alone).
 */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';

type P = { server_id: string };

export function serverPasswordRoutes(s: Services): RouteDef[] {
  const guest = s.network.guest;
  return [
    {
      method: 'GET', path: '/servers/:server_id/os-server-password',
      handler: async (ctx, req) => ({ password: await guest.password(ctx, (req.params as P).server_id) }),
    },
    {
      method: 'DELETE', path: '/servers/:server_id/os-server-password', status: 204,
      handler: async (ctx, req) => {
        await guest.clearPassword(ctx, (req.params as P).server_id);
      },
    },
  ];
}
