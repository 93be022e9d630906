/** GET/POST /v2/images, GET/DELETE /v2/images/{id}, PUT/DELETE /v2/images/{id}/tags/{tag}. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { ownedBy, type Image, type Viewer } from '../../image/service.js';
import { NovaError } from '../../errors.js';
import { validateBody } from '../validation.js';
import { glanceBadRequest, imageNotFound, readOnly, reserved } from './errors.js';
import { linkQuery, page, parseListRequest } from './list-query.js';
import { CreateImage } from './schemas.js';
import { CORE_WRITABLE, READ_ONLY, RESERVED, imageView } from './view.js';

type Query = Record<string, string | string[] | undefined>;
type IdParams = { Params: { id: string } };

export const viewerOf = (req: FastifyRequest): Viewer => ({ projectId: req.principal!.projectId, isAdmin: req.principal!.isAdmin });

/** The image when the caller may see it; 404 otherwise (also for names: clients rely on it). */
export async function visibleImage(s: Services, req: FastifyRequest, id: string): Promise<Image> {
  const v = viewerOf(req);
  const image = await s.images.get(id, v.projectId, v.isAdmin);
  if (!image) throw imageNotFound(id);
  return image;
}

/** The image when the caller may change it: 404 when invisible, 403 when not its owner. */
export async function ownImage(s: Services, req: FastifyRequest, id: string, action: string): Promise<Image> {
  const image = await visibleImage(s, req, id);
  if (!ownedBy(image, viewerOf(req))) throw new NovaError(403, `You are not permitted to ${action} this image.`);
  return image;
}

function checkPublicize(req: FastifyRequest, visibility: unknown): void {
  if (visibility === 'public' && !req.principal!.isAdmin) {
    throw new NovaError(403, 'You are not authorized to complete publicize_image action.');
  }
}

async function createImage(s: Services, req: FastifyRequest): Promise<Image> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw glanceBadRequest('Provided object does not match schema \'image\'');
  for (const key of Object.keys(body)) {
    if (RESERVED.has(key)) throw reserved(key);
    if (READ_ONLY.has(key) && key !== 'id' && !(key === 'owner' && body.owner === req.principal!.projectId)) throw readOnly(key);
  }
  const { owner: _owner, ...rest } = body;
  validateBody(CreateImage, rest);
  checkPublicize(req, rest.visibility);
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!CORE_WRITABLE.has(k) && k !== 'id') properties[k] = v;
  return s.images.create({
    id: rest.id as string | undefined,
    name: (rest.name as string | null | undefined) ?? null,
    owner: req.principal!.projectId,
    status: 'queued',
    visibility: (rest.visibility as string | undefined) ?? 'shared',
    disk_format: (rest.disk_format as string | null | undefined) ?? null,
    container_format: (rest.container_format as string | null | undefined) ?? null,
    min_ram: (rest.min_ram as number | undefined) ?? 0,
    min_disk: (rest.min_disk as number | undefined) ?? 0,
    protected: rest.protected === true,
    tags: (rest.tags as string[] | undefined) ?? [],
    properties,
  });
}

export function imageRoutesV2(app: FastifyInstance, s: Services): void {
  app.get('/v2/images', async (req) => {
    const q = req.query as Query;
    const r = parseListRequest(q, s.config.maxLimit);
    const v = viewerOf(req);
    const visible = await s.images.list(v, r.visibility === 'community' || r.visibility === 'all');
    const { items, more } = page(visible, r);
    const body: Record<string, unknown> = {
      images: items.map(imageView),
      first: `/v2/images${linkQuery(q, null, r.limit)}`,
      schema: '/v2/schemas/images',
    };
    if (more && items.length) body.next = `/v2/images${linkQuery(q, items[items.length - 1].id, r.limit)}`;
    return body;
  });

  app.post('/v2/images', async (req, reply) => {
    const image = await createImage(s, req);
    return reply.code(201).header('location', `/v2/images/${image.id}`).send(imageView(image));
  });

  app.get<IdParams>('/v2/images/:id', async (req) => imageView(await visibleImage(s, req, req.params.id)));

  app.delete<IdParams>('/v2/images/:id', async (req, reply) => {
    const image = await ownImage(s, req, req.params.id, 'delete');
    if (image.protected) throw new NovaError(403, `Image ${image.id} is protected and cannot be deleted.`);
    await s.images.delete(image.id);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string; tag: string } }>('/v2/images/:id/tags/:tag', async (req, reply) => {
    const image = await ownImage(s, req, req.params.id, 'modify');
    if (!image.tags.includes(req.params.tag)) await s.images.update(image.id, { tags: [...image.tags, req.params.tag] });
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; tag: string } }>('/v2/images/:id/tags/:tag', async (req, reply) => {
    const image = await ownImage(s, req, req.params.id, 'modify');
    if (!image.tags.includes(req.params.tag)) throw new NovaError(404, `Tag ${req.params.tag} not found.`);
    await s.images.update(image.id, { tags: image.tags.filter((t) => t !== req.params.tag) });
    return reply.code(204).send();
  });
}

export { checkPublicize };
