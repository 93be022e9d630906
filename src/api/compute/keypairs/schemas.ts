/** Request schemas for os-keypairs (Nova: nova/api/openstack/compute/schemas/keypairs.py). */
import { Type, type TSchema } from '@sinclair/typebox';
import { nameParam, nonNegativeInt } from '../flavors/schemas.js';

const keypairBody = (props: Record<string, TSchema>, required = ['name']): TSchema => Type.Unsafe({
  type: 'object',
  properties: {
    keypair: { type: 'object', properties: props, required, additionalProperties: false },
  },
  required: ['keypair'],
  additionalProperties: false,
});

const base = { name: nameParam, public_key: Type.Unsafe({ type: 'string' }) };
const keyType = Type.Unsafe({ type: 'string', enum: ['ssh', 'x509'] });

/** POST /os-keypairs at 2.1 (on /v2 the name may also start or end with spaces). */
export const create = keypairBody(base);
/** 2.2: key `type` */
export const createV22 = keypairBody({ ...base, type: keyType });
/** 2.10: admins may create for another `user_id` */
export const createV210 = keypairBody({ ...base, type: keyType, user_id: Type.Unsafe({ type: 'string' }) });
/** 2.92: no more key generation — `public_key` is required (names may hold '@' and '.', checked by the domain). */
export const createV292 = keypairBody({ ...base, type: keyType, user_id: Type.Unsafe({ type: 'string' }) }, ['name', 'public_key']);

export interface KeypairBody {
  keypair: { name: string; public_key?: string; type?: string; user_id?: string };
}

/** GET /os-keypairs from 2.35: paging by name. */
export const indexQueryV235 = Type.Unsafe({
  type: 'object',
  properties: { user_id: { type: 'string' }, limit: nonNegativeInt, marker: { type: 'string' } },
  additionalProperties: true,
});

/** 2.75: the same parameters and no others. */
export const indexQueryV275 = Type.Unsafe({
  type: 'object',
  properties: { user_id: { type: 'string' }, limit: nonNegativeInt, marker: { type: 'string' } },
  additionalProperties: false,
});

/** GET and DELETE /os-keypairs/{name} from 2.75: only `user_id`. */
export const itemQueryV275 = Type.Unsafe({
  type: 'object', properties: { user_id: { type: 'string' } }, additionalProperties: false,
});
