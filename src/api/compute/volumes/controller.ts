/**
 * Nova's block-storage surface: the os-volumes and os-snapshots proxies (gone from 2.36, as in
 * Nova) and a server's os-volume_attachments. Thin handlers: validate, one domain call, view.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { NovaError, badRequest, notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { asBool } from '../../parameter-types.js';
import { validateBody, validateQuery } from '../../validation.js';
import { lastValues } from '../flavors/paging.js';
import { attachV20, attachV249, attachV279, attachmentsQueryV275, snapshotCreate, swapV20, updateV285, volumeCreate } from './schemas.js';
import { attachmentView, snapshotView, volumeView } from './view.js';

type Body = Record<string, unknown>;

/** Nova: common.limited — `offset` and `limit` (capped at max_limit) over a full list. */
export function limited<T>(items: readonly T[], query: unknown, maxLimit: number): T[] {
  const q = (query ?? {}) as Record<string, unknown>;
  const num = (name: string, fallback: number): number => {
    const raw = q[name];
    if (raw === undefined) return fallback;
    const text = String(Array.isArray(raw) ? raw[raw.length - 1] : raw);
    if (!/^\s*[-+]?\d+\s*$/.test(text)) throw badRequest(`${name} param must be an integer`);
    const n = Number(text);
    if (n < 0) throw badRequest(`${name} param must be positive`);
    return n;
  };
  const offset = num('offset', 0);
  const limit = Math.min(maxLimit, num('limit', maxLimit) || maxLimit);
  return items.slice(offset, offset + limit);
}

export class VolumesController {
  constructor(private readonly s: Services) {}

  /** Nova: the proxies answer 404 from microversion 2.36. */
  #proxy(ctx: RequestContext): void {
    if (ctx.mv.atLeast('2.36')) throw notFound('The resource could not be found.');
  }

  async listVolumes(ctx: RequestContext, req: FastifyRequest): Promise<Body> {
    this.#proxy(ctx);
    const rows = await this.s.volumes.list(ctx);
    return { volumes: limited(rows, req.query, this.s.config.maxLimit).map(volumeView) };
  }

  async showVolume(ctx: RequestContext, id: string): Promise<Body> {
    this.#proxy(ctx);
    return { volume: volumeView(await this.s.volumes.get(ctx, id)) };
  }

  async createVolume(ctx: RequestContext, req: FastifyRequest, reply: FastifyReply): Promise<Body> {
    this.#proxy(ctx);
    const v = validateBody(volumeCreate, req.body, { legacy: ctx.legacy }).volume;
    const vol = await this.s.volumes.create(ctx, {
      size: Number(v.size), name: v.display_name ?? null, description: v.display_description ?? null,
      snapshotId: v.snapshot_id ?? null, availabilityZone: v.availability_zone ?? null, volumeType: v.volume_type ?? null,
      metadata: v.metadata ?? null,
    });
    reply.header('location', ctx.selfLink('os-volumes', vol.id));
    return { volume: volumeView(vol) };
  }

  async deleteVolume(ctx: RequestContext, id: string): Promise<void> {
    this.#proxy(ctx);
    try {
      await this.s.volumes.delete(ctx, id);
    } catch (err) {
      // Nova relays Cinder's 400 as InvalidInput, with the client's rendering of it.
      if (err instanceof NovaError && err.code === 400) {
        throw badRequest(`Invalid input received: ${err.message} (HTTP 400) (Request-ID: ${ctx.requestId})`);
      }
      throw err;
    }
  }

  async listSnapshots(ctx: RequestContext, req: FastifyRequest): Promise<Body> {
    this.#proxy(ctx);
    const rows = await this.s.volumes.snapshots.list(ctx);
    return { snapshots: limited(rows, req.query, this.s.config.maxLimit).map(snapshotView) };
  }

  async showSnapshot(ctx: RequestContext, id: string): Promise<Body> {
    this.#proxy(ctx);
    return { snapshot: snapshotView(await this.s.volumes.snapshots.get(ctx, id)) };
  }

  async createSnapshot(ctx: RequestContext, body: unknown): Promise<Body> {
    this.#proxy(ctx);
    const sn = validateBody(snapshotCreate, body, { legacy: ctx.legacy }).snapshot;
    const snap = await this.s.volumes.snapshots.create(ctx, {
      volumeId: sn.volume_id, force: asBool(sn.force), name: sn.display_name ?? null, description: sn.display_description ?? null,
    });
    return { snapshot: snapshotView(snap) };
  }

  async deleteSnapshot(ctx: RequestContext, id: string): Promise<void> {
    this.#proxy(ctx);
    await this.s.volumes.snapshots.delete(ctx, id);
  }

  // ---- os-volume_attachments ----

  async listAttachments(ctx: RequestContext, serverId: string, req: FastifyRequest): Promise<Body> {
    if (ctx.mv.atLeast('2.75')) validateQuery(attachmentsQueryV275, lastValues(req));
    const rows = await this.s.volumes.attachments.list(ctx, serverId);
    return { volumeAttachments: limited(rows, req.query, this.s.config.maxLimit).map((a) => attachmentView(ctx, a)) };
  }

  async showAttachment(ctx: RequestContext, serverId: string, volumeId: string): Promise<Body> {
    return { volumeAttachment: attachmentView(ctx, await this.s.volumes.attachments.show(ctx, serverId, volumeId)) };
  }

  async attach(ctx: RequestContext, serverId: string, body: unknown): Promise<Body> {
    const schema = ctx.mv.atLeast('2.79') ? attachV279 : ctx.mv.atLeast('2.49') ? attachV249 : attachV20;
    const va = validateBody(schema, body, { legacy: ctx.legacy }).volumeAttachment as {
      volumeId: string; device?: string | null; tag?: string; delete_on_termination?: boolean | string;
    };
    const att = await this.s.volumes.attachments.attach(ctx, serverId, va.volumeId, {
      device: va.device ?? null, allowShelved: ctx.mv.atLeast('2.20'), tag: va.tag ?? null,
      deleteOnTermination: va.delete_on_termination === undefined ? false : asBool(va.delete_on_termination),
      multiattach: ctx.mv.atLeast('2.60'),
    });
    return { volumeAttachment: attachmentView(ctx, att) };
  }

  /**
   * PUT os-volume_attachments/{volume}: a swap (admin) until 2.85; from 2.85 an update of the
   * attachment (its owner may; only delete_on_termination changes), then a swap when the body
   * names another volume (Nova: volume_attachments.py update).
   */
  async update(ctx: RequestContext, serverId: string, volumeId: string, body: unknown): Promise<void> {
    if (!ctx.mv.atLeast('2.85')) {
      ctx.requireAdmin('os_compute_api:os-volumes-attachments:swap');
      const va = validateBody(swapV20, body, { legacy: ctx.legacy }).volumeAttachment;
      await this.s.volumes.attachments.swap(ctx, serverId, volumeId, va.volumeId);
      return;
    }
    const va = validateBody(updateV285, body).volumeAttachment;
    if (va.volumeId !== volumeId) ctx.requireAdmin('os_compute_api:os-volumes-attachments:swap');
    await this.s.volumes.attachments.update(ctx, serverId, volumeId, {
      id: va.id, serverId: va.serverId, device: va.device, tag: va.tag,
      deleteOnTermination: va.delete_on_termination === undefined ? undefined : asBool(va.delete_on_termination),
    });
    if (va.volumeId !== volumeId) await this.s.volumes.attachments.swap(ctx, serverId, volumeId, va.volumeId);
  }

  async detach(ctx: RequestContext, serverId: string, volumeId: string): Promise<void> {
    await this.s.volumes.attachments.detach(ctx, serverId, volumeId, ctx.mv.atLeast('2.20'));
  }
}
