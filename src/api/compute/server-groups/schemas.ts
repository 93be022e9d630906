/** Request schemas for os-server-groups (Nova: nova/api/openstack/compute/schemas/server_groups.py). */
import { Type, type TSchema } from '@sinclair/typebox';
import * as p from '../../parameter-types.js';

const HARD = ['anti-affinity', 'affinity'];
const SOFT = ['soft-anti-affinity', 'soft-affinity'];

/** `policies`: a list of exactly one known policy (Nova: a one-item tuple schema). */
const policies = (names: readonly string[]): TSchema => Type.Unsafe({
  type: 'array',
  prefixItems: [{ type: 'string', enum: [...names] }],
  uniqueItems: true,
  minItems: 1,
  maxItems: 1,
});

const groupBody = (props: Record<string, TSchema>, required: string[]): TSchema => Type.Unsafe({
  type: 'object',
  properties: {
    server_group: { type: 'object', properties: props, required, additionalProperties: false },
  },
  required: ['server_group'],
  additionalProperties: false,
});

/** POST /os-server-groups at 2.1: affinity or anti-affinity. */
export const create = groupBody({ name: p.name, policies: policies(HARD) }, ['name', 'policies']);
/** 2.15: the soft policies too. */
export const createV215 = groupBody({ name: p.name, policies: policies([...HARD, ...SOFT]) }, ['name', 'policies']);
/** 2.64: one `policy` string and optional `rules`. */
export const createV264 = groupBody({
  name: p.name,
  policy: p.StrEnum([...HARD, ...SOFT]),
  rules: Type.Unsafe({ type: 'object', properties: { max_server_per_host: p.positiveInteger }, additionalProperties: false }),
}, ['name', 'policy']);

/** GET /os-server-groups from 2.75: these parameters only (Nova: schemas/server_groups.py index_query_v275). */
export const indexQueryV275 = Type.Unsafe({
  type: 'object',
  properties: { all_projects: { type: 'string' }, limit: p.nonNegativeInteger, offset: p.nonNegativeInteger },
  additionalProperties: false,
});

export interface ServerGroupBody {
  server_group: { name: string; policies?: string[]; policy?: string; rules?: Record<string, number | string> };
}
