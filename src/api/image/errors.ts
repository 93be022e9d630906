/** Glance's error body, as webob renders it for JSON clients: `{"code", "title", "message"}`. */
import type { FastifyReply } from 'fastify';
import { NovaError } from '../../errors.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 410: 'Gone', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error',
};

export function sendGlanceError(reply: FastifyReply, code: number, message: string): FastifyReply {
  const title = TITLES[code] ?? 'Error';
  return reply.code(code).header('content-type', 'application/json; charset=UTF-8')
    .send({ code: `${code} ${title}`, title, message });
}

export function glanceErrorHandler(err: unknown, reply: FastifyReply): FastifyReply {
  if (err instanceof NovaError) return sendGlanceError(reply, err.code, err.message);
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendGlanceError(reply, 413, 'Request is too large.');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendGlanceError(reply, 415, 'Unsupported Content-Type');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return sendGlanceError(reply, e.statusCode, e.statusCode === 400 ? 'Malformed request body' : String(e.message));
  }
  reply.request.log.error({ err }, 'unexpected error');
  return sendGlanceError(reply, 500, 'The server has either erred or is incapable of performing the requested operation.');
}

export const imageNotFound = (id: string): NovaError => new NovaError(404, `No image found with ID ${id}`);
export const readOnly = (attr: string): NovaError => new NovaError(403, `Attribute '${attr}' is read-only.`);
export const reserved = (attr: string): NovaError => new NovaError(403, `Attribute '${attr}' is reserved.`);
export const glanceBadRequest = (message: string): NovaError => new NovaError(400, message);
