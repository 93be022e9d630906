/** POST/GET/HEAD/DELETE /identity/v3/auth/tokens: password (or token) auth, project scope. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app.js';
import type { Ref, TokenInfo } from '../../identity/service.js';
import type { User } from '../../identity/directory.js';
import { validateBody } from '../validation.js';
import { originOf } from '../http.js';
import { callerOf } from './caller.js';
import { couldNotFind, notAuthorized, unauthenticated } from './errors.js';
import { tokenV3 } from './views.js';

const DomainRef = Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) });
const UserRef = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  domain: Type.Optional(DomainRef),
  password: Type.String(),
});
const AuthRequest = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.String(), { minItems: 1 }),
      password: Type.Optional(Type.Object({ user: UserRef })),
      token: Type.Optional(Type.Object({ id: Type.String() })),
    }),
    scope: Type.Optional(Type.Union([Type.String(), Type.Object({})])),
  }),
});
type AuthRequest = Static<typeof AuthRequest>;

/** The project asked for in `scope`, if any (domain and system scopes fall back to a project). */
function projectRef(scope: unknown): Ref | undefined {
  const project = (scope as { project?: unknown } | undefined)?.project;
  if (!project || typeof project !== 'object') return undefined;
  return project as Ref;
}

async function authenticate(s: Services, body: AuthRequest): Promise<{ user: User; parentAudit: readonly string[] } | null> {
  const identity = body.auth.identity;
  if (identity.methods.includes('password') && identity.password) {
    const { password, ...ref } = identity.password.user;
    const user = await s.identity.checkPassword(ref, password);
    return user ? { user, parentAudit: [] } : null;
  }
  if (identity.methods.includes('token') && identity.token) {
    const info = await s.identity.validate(identity.token.id);
    return info ? { user: info.user, parentAudit: info.auditIds } : null;
  }
  return null;
}

/** The subject token of a GET/HEAD/DELETE, after checking the caller may see it. */
async function subjectOf(app: FastifyInstance, s: Services, req: FastifyRequest): Promise<{ token: string; info: TokenInfo }> {
  const caller = await callerOf(app, s, req);
  const token = req.headers['x-subject-token'];
  if (typeof token !== 'string' || token === '') throw unauthenticated();
  const info = await s.identity.validate(token);
  if (!info) throw couldNotFind('token', token);
  if (!caller.isAdmin && caller.userId !== info.user.id) throw notAuthorized('identity:validate_token');
  return { token, info };
}

export function tokenRoutesV3(app: FastifyInstance, s: Services): void {
  const origin = (req: FastifyRequest): string => originOf(req, s.config.publicUrl);

  app.post('/v3/auth/tokens', async (req, reply) => {
    const body = validateBody(AuthRequest, req.body);
    const who = await authenticate(s, body);
    if (!who) throw unauthenticated();
    const scope = await s.identity.scopeFor(who.user, projectRef(body.auth.scope));
    if (!scope) throw unauthenticated();
    const methods = body.auth.identity.methods.filter((m) => m === 'password' || m === 'token');
    const info = await s.identity.issue(who.user, scope, methods, who.parentAudit);
    const nocatalog = (req.query as Record<string, unknown>).nocatalog !== undefined;
    return reply.code(201).header('x-subject-token', info.token!).send(tokenV3(info, origin(req), !nocatalog));
  });

  app.get('/v3/auth/tokens', { exposeHeadRoute: false }, async (req, reply) => {
    const { token, info } = await subjectOf(app, s, req);
    const nocatalog = (req.query as Record<string, unknown>).nocatalog !== undefined;
    return reply.header('x-subject-token', token).send(tokenV3(info, origin(req), !nocatalog));
  });

  app.head('/v3/auth/tokens', async (req, reply) => {
    const { token } = await subjectOf(app, s, req);
    return reply.code(200).header('x-subject-token', token).send();
  });

  app.delete('/v3/auth/tokens', async (req, reply) => {
    const { token } = await subjectOf(app, s, req);
    await s.identity.revoke(token);
    return reply.code(204).send();
  });
}
