/** os-quota-sets and os-quota-class-sets handlers (Nova: compute/quota_sets.py, compute/quota_classes.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { badRequest, policyForbidden } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validated } from '../flavors/controller.js';
import * as schemas from './schemas.js';
import { detailValues, hiddenQuotaClass, hiddenQuotaSet, quotaSet } from './view.js';

const SETS = 'os_compute_api:os-quota-sets';
const CLASSES = 'os_compute_api:os-quota-class-sets';
const TRUE_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);

const param = (req: FastifyRequest, name: string): string => (req.params as Record<string, string>)[name];

/** Nova's default rule for reading quotas: admin, or a member of that project. */
function requireOwnerOrAdmin(ctx: RequestContext, projectId: string, rule: string): void {
  if (!ctx.isAdmin && ctx.projectId !== projectId) throw policyForbidden(rule);
}

export async function show(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const projectId = param(req, 'tenant_id');
  requireOwnerOrAdmin(ctx, projectId, `${SETS}:show`);
  return { quota_set: quotaSet(projectId, await s.quotas.limitsFor(projectId), hiddenQuotaSet(ctx)) };
}

export async function detail(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const projectId = param(req, 'tenant_id');
  requireOwnerOrAdmin(ctx, projectId, `${SETS}:detail`);
  // Nova: key pairs belong to users, so a project's quota set counts none in use.
  const values = detailValues(await s.quotas.limitsFor(projectId), await s.quotas.usage(projectId));
  return { quota_set: quotaSet(projectId, values, hiddenQuotaSet(ctx)) };
}

export async function defaults(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  return { quota_set: quotaSet(param(req, 'tenant_id'), await s.quotas.classLimits('default'), hiddenQuotaSet(ctx)) };
}

/** Nova: a value of null or "" is skipped; the rest become integers. */
function settable(values: schemas.QuotaValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'force' || v === null || v === '' || typeof v === 'boolean') continue;
    out[k] = Number(v);
  }
  return out;
}

const unlimitedAsInfinity = (n: number): number => (n === -1 ? Infinity : n);

export async function update(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const schema = ctx.mv.atLeast('2.57') ? schemas.quotaSetUpdateV257
    : ctx.mv.atLeast('2.36') ? schemas.quotaSetUpdateV236 : schemas.quotaSetUpdate;
  const body = validated<{ quota_set: schemas.QuotaValues }>(ctx, schema, req.body);
  ctx.requireAdmin(`${SETS}:update`);
  const projectId = param(req, 'tenant_id');
  const force = TRUE_STRINGS.has(String(body.quota_set.force ?? 'false').toLowerCase());
  const values = settable(body.quota_set);
  if (!force) {
    const used = await s.quotas.usage(projectId);
    for (const [resource, limit] of Object.entries(values)) {
      const minimum = used[resource] ?? 0;
      if (unlimitedAsInfinity(limit) < minimum) {
        throw badRequest(`Quota limit ${limit} for ${resource} must be greater than or equal to already used and reserved ${minimum}.`);
      }
    }
  }
  await s.quotas.setProjectLimits(projectId, values);
  return { quota_set: quotaSet(null, await s.quotas.limitsFor(projectId), hiddenQuotaSet(ctx)) };
}

export async function reset(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<void> {
  ctx.requireAdmin(`${SETS}:delete`);
  await s.quotas.resetProject(param(req, 'tenant_id'));
}

export async function showClass(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  ctx.requireAdmin(`${CLASSES}:show`);
  const name = param(req, 'id');
  return { quota_class_set: quotaSet(name, await s.quotas.classLimits(name), hiddenQuotaClass(ctx)) };
}

export async function updateClass(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const schema = ctx.mv.atLeast('2.57') ? schemas.quotaClassUpdateV257
    : ctx.mv.atLeast('2.50') ? schemas.quotaClassUpdateV250 : schemas.quotaClassUpdate;
  const body = validated<{ quota_class_set: schemas.QuotaValues }>(ctx, schema, req.body);
  ctx.requireAdmin(`${CLASSES}:update`);
  const name = param(req, 'id');
  if (name.length > 255) {
    throw badRequest('Invalid input received: quota_class_name has more than 255 characters.');
  }
  await s.quotas.setClassLimits(name, settable(body.quota_class_set));
  return { quota_class_set: quotaSet(null, await s.quotas.classLimits(name), hiddenQuotaClass(ctx)) };
}
