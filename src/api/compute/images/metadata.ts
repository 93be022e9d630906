/**
 * Nova's image metadata proxy (nova/api/openstack/compute/image_metadata.py): the image's
 * properties as `metadata`, writable by its owner, at most `metadata_items` of them.
 */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { ownedBy, type Image } from '../../../image/service.js';
import type { RequestContext } from '../../context.js';
import { badRequest, forbidden, notFound } from '../../../errors.js';
import { validateBody } from '../../validation.js';
import { checkProxyVersion, findImage } from './controller.js';
import { metadataBody, metaItemBody } from './schemas.js';

type Params = { image_id: string; key?: string };
type Props = Record<string, unknown>;

async function imageFor(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<Image> {
  checkProxyVersion(ctx, '2.38');
  return findImage(s, ctx, (req.params as Params).image_id);
}

/** Nova: common.check_img_metadata_properties_quota, then Glance's update (owner only). */
async function save(s: Services, ctx: RequestContext, image: Image, props: Props): Promise<void> {
  const limit = (await s.quotas.limitsFor(ctx.projectId)).metadata_items ?? 128;
  if (limit >= 0 && Object.keys(props).length > limit) throw forbidden('Image metadata limit exceeded');
  if (!ownedBy(image, ctx)) throw forbidden(`Not authorized for image ${image.id}.`);
  await s.images.update(image.id, { properties: props });
}

export async function index(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  return { metadata: (await imageFor(s, ctx, req)).properties };
}

export async function showKey(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const image = await imageFor(s, ctx, req);
  const key = (req.params as Params).key!;
  if (!Object.prototype.hasOwnProperty.call(image.properties, key)) throw notFound('The resource could not be found.');
  return { meta: { [key]: image.properties[key] } };
}

/** POST: merges the given items into the metadata. */
export async function create(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const image = await imageFor(s, ctx, req);
  const body = validateBody(metadataBody(ctx.legacy), req.body) as { metadata: Props };
  const props = { ...image.properties, ...body.metadata };
  await save(s, ctx, image, props);
  return { metadata: props };
}

/** PUT: replaces the whole metadata. */
export async function updateAll(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const image = await imageFor(s, ctx, req);
  const body = validateBody(metadataBody(ctx.legacy), req.body) as { metadata: Props };
  await save(s, ctx, image, { ...body.metadata });
  return { metadata: body.metadata };
}

/** PUT /metadata/{key}: sets one item; the body must name that key and nothing else. */
export async function updateKey(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const image = await imageFor(s, ctx, req);
  const key = (req.params as Params).key!;
  const { meta } = validateBody(metaItemBody(ctx.legacy), req.body) as { meta: Props };
  if (!Object.prototype.hasOwnProperty.call(meta, key)) throw badRequest('Request body and URI mismatch');
  if (Object.keys(meta).length > 1) throw badRequest('Request body contains too many items');
  await save(s, ctx, image, { ...image.properties, [key]: meta[key] });
  return { meta };
}

export async function removeKey(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<void> {
  const image = await imageFor(s, ctx, req);
  const key = (req.params as Params).key!;
  if (!Object.prototype.hasOwnProperty.call(image.properties, key)) throw notFound('Invalid metadata key');
  const props = { ...image.properties } as Props;
  delete props[key];
  if (!ownedBy(image, ctx)) throw forbidden(`Not authorized for image ${image.id}.`);
  await s.images.update(image.id, { properties: props });
}
