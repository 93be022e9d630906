/** Flavors and flavor-manage handlers (Nova: compute/flavors.py, compute/flavor_manage.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import type { Flavor, NewFlavor } from '../../../compute/flavors.js';
import { badRequest, notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import { checkName } from './names.js';
import { nextLinks } from './paging.js';
import { listOptions } from './query.js';
import { dropUnknownKeys } from './relax.js';
import { type FlavorBody, create, createV255, updateV255 } from './schemas.js';
import * as view from './view.js';

const param = (req: FastifyRequest, name: string): string => (req.params as Record<string, string>)[name];
export const flavorIdOf = (req: FastifyRequest): string => param(req, 'flavor_id');

/** Validates a body with Nova's schema; on legacy /v2 unknown keys are dropped first. */
export function validated<T>(ctx: RequestContext, schema: object, body: unknown): T {
  return validateBody(schema as never, ctx.legacy ? dropUnknownKeys(schema, body) : body) as T;
}

export async function list(s: Services, ctx: RequestContext, req: FastifyRequest, detailed: boolean): Promise<unknown> {
  const opts = listOptions(ctx, req, s.config.maxLimit);
  const flavors = await s.flavors.list(opts);
  const items = flavors.map((f) => (detailed ? view.detail(ctx, f) : view.basic(ctx, f)));
  const links = nextLinks(ctx, req, opts.limit, flavors.length, flavors.at(-1)?.flavorid, ...(detailed ? ['flavors', 'detail'] : ['flavors']));
  return links.length ? { flavors: items, flavors_links: links } : { flavors: items };
}

export async function show(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  return view.show(ctx, await s.flavors.require(flavorIdOf(req), ctx));
}

const TRUE_VALUES = new Set([true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't']);

/** The body's values as a new flavor (ints from digit strings, id as a string, "auto"/null → generated). */
function newFlavor(ctx: RequestContext, f: FlavorBody['flavor']): NewFlavor {
  const name = ctx.legacy ? f.name.trim() : f.name;
  checkName(f.name, ctx.legacy);
  if (name.length === 0) throw badRequest('Invalid input received: name has a minimum character requirement of 1.');
  const id = f.id === undefined || f.id === null || f.id === 'auto' ? null : String(f.id);
  return {
    flavorid: id,
    name,
    memory_mb: Number(f.ram),
    vcpus: Number(f.vcpus),
    root_gb: Number(f.disk),
    ephemeral_gb: Number(f['OS-FLV-EXT-DATA:ephemeral'] ?? 0),
    swap: Number(f.swap ?? 0),
    rxtx_factor: Number(f.rxtx_factor ?? 1),
    is_public: f['os-flavor-access:is_public'] === undefined ? true : TRUE_VALUES.has(f['os-flavor-access:is_public']),
    description: f.description ?? null,
  };
}

export async function createFlavor(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const body = validated<FlavorBody>(ctx, ctx.mv.atLeast('2.55') ? createV255 : create, req.body);
  ctx.requireAdmin('os_compute_api:os-flavor-manage:create');
  // Nova: no access is granted to the creating project for a private flavor (bug 1209101).
  const flavor = await s.flavors.create(newFlavor(ctx, body.flavor));
  return view.show(ctx, flavor);
}

export async function deleteFlavor(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<void> {
  ctx.requireAdmin('os_compute_api:os-flavor-manage:delete');
  await s.flavors.delete(flavorIdOf(req));
}

/** PUT /flavors/{id} (2.55+): only the description changes. */
export async function updateFlavor(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  if (!ctx.mv.atLeast('2.55')) throw notFound('The resource could not be found.');
  const body = validated<{ flavor: { description: string | null } }>(ctx, updateV255, req.body);
  ctx.requireAdmin('os_compute_api:os-flavor-manage:update');
  const flavor: Flavor = await s.flavors.require(flavorIdOf(req), ctx);
  return view.show(ctx, await s.flavors.updateDescription(flavor, body.flavor.description));
}
