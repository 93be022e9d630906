/** Flavor extra specs handlers (Nova: compute/flavors_extraspecs.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { extraSpecNotFound } from '../../../compute/flavors.js';
import { badRequest } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import { flavorIdOf, validated } from './controller.js';
import { validateExtraSpec } from './extra-spec-validation.js';
import { extraSpecsCreate, extraSpecsUpdate } from './schemas.js';

const POLICY = 'os_compute_api:os-flavor-extra-specs';
const keyOf = (req: FastifyRequest): string => (req.params as Record<string, string>).key;

/** Nova: numbers are accepted as values and stored as their string; from 2.86 each spec is validated. */
function stringified(ctx: RequestContext, specs: Record<string, string | number>): Record<string, string> {
  const out = Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, String(v)]));
  if (ctx.mv.atLeast('2.86')) Object.entries(out).forEach(([k, v]) => validateExtraSpec(k, v));
  return out;
}

export async function index(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  return { extra_specs: { ...flavor.extra_specs } };
}

export async function show(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  const key = keyOf(req);
  if (!Object.hasOwn(flavor.extra_specs, key)) throw extraSpecNotFound(flavor.flavorid, key);
  return { [key]: flavor.extra_specs[key] };
}

export async function create(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const body = validated<{ extra_specs: Record<string, string | number> }>(ctx, extraSpecsCreate, req.body);
  ctx.requireAdmin(`${POLICY}:create`);
  const specs = stringified(ctx, body.extra_specs);
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  await s.flavors.setExtraSpecs(flavor, specs);
  return { extra_specs: specs };
}

/** PUT /flavors/{id}/os-extra_specs/{key}: the body is exactly `{key: value}` for the URL's key. */
export async function update(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const key = keyOf(req);
  const raw = req.body;
  if (ctx.legacy && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    // Nova v2.0: its own checks and messages, before the schema.
    if (!Object.hasOwn(raw, key)) throw badRequest('Request body and URI mismatch');
    if (Object.keys(raw).length > 1) throw badRequest('Request body contains too many items');
  }
  const body = validateBody(extraSpecsUpdate, raw) as Record<string, string | number>;
  ctx.requireAdmin(`${POLICY}:update`);
  if (!Object.hasOwn(body, key)) throw badRequest('Request body and URI mismatch');
  const specs = stringified(ctx, body);
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  await s.flavors.setExtraSpecs(flavor, specs);
  return specs;
}

export async function remove(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<void> {
  ctx.requireAdmin(`${POLICY}:delete`);
  const flavor = await s.flavors.require(flavorIdOf(req), ctx);
  await s.flavors.deleteExtraSpec(flavor, keyOf(req));
}
