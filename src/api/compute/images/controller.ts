/** Nova's image proxy (nova/api/openstack/compute/images.py): list, detail, show, delete. */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { ownedBy, type Image } from '../../../image/service.js';
import type { RequestContext } from '../../context.js';
import { forbidden, notFound } from '../../../errors.js';
import { lastValues, nextLinks, pageOf } from './list-query.js';
import { imageDetail, imageSummary } from './view.js';

type IdParams = { image_id: string };

/** Nova: the proxy APIs answer 404 from microversion 2.36 (image metadata from 2.39). */
export function checkProxyVersion(ctx: RequestContext, max: string): void {
  if (!ctx.legacy && !ctx.mv.atMost(max)) throw notFound('The resource could not be found.');
}

/** The image when the caller's project may see it; Nova's 404 otherwise. */
export async function findImage(s: Services, ctx: RequestContext, id: string): Promise<Image> {
  const image = await s.images.get(id, ctx.projectId, ctx.isAdmin);
  if (!image) throw notFound('Image not found.');
  return image;
}

export async function list(s: Services, ctx: RequestContext, req: FastifyRequest, detail: boolean): Promise<unknown> {
  checkProxyVersion(ctx, '2.35');
  const q = lastValues(req);
  const visible = await s.images.list({ projectId: ctx.projectId, isAdmin: ctx.isAdmin });
  const { items, size } = pageOf(visible, q, s.config.maxLimit);
  const body: Record<string, unknown> = { images: items.map((i) => (detail ? imageDetail(ctx, i) : imageSummary(ctx, i))) };
  const links = nextLinks(ctx, req, size, items, ...(detail ? ['images', 'detail'] : ['images']));
  if (links.length) body.images_links = links;
  return body;
}

export async function show(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  checkProxyVersion(ctx, '2.35');
  const image = await findImage(s, ctx, (req.params as IdParams).image_id);
  return { image: imageDetail(ctx, image) };
}

export async function remove(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<void> {
  checkProxyVersion(ctx, '2.35');
  const image = await findImage(s, ctx, (req.params as IdParams).image_id);
  // Nova: Glance's 403 (not the owner, or a protected image) becomes ImageNotAuthorized.
  if (!ownedBy(image, ctx) || image.protected) throw forbidden('You are not allowed to delete the image.');
  await s.images.delete(image.id);
}
