/** Nova's image proxy routes (v2.1 up to 2.35, image metadata up to 2.38, and legacy v2). */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';
import * as images from './controller.js';
import * as meta from './metadata.js';

export function imageRoutes(s: Services): RouteDef[] {
  return [
    { method: 'GET', path: '/images', handler: (ctx, req) => images.list(s, ctx, req, false) },
    { method: 'GET', path: '/images/detail', handler: (ctx, req) => images.list(s, ctx, req, true) },
    { method: 'GET', path: '/images/:image_id', handler: (ctx, req) => images.show(s, ctx, req) },
    { method: 'DELETE', path: '/images/:image_id', status: 204, handler: (ctx, req) => images.remove(s, ctx, req) },
    { method: 'GET', path: '/images/:image_id/metadata', handler: (ctx, req) => meta.index(s, ctx, req) },
    { method: 'POST', path: '/images/:image_id/metadata', handler: (ctx, req) => meta.create(s, ctx, req) },
    { method: 'PUT', path: '/images/:image_id/metadata', handler: (ctx, req) => meta.updateAll(s, ctx, req) },
    { method: 'GET', path: '/images/:image_id/metadata/:key', handler: (ctx, req) => meta.showKey(s, ctx, req) },
    { method: 'PUT', path: '/images/:image_id/metadata/:key', handler: (ctx, req) => meta.updateKey(s, ctx, req) },
    { method: 'DELETE', path: '/images/:image_id/metadata/:key', status: 204, handler: (ctx, req) => meta.removeKey(s, ctx, req) },
  ];
}
