/** os-quota-sets and os-quota-class-sets handlers (Nova: compute/quota_sets.py, compute/quota_classes.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import type { SettableRange } from '../../../compute/quotas.js';
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

/**
 * The `user_id` query parameter, or undefined when absent or empty. Nova reads the first value
 * (urlparse.parse_qs) in show, update and delete, and webob's last one in detail.
 */
function userParam(req: FastifyRequest, pick: 'first' | 'last' = 'first'): string | undefined {
  const raw = (req.query as Record<string, unknown> | undefined)?.user_id;
  const values = Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : [String(raw)];
  const v = pick === 'first' ? values[0] : values.at(-1);
  return v ? v : undefined;
}

export async function show(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const projectId = param(req, 'tenant_id');
  requireOwnerOrAdmin(ctx, projectId, `${SETS}:show`);
  return { quota_set: quotaSet(projectId, await s.quotas.limitsFor(projectId, userParam(req)), hiddenQuotaSet(ctx)) };
}

export async function detail(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const projectId = param(req, 'tenant_id');
  requireOwnerOrAdmin(ctx, projectId, `${SETS}:detail`);
  const userId = userParam(req, 'last');
  const values = detailValues(await s.quotas.limitsFor(projectId, userId), await s.quotas.usage(projectId, userId));
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
  const userId = userParam(req);
  const force = TRUE_STRINGS.has(String(body.quota_set.force ?? 'false').toLowerCase());
  const values = settable(body.quota_set);
  if (!force) checkRanges(values, await s.quotas.settableRange(projectId, userId));
  if (userId === undefined) await s.quotas.setProjectLimits(projectId, values);
  else await s.quotas.setUserLimits(projectId, userId, values);
  return { quota_set: quotaSet(null, await s.quotas.limitsFor(projectId, userId), hiddenQuotaSet(ctx)) };
}

/** Nova: _validate_quota_limit — not below usage (and users' limits), not above the project's remains. */
function checkRanges(values: Readonly<Record<string, number>>, ranges: Readonly<Record<string, SettableRange>>): void {
  for (const [resource, limit] of Object.entries(values)) {
    const { minimum, maximum } = ranges[resource];
    if (unlimitedAsInfinity(limit) < unlimitedAsInfinity(minimum)) {
      throw badRequest(`Quota limit ${limit} for ${resource} must be greater than or equal to already used and reserved ${minimum}.`);
    }
    if (unlimitedAsInfinity(limit) > unlimitedAsInfinity(maximum)) {
      throw badRequest(`Quota limit ${limit} for ${resource} must be less than or equal to ${maximum}.`);
    }
  }
}

export async function reset(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<void> {
  ctx.requireAdmin(`${SETS}:delete`);
  const userId = userParam(req);
  if (userId === undefined) await s.quotas.resetProject(param(req, 'tenant_id'));
  else await s.quotas.resetUser(param(req, 'tenant_id'), userId);
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
