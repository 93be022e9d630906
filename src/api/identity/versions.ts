/** Keystone's version documents: `/identity` (300, both versions), `/identity/v3`, `/identity/v2.0`. */
import type { FastifyInstance } from 'fastify';
import { originOf } from '../http.js';

export function v3Version(base: string): Record<string, unknown> {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

export function v2Version(base: string): Record<string, unknown> {
  return {
    id: 'v2.0',
    status: 'deprecated',
    updated: '2016-08-04T00:00:00Z',
    links: [
      { rel: 'self', href: `${base}/v2.0/` },
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v2.0+json' }],
  };
}

/** Registers the version documents (no token needed) on the /identity plugin. */
export function versionRoutes(app: FastifyInstance, publicUrl: string): void {
  const base = (req: Parameters<typeof originOf>[0]): string => `${originOf(req, publicUrl)}/identity`;
  app.get('/', async (req, reply) => reply.code(300).send({ versions: { values: [v3Version(base(req)), v2Version(base(req))] } }));
  app.get('/v3', async (req) => ({ version: v3Version(base(req)) }));
  app.get('/v2.0', async (req) => ({ version: v2Version(base(req)) }));
}
