/**
 * Cinder v3 volumes, snapshots and availability zones, each under /volume/v3/{project_id}/...
 * and under /volume/v3/... (what openstacksdk uses after version discovery).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Actor } from '../../compute/action-log.js';
import { badRequest } from '../../errors.js';
import { asBool } from '../parameter-types.js';
import { originOf } from '../http.js';
import { validateBody } from '../validation.js';
import { cinderSetBootable, cinderSnapshotCreate, cinderVolumeCreate } from './schemas.js';
import { snapshotDetail, volumeDetail, volumeSummary, type VolumeLinks } from './view.js';
import { volumeQuotaRoutes } from './quotas.js';

type Params = { project_id?: string; id?: string };

/** The caller, after the URL's project (if any) was checked against the token's. */
function actorOf(req: FastifyRequest): Actor {
  const principal = req.principal!;
  const urlProject = (req.params as Params).project_id;
  // Cinder (api/openstack/wsgi.py): a project id in the URL other than the token's is a 400.
  if (urlProject !== undefined && urlProject !== principal.projectId) throw badRequest('Malformed request url');
  return { userId: principal.userId, projectId: principal.projectId, isAdmin: principal.isAdmin, requestId: req.id };
}

export function volumeRoutesV3(app: FastifyInstance, s: Services): void {
  for (const base of ['/v3/:project_id', '/v3']) {
    volumeRoutes(app, s, base);
    snapshotRoutes(app, s, base);
    volumeQuotaRoutes(app, s, base);
    app.get(`${base}/os-availability-zone`, async (req) => {
      actorOf(req);
      return { availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true } }] };
    });
  }
}

function volumeRoutes(app: FastifyInstance, s: Services, base: string): void {
  const linksOf = (req: FastifyRequest, actor: Actor): VolumeLinks =>
    ({ origin: originOf(req, s.config.publicUrl), projectId: actor.projectId, isAdmin: actor.isAdmin });
  const id = (req: FastifyRequest): string => (req.params as Params).id ?? '';
  const list = (detail: boolean) => async (req: FastifyRequest) => {
    const actor = actorOf(req);
    const rows = await s.volumes.list(actor, nameFilter(req));
    return { volumes: rows.map((v) => (detail ? volumeDetail : volumeSummary)(linksOf(req, actor), v)) };
  };
  app.get(`${base}/volumes`, list(false));
  app.get(`${base}/volumes/detail`, list(true));
  app.get(`${base}/volumes/:id`, async (req) => {
    const actor = actorOf(req);
    return { volume: volumeDetail(linksOf(req, actor), await s.volumes.get(actor, id(req))) };
  });
  app.post(`${base}/volumes`, async (req, reply) => {
    const actor = actorOf(req);
    const v = validateBody(cinderVolumeCreate, req.body).volume;
    const vol = await s.volumes.create(actor, {
      size: v.size === undefined || v.size === null ? undefined : Number(v.size),
      name: v.name ?? v.display_name ?? null, description: v.description ?? v.display_description ?? null,
      imageRef: v.imageRef ?? v.image_id ?? null, snapshotId: v.snapshot_id ?? null, sourceVolid: v.source_volid ?? null,
      availabilityZone: v.availability_zone ?? null, volumeType: v.volume_type ?? null, metadata: v.metadata ?? null,
      multiattach: v.multiattach === undefined ? false : asBool(v.multiattach),
    });
    return reply.code(202).send({ volume: volumeDetail(linksOf(req, actor), vol, false) });
  });
  app.post(`${base}/volumes/:id/action`, async (req, reply) => {
    const actor = actorOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const action = Object.keys(body)[0];
    await s.volumes.get(actor, id(req)); // another project's volume is a 404 whatever the action
    if (action !== 'os-set_bootable') throw badRequest(`There is no such action: ${action ?? 'None'}`);
    const { bootable } = validateBody(cinderSetBootable, body)['os-set_bootable'];
    await s.volumes.setBootable(actor, id(req), asBool(bootable));
    return reply.code(200).send();
  });
  app.delete(`${base}/volumes/:id`, async (req, reply) => {
    await s.volumes.delete(actorOf(req), id(req));
    return reply.code(202).send();
  });
}

function nameFilter(req: FastifyRequest): { name?: string } {
  const q = req.query as Record<string, unknown>;
  return typeof q.name === 'string' ? { name: q.name } : {};
}

function snapshotRoutes(app: FastifyInstance, s: Services, base: string): void {
  const id = (req: FastifyRequest): string => (req.params as Params).id ?? '';
  const list = async (req: FastifyRequest) => ({ snapshots: (await s.volumes.snapshots.list(actorOf(req))).map(snapshotDetail) });
  app.get(`${base}/snapshots`, list);
  app.get(`${base}/snapshots/detail`, list);
  app.get(`${base}/snapshots/:id`, async (req) => ({ snapshot: snapshotDetail(await s.volumes.snapshots.get(actorOf(req), id(req))) }));
  app.post(`${base}/snapshots`, async (req, reply) => {
    const actor = actorOf(req);
    const sn = validateBody(cinderSnapshotCreate, req.body).snapshot;
    const snap = await s.volumes.snapshots.create(actor, {
      volumeId: sn.volume_id, force: asBool(sn.force), name: sn.name ?? sn.display_name ?? null,
      description: sn.description ?? sn.display_description ?? null,
    });
    return reply.code(202).send({ snapshot: snapshotDetail(snap) });
  });
  app.delete(`${base}/snapshots/:id`, async (req, reply) => {
    await s.volumes.snapshots.delete(actorOf(req), id(req));
    return reply.code(202).send();
  });
}
