/** The compute version documents: `GET /`, `/v2`, `/v2.1` (also under `/compute`). No token needed. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { originOf } from '../http.js';
import { MAX_VERSION, MIN_VERSION } from '../microversion.js';

function versionInfo(req: FastifyRequest, publicUrl: string, id: 'v2.0' | 'v2.1') {
  const prefix = req.novumCompute?.prefix ?? '';
  const base = `${originOf(req, publicUrl)}${prefix}`;
  const v21 = id === 'v2.1';
  return {
    id,
    status: v21 ? 'CURRENT' : 'SUPPORTED',
    version: v21 ? MAX_VERSION : '',
    min_version: v21 ? MIN_VERSION : '',
    updated: v21 ? '2013-07-23T11:33:21Z' : '2011-01-21T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/${v21 ? 'v2.1' : 'v2'}/` }],
  };
}

export function registerComputeVersions(app: FastifyInstance, publicUrl: string): void {
  app.get('/_versions', async (req) => ({
    versions: [versionInfo(req, publicUrl, 'v2.0'), versionInfo(req, publicUrl, 'v2.1')],
  }));
  app.get('/_version/:v', async (req, reply) => {
    const v = (req.params as { v: string }).v;
    const id = v === 'v2' ? 'v2.0' : 'v2.1';
    const info = versionInfo(req, publicUrl, id);
    return reply.send({
      version: {
        ...info,
        links: [...info.links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
        'media-types': [
          { base: 'application/json', type: `application/vnd.openstack.compute+json;version=${id === 'v2.0' ? '2' : '2.1'}` },
        ],
      },
    });
  });
}
