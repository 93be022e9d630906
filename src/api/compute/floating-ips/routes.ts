/**
 * os-floating-ips and os-floating-ip-pools (Nova: floating_ips.py, floating_ip_pools.py), proxies
 * of the network service: v2.1 up to 2.35 and legacy v2; the server actions addFloatingIp and
 * removeFloatingIp up to 2.43.
 */
import type { Services } from '../../../app.js';
import { notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import type { RouteDef } from '../router.js';
import { versioned, type ActionTable } from '../servers/actions.js';
import * as schema from './schemas.js';
import { floatingIpView } from './view.js';

/** Nova: MAX_PROXY_API_SUPPORT_VERSION 2.35; above it the route is gone (404). */
function checkProxy(ctx: RequestContext): void {
  if (!ctx.legacy && ctx.mv.atLeast('2.36')) throw notFound('The resource could not be found.');
}

/** Nova: the pool named in the body, if any (no schema: anything else is "no pool"). */
function poolOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || !('pool' in body)) return null;
  const pool = (body as { pool: unknown }).pool;
  return pool === null || pool === undefined ? null : String(pool);
}

export function floatingIpRoutes(s: Services): RouteDef[] {
  const fips = s.network.floatingIps;
  type P = { id: string };
  return [
    {
      method: 'GET', path: '/os-floating-ip-pools', handler: async (ctx) => {
        checkProxy(ctx);
        return { floating_ip_pools: fips.pools().map((name) => ({ name })) };
      },
    },
    {
      method: 'GET', path: '/os-floating-ips', handler: async (ctx) => {
        checkProxy(ctx);
        return { floating_ips: (await fips.list(ctx)).map(floatingIpView) };
      },
    },
    {
      method: 'POST', path: '/os-floating-ips', handler: async (ctx, req) => {
        checkProxy(ctx);
        return { floating_ip: floatingIpView(await fips.allocate(ctx, poolOf(req.body))) };
      },
    },
    {
      method: 'GET', path: '/os-floating-ips/:id', handler: async (ctx, req) => {
        checkProxy(ctx);
        return { floating_ip: floatingIpView(await fips.get(ctx, (req.params as P).id)) };
      },
    },
    {
      method: 'DELETE', path: '/os-floating-ips/:id', status: 202, handler: async (ctx, req) => {
        checkProxy(ctx);
        await fips.release(ctx, (req.params as P).id);
      },
    },
  ];
}

export function floatingIpActions(s: Services): ActionTable {
  const fips = s.network.floatingIps;
  return {
    // Nova: both actions exist from 2.1 to 2.43; above, the method is not found (404).
    addFloatingIp: versioned({ max: '2.43' }, async (ctx, id, _args, body, reply) => {
      const b = (validateBody(schema.addFloatingIp, body, { legacy: ctx.legacy }) as { addFloatingIp: { address: string; fixed_address?: string } }).addFloatingIp;
      await fips.associate(ctx, id, b.address, b.fixed_address);
      reply.code(202);
    }),
    removeFloatingIp: versioned({ max: '2.43' }, async (ctx, id, _args, body, reply) => {
      const b = (validateBody(schema.removeFloatingIp, body, { legacy: ctx.legacy }) as { removeFloatingIp: { address: string } }).removeFloatingIp;
      await fips.disassociate(ctx, id, b.address);
      reply.code(202);
    }),
  };
}
