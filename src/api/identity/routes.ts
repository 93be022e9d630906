/**
 * The Keystone subset under /identity, as one encapsulated Fastify plugin: its errors render in
 * Keystone's `{"error": {...}}` shape instead of Nova's fault.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { keystoneErrorHandler, sendKeystoneError } from './errors.js';
import { versionRoutes } from './versions.js';
import { tokenRoutesV3 } from './tokens-v3.js';
import { tokenRoutesV2 } from './tokens-v2.js';
import { resourceRoutes } from './resources.js';
import { adminWriteRoutes } from './admin-writes.js';

export function registerIdentityApi(app: FastifyInstance, s: Services): void {
  void app.register(async (child) => {
    child.setErrorHandler((err, _req, reply) => keystoneErrorHandler(err, reply));
    child.setNotFoundHandler((req, reply) => sendKeystoneError(reply, 404, `Could not find resource: ${req.url}.`));
    versionRoutes(child, s.config.publicUrl);
    tokenRoutesV3(child, s);
    tokenRoutesV2(child, s);
    resourceRoutes(child, s);
    adminWriteRoutes(child, s);
  }, { prefix: '/identity' });
}
