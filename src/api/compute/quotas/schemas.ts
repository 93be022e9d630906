/** Request schemas for os-quota-sets and os-quota-class-sets (Nova: schemas/quota_sets.py, quota_classes.py). */
import { Type, type TSchema } from '@sinclair/typebox';
import { QUOTA_RESOURCES } from '../../../compute/quotas.js';
import { MAX_INT, booleanParam } from '../flavors/schemas.js';

/** Nova: common_quota — an integer ≥ -1 (-1 is unlimited), or a string of digits. */
const quotaValue = { type: ['integer', 'string'], pattern: '^-?[0-9]+$', minimum: -1, maximum: MAX_INT };

function wrapped(key: string, resources: readonly string[], extra: Record<string, unknown> = {}): TSchema {
  const properties: Record<string, unknown> = Object.fromEntries(resources.map((r) => [r, quotaValue]));
  return Type.Unsafe({
    type: 'object',
    properties: { [key]: { type: 'object', properties: { ...properties, ...extra }, additionalProperties: false } },
    required: [key],
    additionalProperties: false,
  });
}

/** Resources a microversion no longer shows (nor accepts): nova-network ones from 2.36, personality from 2.57. */
export const NETWORK_QUOTAS = ['fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups'];
export const PERSONALITY_QUOTAS = ['injected_file_content_bytes', 'injected_file_path_bytes', 'injected_files'];

const without = (hidden: readonly string[]): string[] => QUOTA_RESOURCES.filter((r) => !hidden.includes(r));

export const quotaSetUpdate = wrapped('quota_set', QUOTA_RESOURCES, { force: booleanParam });
export const quotaSetUpdateV236 = wrapped('quota_set', without(NETWORK_QUOTAS), { force: booleanParam });
export const quotaSetUpdateV257 = wrapped('quota_set', without([...NETWORK_QUOTAS, ...PERSONALITY_QUOTAS]), { force: booleanParam });

export const quotaClassUpdate = wrapped('quota_class_set', QUOTA_RESOURCES);
export const quotaClassUpdateV250 = wrapped('quota_class_set', without(NETWORK_QUOTAS));
export const quotaClassUpdateV257 = wrapped('quota_class_set', without([...NETWORK_QUOTAS, ...PERSONALITY_QUOTAS]));

export type QuotaValues = Record<string, number | string | boolean | null>;
