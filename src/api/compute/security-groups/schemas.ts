/** Request schemas of os-security-groups and os-security-group-rules (Nova: schemas/security_groups.py). */
import { Type } from '@sinclair/typebox';
import { nonNegativeInteger, uuid } from '../../parameter-types.js';

const text255 = Type.Unsafe<string>({ type: 'string', minLength: 0, maxLength: 255 });

/** Nova: create and update share one schema; unknown keys pass (kept for compatibility). */
export const securityGroup = Type.Object({
  security_group: Type.Object({ name: text255, description: text255 }, { additionalProperties: true }),
}, { additionalProperties: true });

/** Nova never validated the ports, protocol or cidr of a rule; only the two group ids. */
export const securityGroupRule = Type.Object({
  security_group_rule: Type.Object({
    group_id: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid' })),
    parent_group_id: uuid,
  }, { additionalProperties: true }),
}, { additionalProperties: true });

/** Nova: limit / offset as non-negative integers; every other parameter is ignored. */
export const indexQuery = Type.Object({
  limit: Type.Optional(nonNegativeInteger),
  offset: Type.Optional(nonNegativeInteger),
}, { additionalProperties: true });

const actions = new Map<string, ReturnType<typeof makeAction>>();

function makeAction(key: string) {
  return Type.Object({
    [key]: Type.Object({ name: Type.Unsafe<string>({ type: 'string', minLength: 1 }) }, { additionalProperties: false }),
  }, { additionalProperties: true });
}

/** Nova: add_security_group / remove_security_group — `{"<action>": {"name": "..."}}`. */
export function action(key: string): ReturnType<typeof makeAction> {
  let s = actions.get(key);
  if (!s) {
    s = makeAction(key);
    actions.set(key, s);
  }
  return s;
}
