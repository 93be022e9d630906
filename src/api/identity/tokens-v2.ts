/** POST /identity/v2.0/tokens: Keystone's v2.0 password (or token) authentication. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.js';
import type { User } from '../../identity/directory.js';
import { DEFAULT_DOMAIN } from '../../identity/directory.js';
import { validateBody } from '../validation.js';
import { originOf } from '../http.js';
import { unauthenticated } from './errors.js';
import { accessV2 } from './views.js';

const V2Auth = Type.Object({
  auth: Type.Object({
    passwordCredentials: Type.Optional(Type.Object({
      username: Type.Optional(Type.String()),
      userId: Type.Optional(Type.String()),
      password: Type.String(),
    })),
    token: Type.Optional(Type.Object({ id: Type.String() })),
    tenantName: Type.Optional(Type.String()),
    tenantId: Type.Optional(Type.String()),
  }),
});

export function tokenRoutesV2(app: FastifyInstance, s: Services): void {
  app.post('/v2.0/tokens', async (req, reply) => {
    const { auth } = validateBody(V2Auth, req.body);
    let user: User | null = null;
    if (auth.passwordCredentials) {
      const c = auth.passwordCredentials;
      const ref = c.userId !== undefined ? { id: c.userId } : { name: c.username ?? '' };
      user = await s.identity.checkPassword(ref, c.password);
    } else if (auth.token) {
      user = (await s.identity.validate(auth.token.id))?.user ?? null;
    }
    if (!user) throw unauthenticated();
    const ref = auth.tenantId !== undefined ? { id: auth.tenantId }
      : auth.tenantName !== undefined ? { name: auth.tenantName, domain: { id: DEFAULT_DOMAIN.id } } : undefined;
    const scope = await s.identity.scopeFor(user, ref);
    if (!scope) throw unauthenticated();
    const info = await s.identity.issue(user, scope, ['password']);
    return reply.code(200).send(accessV2(info, info.token!, originOf(req, s.config.publicUrl)));
  });
}
