/**
 * Read-only Keystone resources: domains, projects, users, roles and a user's projects. Admins
 * see everything; others see their own domain, project and user (Keystone's default policy).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Principal } from '../context.js';
import { originOf } from '../http.js';
import { callerOf } from './caller.js';
import { couldNotFind, notAuthorized } from './errors.js';
import { collection, domainView, projectView, roleView, userView } from './views.js';

type Query = Record<string, string | undefined>;
const query = (req: FastifyRequest): Query => req.query as Query;

function requireAdmin(caller: Principal, rule: string): void {
  if (!caller.isAdmin) throw notAuthorized(rule);
}

export function resourceRoutes(app: FastifyInstance, s: Services): void {
  const base = (req: FastifyRequest): string => `${originOf(req, s.config.publicUrl)}/identity`;
  const self = (req: FastifyRequest): string => `${originOf(req, s.config.publicUrl)}${req.url}`;
  const dir = s.identity.directory;

  app.get('/v3/domains', async (req) => {
    requireAdmin(await callerOf(app, s, req), 'identity:list_domains');
    const items = dir.domains({ name: query(req).name });
    return collection('domains', items.map((d) => domainView(d, base(req))), self(req));
  });

  app.get<{ Params: { id: string } }>('/v3/domains/:id', async (req) => {
    await callerOf(app, s, req);
    const d = dir.domain({ id: req.params.id });
    if (!d) throw couldNotFind('domain', req.params.id);
    return { domain: domainView(d, base(req)) };
  });

  app.get('/v3/projects', async (req) => {
    requireAdmin(await callerOf(app, s, req), 'identity:list_projects');
    const q = query(req);
    const items = await dir.projects({ name: q.name, domainId: q.domain_id });
    return collection('projects', items.map((p) => projectView(p, base(req))), self(req));
  });

  app.get<{ Params: { id: string } }>('/v3/projects/:id', async (req) => {
    const caller = await callerOf(app, s, req);
    if (!caller.isAdmin && caller.projectId !== req.params.id) throw notAuthorized('identity:get_project');
    const p = await dir.project(req.params.id);
    if (!p) throw couldNotFind('project', req.params.id);
    return { project: projectView(p, base(req)) };
  });

  app.get('/v3/users', async (req) => {
    requireAdmin(await callerOf(app, s, req), 'identity:list_users');
    const q = query(req);
    const items = await dir.users({ name: q.name, domainId: q.domain_id });
    return collection('users', items.map((u) => userView(u, base(req))), self(req));
  });

  app.get<{ Params: { id: string } }>('/v3/users/:id', async (req) => {
    const caller = await callerOf(app, s, req);
    if (!caller.isAdmin && caller.userId !== req.params.id) throw notAuthorized('identity:get_user');
    const u = await dir.user(req.params.id);
    if (!u) throw couldNotFind('user', req.params.id);
    return { user: userView(u, base(req)) };
  });

  app.get<{ Params: { id: string } }>('/v3/users/:id/projects', async (req) => {
    const caller = await callerOf(app, s, req);
    if (!caller.isAdmin && caller.userId !== req.params.id) throw notAuthorized('identity:list_user_projects');
    if (!(await dir.user(req.params.id))) throw couldNotFind('user', req.params.id);
    const items = await dir.projectsOf(req.params.id);
    return collection('projects', items.map((p) => projectView(p, base(req))), self(req));
  });

  app.get('/v3/roles', async (req) => {
    requireAdmin(await callerOf(app, s, req), 'identity:list_roles');
    const items = await dir.roles({ name: query(req).name });
    return collection('roles', items.map((r) => roleView(r, base(req))), self(req));
  });

  app.get<{ Params: { id: string } }>('/v3/roles/:id', async (req) => {
    requireAdmin(await callerOf(app, s, req), 'identity:get_role');
    const r = await dir.role(req.params.id);
    if (!r) throw couldNotFind('role', req.params.id);
    return { role: roleView(r, base(req)) };
  });
}
