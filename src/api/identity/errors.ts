/**
 * Keystone's error body `{"error": {"code", "message", "title"}}`, and the 401 it answers for
 * every failed authentication without saying why.
 */
import type { FastifyReply } from 'fastify';
import { NovaError } from '../../errors.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error',
};

export const AUTH_REQUIRED = 'The request you have made requires authentication.';

export const unauthenticated = (): NovaError => new NovaError(401, AUTH_REQUIRED);

/** Keystone's policy refusal. */
export const notAuthorized = (rule: string): NovaError =>
  new NovaError(403, `You are not authorized to perform the requested action: ${rule}.`);

export const couldNotFind = (kind: string, id: string): NovaError => new NovaError(404, `Could not find ${kind}: ${id}.`);

export function sendKeystoneError(reply: FastifyReply, code: number, message: string): FastifyReply {
  const title = TITLES[code] ?? 'Error';
  const headers: Record<string, string> = code === 401 ? { 'www-authenticate': 'Keystone uri="/identity"' } : {};
  return reply.code(code).headers(headers).header('content-type', 'application/json')
    .send({ error: { code, message, title } });
}

/** Renders any error of the identity routes in Keystone's shape. */
export function keystoneErrorHandler(err: unknown, reply: FastifyReply): FastifyReply {
  if (err instanceof NovaError) return sendKeystoneError(reply, err.code, err.message);
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendKeystoneError(reply, 413, 'Request is too large.');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return sendKeystoneError(reply, e.statusCode, e.statusCode === 400 ? 'Malformed request body' : String(e.message));
  }
  reply.request.log.error({ err }, 'unexpected error');
  return sendKeystoneError(reply, 500, 'An unexpected error prevented the server from fulfilling your request.');
}
