/** Glance's version list, at /image (300) and /image/v2 (200). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { originOf } from '../http.js';

const SUPPORTED = ['v2.15', 'v2.14', 'v2.13', 'v2.12', 'v2.11', 'v2.10', 'v2.9', 'v2.8', 'v2.7', 'v2.6', 'v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0'];

export function imageVersions(origin: string): Record<string, unknown> {
  const href = `${origin}/image/v2/`;
  const entry = (id: string, status: string): Record<string, unknown> => ({ id, status, links: [{ rel: 'self', href }] });
  return { versions: [entry('v2.16', 'CURRENT'), ...SUPPORTED.map((id) => entry(id, 'SUPPORTED'))] };
}

export function versionRoutes(app: FastifyInstance, publicUrl: string): void {
  const origin = (req: FastifyRequest): string => originOf(req, publicUrl);
  const pub = { config: { publicRoute: true } };
  app.get('/', pub, async (req, reply) => reply.code(300).send(imageVersions(origin(req))));
  app.get('/versions', pub, async (req) => imageVersions(origin(req)));
  app.get('/v2', pub, async (req) => imageVersions(origin(req)));
}
