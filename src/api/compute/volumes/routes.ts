/** Routes of os-volumes, os-snapshots and os-volume_attachments (Nova: routes.py). */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';
import { VolumesController } from './controller.js';

type P = { id: string; server_id: string; volume_id: string };

export function volumeRoutes(s: Services): RouteDef[] {
  const c = new VolumesController(s);
  const p = (req: { params: unknown }): P => req.params as P;
  const att = '/servers/:server_id/os-volume_attachments';
  return [
    { method: 'GET', path: '/os-volumes', handler: (ctx, req) => c.listVolumes(ctx, req) },
    { method: 'GET', path: '/os-volumes/detail', handler: (ctx, req) => c.listVolumes(ctx, req) },
    { method: 'POST', path: '/os-volumes', handler: (ctx, req, reply) => c.createVolume(ctx, req, reply) },
    { method: 'GET', path: '/os-volumes/:id', handler: (ctx, req) => c.showVolume(ctx, p(req).id) },
    { method: 'DELETE', path: '/os-volumes/:id', status: 202, handler: (ctx, req) => c.deleteVolume(ctx, p(req).id) },
    { method: 'GET', path: '/os-snapshots', handler: (ctx, req) => c.listSnapshots(ctx, req) },
    { method: 'GET', path: '/os-snapshots/detail', handler: (ctx, req) => c.listSnapshots(ctx, req) },
    { method: 'POST', path: '/os-snapshots', handler: (ctx, req) => c.createSnapshot(ctx, req.body) },
    { method: 'GET', path: '/os-snapshots/:id', handler: (ctx, req) => c.showSnapshot(ctx, p(req).id) },
    { method: 'DELETE', path: '/os-snapshots/:id', status: 202, handler: (ctx, req) => c.deleteSnapshot(ctx, p(req).id) },
    { method: 'GET', path: att, handler: (ctx, req) => c.listAttachments(ctx, p(req).server_id, req) },
    { method: 'POST', path: att, handler: (ctx, req) => c.attach(ctx, p(req).server_id, req.body) },
    { method: 'GET', path: `${att}/:volume_id`, handler: (ctx, req) => c.showAttachment(ctx, p(req).server_id, p(req).volume_id) },
    { method: 'PUT', path: `${att}/:volume_id`, status: 202, handler: (ctx, req) => c.update(ctx, p(req).server_id, p(req).volume_id, req.body) },
    { method: 'DELETE', path: `${att}/:volume_id`, status: 202, handler: (ctx, req) => c.detach(ctx, p(req).server_id, p(req).volume_id) },
  ];
}
