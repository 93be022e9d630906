/**
 * Shared pieces of request schemas, shaped like Nova's nova/api/validation/parameter_types.py so
 * that the first failing keyword (and so the message) is the one Nova reports.
 */
import { Type, type TSchema } from '@sinclair/typebox';

/** `{type: 'string', enum: [...]}` — enum must stay enum for Nova's error text. */
export const StrEnum = <T extends string>(values: readonly T[]): TSchema => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** Nova: parameter_types.boolean — JSON booleans and their usual string spellings. */
export const boolean = Type.Unsafe<boolean | string>({
  type: ['boolean', 'string'],
  enum: [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't',
    false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'],
});

/** Nova: positive_integer — an integer ≥ 1, or a string of digits. */
export const positiveInteger = Type.Unsafe<number | string>({ type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 1, minLength: 1 });
export const nonNegativeInteger = Type.Unsafe<number | string>({ type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 });

/** Nova: parameter_types.name — 1-255 printable characters, no leading or trailing whitespace. */
export const name = Type.Unsafe<string>({ type: 'string', minLength: 1, maxLength: 255, pattern: '^(?! )[^\\x00-\\x1f\\x7f]*(?<! )$' });
/** The /v2 compatible form allows surrounding whitespace (Nova strips it). */
export const nameWithSpaces = Type.Unsafe<string>({ type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\x00-\\x1f\\x7f]*$' });

export const description = Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 0, maxLength: 255, pattern: '^[^\\x00-\\x1f\\x7f]*$' });

export const metadata = Type.Unsafe<Record<string, string>>({
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
});

export const uuid = Type.Unsafe<string>({ type: 'string', format: 'uuid' });
export const ipv4 = Type.Unsafe<string>({ type: 'string', format: 'ipv4' });
export const ipv6 = Type.Unsafe<string>({ type: 'string', format: 'ipv6' });
export const flavorRef = Type.Unsafe<string | number>({ type: ['string', 'integer'], minLength: 1 });
export const adminPassword = Type.Unsafe<string>({ type: 'string' });
export const diskConfig = StrEnum(['AUTO', 'MANUAL']);

export const personality = Type.Unsafe<Array<{ path: string; contents: string }>>({
  type: 'array',
  items: {
    type: 'object',
    properties: { path: { type: 'string' }, contents: { type: 'string', format: 'base64' } },
    additionalProperties: false,
  },
});

/** `true`-ish per Nova's strutils.bool_from_string. */
export function asBool(v: unknown): boolean {
  return typeof v === 'string' ? /^(true|1|on|yes|y|t)$/i.test(v) : v === true;
}
