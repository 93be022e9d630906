/**
 * The Glance v2 subset under /image, as one encapsulated Fastify plugin: Glance's error shape,
 * a token on every route but the version documents, and its own body parsers (JSON patch, and
 * octet-stream passed through as a stream) that leave the compute API's parsing alone.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { glanceErrorHandler, glanceBadRequest, sendGlanceError } from './errors.js';
import { versionRoutes } from './versions.js';
import { imageRoutesV2 } from './images.js';
import { PATCH_TYPES, updateRoutes } from './update.js';
import { dataRoutes } from './data.js';

export function registerImageApi(app: FastifyInstance, s: Services): void {
  void app.register(async (child) => {
    child.setErrorHandler((err, _req, reply) => glanceErrorHandler(err, reply));
    child.setNotFoundHandler((_req, reply) => sendGlanceError(reply, 404, 'The resource could not be found.'));
    child.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    child.addContentTypeParser(PATCH_TYPES, { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch {
        done(glanceBadRequest('Malformed JSON in request body.'), undefined);
      }
    });
    child.addHook('onRequest', async (req) => {
      const config = req.routeOptions.config as { publicRoute?: boolean } | undefined;
      if (!config?.publicRoute) await child.authenticate(req);
    });
    versionRoutes(child, s.config.publicUrl);
    imageRoutesV2(child, s);
    updateRoutes(child, s);
    dataRoutes(child, s);
  }, { prefix: '/image' });
}
