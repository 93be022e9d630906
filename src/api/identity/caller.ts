/** Who calls an identity route: a Keystone token, or (noauth mode) a `user:project` token. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Principal } from '../context.js';
import { unauthenticated } from './errors.js';

export async function callerOf(app: FastifyInstance, s: Services, req: FastifyRequest): Promise<Principal> {
  const token = req.headers['x-auth-token'];
  if (typeof token !== 'string' || token === '') throw unauthenticated();
  const principal = await s.identity.principalFor(token);
  if (principal) {
    req.principal = principal;
    return principal;
  }
  if (s.config.auth !== 'noauth') throw unauthenticated();
  await app.authenticate(req);
  return req.principal!;
}
