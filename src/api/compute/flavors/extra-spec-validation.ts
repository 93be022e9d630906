/**
 * Flavor extra spec validation from microversion 2.86 (Nova: api/validation/extra_specs/
 * validators.py): a known name's value must fit its rule; an unknown name in a namespace Nova
 * knows (`hw:foo`) is refused; names without a namespace or in other namespaces (`foo:bar`) pass.
 */
import { badRequest } from '../../../errors.js';
import { FREE_STRING_SPECS, KNOWN_NAMESPACES, SPEC_PATTERNS, SPEC_RULES, type ValueRule } from './extra-spec-table.js';

const EXACT = new Map<string, ValueRule>([
  ...FREE_STRING_SPECS.map((n): [string, ValueRule] => [n, { type: 'str' }]),
  ...SPEC_RULES,
]);
/** Nova matches each name pattern against the whole name (re.fullmatch); exact names too, as patterns. */
const PATTERNS: ReadonlyArray<readonly [RegExp, ValueRule]> = [...EXACT.entries(), ...SPEC_PATTERNS]
  .map(([n, rule]) => [new RegExp(`^(?:${n})$`), rule] as const);
const NAMESPACES = KNOWN_NAMESPACES.map((ns) => new RegExp(`^(?:${ns})$`));

/** oslo strutils.bool_from_string(strict=True) */
const BOOL_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes', '0', 'f', 'false', 'off', 'n', 'no']);

const failed = (why: string): Error => badRequest(`Validation failed; ${why}`);

function checkValue(rule: ValueRule, value: string): void {
  if (rule.type === 'bool') {
    if (!BOOL_STRINGS.has(value.trim().toLowerCase())) throw failed(`'${value}' is not a valid boolean-like value.`);
  } else if (rule.type === 'int') {
    if (!/^\s*[+-]?\d+\s*$/.test(value)) throw failed(`'${value}' is not a valid integer value.`);
    const n = Number(value);
    if (rule.max !== undefined && n > rule.max) throw failed(`'${n}' is greater than the max value of '${rule.max}'.`);
    if (rule.min !== undefined && n < rule.min) throw failed(`'${n}' is less than the min value of '${rule.min}'.`);
  } else if (rule.pattern !== undefined) {
    if (!new RegExp(`^(?:${rule.pattern})$`).test(value)) throw failed(`'${value}' is not of the format '${rule.pattern}'.`);
  } else if (rule.enum !== undefined && !rule.enum.includes(value)) {
    throw failed(`'${value}' is not one of: ${rule.enum.join(', ')}.`);
  }
}

/** Throws Nova's 400 when the extra spec `name` = `value` is not valid. */
export function validateExtraSpec(name: string, value: string): void {
  const rule = EXACT.get(name) ?? PATTERNS.find(([re]) => re.test(name))?.[1];
  if (rule) {
    checkValue(rule, value);
    return;
  }
  if (!name.includes(':')) return;
  const namespace = name.slice(0, name.indexOf(':'));
  if (NAMESPACES.some((re) => re.test(namespace))) {
    throw failed(`extra spec '${name}' does not appear to be a valid extra spec.`);
  }
}
