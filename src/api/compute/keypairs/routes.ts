/** os-keypairs routes. */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';
import * as keypairs from './controller.js';

export function keypairRoutes(s: Services): RouteDef[] {
  return [
    { method: 'GET', path: '/os-keypairs', handler: (ctx, req) => keypairs.index(s, ctx, req) },
    { method: 'POST', path: '/os-keypairs', handler: (ctx, req, reply) => keypairs.createKeypair(s, ctx, req, reply) },
    { method: 'GET', path: '/os-keypairs/:keypair_name', handler: (ctx, req) => keypairs.show(s, ctx, req) },
    { method: 'DELETE', path: '/os-keypairs/:keypair_name', handler: (ctx, req, reply) => keypairs.remove(s, ctx, req, reply) },
  ];
}
