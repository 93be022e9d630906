/** Request schemas for os-services (Nova: nova/api/openstack/compute/schemas/services.py). */
import { Type, type TSchema } from '@sinclair/typebox';
import { boolean } from '../../parameter-types.js';

/** Nova: parameter_types.fqdn — host names may carry underscores. */
export const fqdn = Type.Unsafe<string>({ type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' });
const bounded = Type.Unsafe<string>({ type: 'string', minLength: 1, maxLength: 255 });

const updateBody = (props: Record<string, TSchema>): TSchema => Type.Unsafe({
  type: 'object',
  properties: { host: fqdn, binary: bounded, disabled_reason: bounded, ...props },
  required: ['host', 'binary'],
  additionalProperties: false,
});

/** PUT /os-services/{enable,disable,disable-log-reason} up to 2.10. */
export const serviceUpdate = updateBody({});
/** 2.11–2.52: also force-down with `forced_down`. */
export const serviceUpdateV211 = updateBody({ forced_down: boolean });

/** 2.53: PUT /os-services/{service_uuid}. */
export const serviceUpdateV253 = Type.Unsafe({
  type: 'object',
  properties: { status: { type: 'string', enum: ['enabled', 'disabled'] }, disabled_reason: bounded, forced_down: boolean },
  additionalProperties: false,
});

export interface ServiceUpdateBody {
  host: string;
  binary: string;
  disabled_reason?: string;
  forced_down?: boolean | string;
}
