/** Request schemas of the floating IP actions (Nova: schemas/floating_ips.py). */
import { Type, type TSchema } from '@sinclair/typebox';

/** Nova: parameter_types.ip_address — an IPv4 or IPv6 address. */
const ipAddress = Type.Unsafe<string>({ type: 'string', oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }] });

const action = (key: string, body: TSchema): TSchema => Type.Object({ [key]: body }, { additionalProperties: false });

export const addFloatingIp = action('addFloatingIp', Type.Object({
  address: ipAddress,
  fixed_address: Type.Optional(ipAddress),
}, { additionalProperties: false }));

export const removeFloatingIp = action('removeFloatingIp', Type.Object({
  address: ipAddress,
}, { additionalProperties: false }));
