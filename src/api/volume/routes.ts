/**
 * The Cinder v3 subset under /volume, as one encapsulated Fastify plugin: a token on every route
 * but the version documents, Cinder's microversion header on every answer, and Cinder's error
 * bodies (the same `{"itemNotFound": {"code", "message"}}` shape as Nova's, rendered at the edge).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { originOf } from '../http.js';
import { volumeVersionHeaders, volumeVersions } from './versions.js';
import { volumeRoutesV3 } from './volumes.js';

export function registerVolumeApi(app: FastifyInstance, s: Services): void {
  void app.register(async (child) => {
    child.addHook('onRequest', async (req, reply) => {
      volumeVersionHeaders(req, reply);
      const config = req.routeOptions.config as { publicRoute?: boolean } | undefined;
      if (!config?.publicRoute) await child.authenticate(req);
    });
    const pub = { config: { publicRoute: true } };
    const doc = async (req: FastifyRequest) => volumeVersions(originOf(req, s.config.publicUrl));
    child.get('/', pub, doc);
    child.get('/v3', pub, doc);
    child.get('/v3/:project_id', pub, doc);
    volumeRoutesV3(child, s);
  }, { prefix: '/volume' });
}
