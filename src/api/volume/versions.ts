/** Cinder's version document, at /volume and /volume/v3 (clients drop entries without links). */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CINDER_MIN = '3.0';
export const CINDER_MAX = '3.70';

export function volumeVersions(origin: string): Record<string, unknown> {
  return {
    versions: [{
      id: 'v3.0',
      status: 'CURRENT',
      version: CINDER_MAX,
      min_version: CINDER_MIN,
      updated: '2023-01-01T00:00:00Z',
      links: [
        { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
        { rel: 'self', href: `${origin}/volume/v3/` },
      ],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
    }],
  };
}

/**
 * Cinder's microversion headers: the version asked for with `OpenStack-API-Version: volume 3.N`
 * (`latest` is the maximum), echoed on every answer; 3.0 when none is asked.
 */
export function volumeVersionHeaders(req: FastifyRequest, reply: FastifyReply): void {
  const raw = req.headers['openstack-api-version'];
  const text = Array.isArray(raw) ? raw.join(',') : raw ?? '';
  let version = CINDER_MIN;
  for (const part of text.split(',')) {
    const [service, v] = part.trim().split(/\s+/, 2);
    if (service?.toLowerCase() !== 'volume' || !v) continue;
    if (v === 'latest') version = CINDER_MAX;
    else if (/^3\.\d+$/.test(v) && Number(v.split('.')[1]) <= Number(CINDER_MAX.split('.')[1])) version = v;
  }
  reply.header('openstack-api-version', `volume ${version}`).header('vary', 'OpenStack-API-Version');
}
