/**
 * Neutron's error body `{"NeutronError": {"type", "message", "detail"}}` (neutron/api/v2/resource.py),
 * and keystonemiddleware's for a missing or bad token.
 */
import type { FastifyReply } from 'fastify';
import { NovaError } from '../../errors.js';
import { NetworkError } from '../../network/security-group-errors.js';

/** An error with Neutron's exception class name as its `type`. */
export class NeutronError extends NovaError {
  constructor(code: number, readonly type: string, message: string) {
    super(code, message);
  }
}

export const networkNotFound = (id: string): NeutronError => new NeutronError(404, 'NetworkNotFound', `Network ${id} could not be found.`);
export const subnetNotFound = (id: string): NeutronError => new NeutronError(404, 'SubnetNotFound', `Subnet ${id} could not be found.`);
export const portNotFound = (id: string): NeutronError => new NeutronError(404, 'PortNotFound', `Port ${id} could not be found.`);
export const floatingIpNotFound = (id: string): NeutronError => new NeutronError(404, 'FloatingIPNotFound', `Floating IP ${id} could not be found`);
/** Neutron's extensions controller raises webob's HTTPNotFound, so the type is its class name. */
export const extensionNotFound = (alias: string): NeutronError => new NeutronError(404, 'HTTPNotFound', `Extension with alias ${alias} does not exist`);

export function sendNeutronError(reply: FastifyReply, code: number, type: string, message: string): FastifyReply {
  return reply.code(code).header('content-type', 'application/json; charset=UTF-8')
    .send({ NeutronError: { type, message, detail: '' } });
}

export function neutronErrorHandler(err: unknown, reply: FastifyReply): FastifyReply {
  if (err instanceof NeutronError || err instanceof NetworkError) return sendNeutronError(reply, err.code, err.type, err.message);
  if (err instanceof NovaError && err.code === 401) {
    return reply.code(401).header('content-type', 'application/json; charset=UTF-8')
      .send({ error: { code: 401, title: 'Unauthorized', message: err.message } });
  }
  if (err instanceof NovaError) return sendNeutronError(reply, err.code, err.code === 404 ? 'HTTPNotFound' : 'HTTPBadRequest', err.message);
  const e = err as { statusCode?: number; message?: string };
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return sendNeutronError(reply, e.statusCode, 'HTTPBadRequest', String(e.message));
  reply.request.log.error({ err }, 'unexpected error');
  return sendNeutronError(reply, 500, 'HTTPInternalServerError', 'Request Failed: internal server error while processing your request.');
}
