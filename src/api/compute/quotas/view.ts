/** Quota set views (Nova: quota_sets.py / quota_classes.py _format_quota_set). */
import { QUOTA_RESOURCES } from '../../../compute/quotas.js';
import type { RequestContext } from '../../context.js';
import { NETWORK_QUOTAS, PERSONALITY_QUOTAS } from './schemas.js';

/** Resources hidden from quota sets at this microversion. */
export function hiddenQuotaSet(ctx: RequestContext): string[] {
  if (ctx.mv.atLeast('2.57')) return [...NETWORK_QUOTAS, ...PERSONALITY_QUOTAS];
  if (ctx.mv.atLeast('2.36')) return [...NETWORK_QUOTAS];
  return [];
}

/** Resources hidden from quota class sets: server groups before 2.50, then as quota sets. */
export function hiddenQuotaClass(ctx: RequestContext): string[] {
  if (ctx.mv.atLeast('2.57')) return [...NETWORK_QUOTAS, ...PERSONALITY_QUOTAS];
  if (ctx.mv.atLeast('2.50')) return [...NETWORK_QUOTAS];
  return ['server_groups', 'server_group_members'];
}

/** `{id?, <resource>: value...}` for every shown resource; `id` only when given. */
export function quotaSet<T>(id: string | null, values: Readonly<Record<string, T>>, hidden: readonly string[]): Record<string, T | string> {
  const out: Record<string, T | string> = id === null ? {} : { id };
  for (const r of QUOTA_RESOURCES) if (!hidden.includes(r)) out[r] = values[r];
  return out;
}

/** Detail values: `{in_use, limit, reserved}` (nothing is ever reserved: usage is counted). */
export function detailValues(limits: Readonly<Record<string, number>>, used: Readonly<Record<string, number>>): Record<string, { in_use: number; limit: number; reserved: number }> {
  return Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, { in_use: used[r] ?? 0, limit: limits[r], reserved: 0 }]));
}
