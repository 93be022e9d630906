/**
 * The few Keystone writes Tempest's admin tests use: create/delete projects and users, grant and
 * revoke a role on a project. Admin only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.js';
import { keystoneId } from '../../identity/bootstrap.js';
import { DEFAULT_DOMAIN } from '../../identity/directory.js';
import { GENERATED_PASSWORD_COST, hashPassword, randomPassword } from '../../identity/passwords.js';
import { NovaError } from '../../errors.js';
import { validateBody } from '../validation.js';
import { originOf } from '../http.js';
import { callerOf } from './caller.js';
import { couldNotFind, notAuthorized } from './errors.js';
import { projectView, userView } from './views.js';

const NewProject = Type.Object({
  project: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 64 }),
    description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    domain_id: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
  }),
});

const NewUser = Type.Object({
  user: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 255 }),
    password: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    domain_id: Type.Optional(Type.String()),
    default_project_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
  }),
});

const duplicate = (kind: string): NovaError =>
  new NovaError(409, `Conflict occurred attempting to store ${kind} - Duplicate entry.`);

type RoleParams = { Params: { project: string; user: string; role: string } };

export function adminWriteRoutes(app: FastifyInstance, s: Services): void {
  const base = (req: FastifyRequest): string => `${originOf(req, s.config.publicUrl)}/identity`;
  const dir = s.identity.directory;
  const admin = async (req: FastifyRequest, rule: string): Promise<void> => {
    if (!(await callerOf(app, s, req)).isAdmin) throw notAuthorized(rule);
  };
  const domainOf = (id: string | undefined): string => {
    if (id !== undefined && !dir.domain({ id })) throw couldNotFind('domain', id);
    return id ?? DEFAULT_DOMAIN.id;
  };

  app.post('/v3/projects', async (req, reply) => {
    await admin(req, 'identity:create_project');
    const { project: p } = validateBody(NewProject, req.body);
    const domainId = domainOf(p.domain_id);
    if (await dir.projectByName(domainId, p.name)) throw duplicate('project');
    const row = { id: keystoneId(), name: p.name, domain_id: domainId, description: p.description ?? '', enabled: p.enabled === false ? 0 : 1 };
    await dir.createProject(row);
    return reply.code(201).send({ project: projectView(row, base(req)) });
  });

  app.delete<{ Params: { id: string } }>('/v3/projects/:id', async (req, reply) => {
    await admin(req, 'identity:delete_project');
    if (!(await dir.deleteProject(req.params.id))) throw couldNotFind('project', req.params.id);
    return reply.code(204).send();
  });

  app.post('/v3/users', async (req, reply) => {
    await admin(req, 'identity:create_user');
    const { user: u } = validateBody(NewUser, req.body);
    const domainId = domainOf(u.domain_id);
    if (await dir.userByName(domainId, u.name)) throw duplicate('user');
    const row = {
      id: keystoneId(), name: u.name, domain_id: domainId, enabled: u.enabled === false ? 0 : 1,
      // Keystone allows users without a password; such a user can never authenticate by password.
      password_hash: typeof u.password === 'string' ? await hashPassword(u.password) : await hashPassword(randomPassword(32), GENERATED_PASSWORD_COST),
      default_project_id: u.default_project_id ?? null,
    };
    await dir.createUser(row);
    return reply.code(201).send({ user: userView(row, base(req)) });
  });

  app.delete<{ Params: { id: string } }>('/v3/users/:id', async (req, reply) => {
    await admin(req, 'identity:delete_user');
    if (!(await dir.deleteUser(req.params.id))) throw couldNotFind('user', req.params.id);
    return reply.code(204).send();
  });

  const checkTriple = async (p: RoleParams['Params']): Promise<void> => {
    if (!(await dir.project(p.project))) throw couldNotFind('project', p.project);
    if (!(await dir.user(p.user))) throw couldNotFind('user', p.user);
    if (!(await dir.role(p.role))) throw couldNotFind('role', p.role);
  };

  app.put<RoleParams>('/v3/projects/:project/users/:user/roles/:role', async (req, reply) => {
    await admin(req, 'identity:create_grant');
    await checkTriple(req.params);
    await dir.assign(req.params.user, req.params.project, req.params.role);
    return reply.code(204).send();
  });

  app.delete<RoleParams>('/v3/projects/:project/users/:user/roles/:role', async (req, reply) => {
    await admin(req, 'identity:revoke_grant');
    await checkTriple(req.params);
    await dir.unassign(req.params.user, req.params.project, req.params.role);
    return reply.code(204).send();
  });
}
