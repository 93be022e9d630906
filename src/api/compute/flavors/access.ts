/** Flavor access handlers: who may use a private flavor (Nova: compute/flavor_access.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { NovaError, badRequest, conflict, notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { flavorIdOf, validated } from './controller.js';
import { addTenantAccess, removeTenantAccess } from './schemas.js';
import * as view from './view.js';

const POLICY = 'os_compute_api:os-flavor-access';

export async function index(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  ctx.requireAdmin(POLICY);
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  if (flavor.is_public) throw notFound('Access list not available for public flavors.');
  return view.access(flavor, await s.flavors.accessList(flavor));
}

async function addAccess(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const body = validated<{ addTenantAccess: { tenant: string } }>(ctx, addTenantAccess, req.body);
  ctx.requireAdmin(`${POLICY}:add_tenant_access`);
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  // Nova: from 2.7 a public flavor refuses access entries (before, they were stored and unused).
  if (ctx.mv.atLeast('2.7') && flavor.is_public) throw conflict('Can not add access to a public flavor.');
  await s.flavors.addAccess(flavor, body.addTenantAccess.tenant);
  return view.access(flavor, await s.flavors.accessList(flavor));
}

async function removeAccess(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const body = validated<{ removeTenantAccess: { tenant: string } }>(ctx, removeTenantAccess, req.body);
  ctx.requireAdmin(`${POLICY}:remove_tenant_access`);
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  await s.flavors.removeAccess(flavor, body.removeTenantAccess.tenant);
  return view.access(flavor, await s.flavors.accessList(flavor));
}

const ACTIONS: Readonly<Record<string, typeof addAccess>> = {
  addTenantAccess: addAccess,
  removeTenantAccess: removeAccess,
};

/** POST /flavors/{id}/action: exactly one key naming the action. */
export async function action(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Malformed request body');
  const keys = Object.keys(body);
  if (keys.length !== 1) throw new NovaError(400, 'Malformed request body: too many body keys');
  const handler = ACTIONS[keys[0]];
  if (!handler) throw badRequest(`There is no such action: ${keys[0]}`);
  return handler(s, ctx, req);
}
