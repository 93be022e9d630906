/**
 * PATCH /v2/images/{id} with `application/openstack-images-v2.1-json-patch`: add, replace and
 * remove of core attributes and additional properties (what `openstack image set` sends).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Image, ImageChanges } from '../../image/service.js';
import { NovaError } from '../../errors.js';
import { validateBody } from '../validation.js';
import { glanceBadRequest, readOnly, reserved } from './errors.js';
import { checkPublicize, ownImage } from './images.js';
import { coreSchemas } from './schemas.js';
import { CORE_WRITABLE, READ_ONLY, RESERVED, imageView } from './view.js';

export const PATCH_TYPES = ['application/openstack-images-v2.1-json-patch', 'application/openstack-images-v2.0-json-patch'];

interface Op {
  readonly op: string;
  readonly attr: string;
  readonly value?: unknown;
}

/** Normalises v2.1 (`{"op","path","value"}`) and v2.0 (`{"replace": "/path", "value"}`) operations. */
function parseOps(body: unknown): Op[] {
  if (!Array.isArray(body)) throw glanceBadRequest('Request body must be a JSON array of operation objects.');
  return body.map((raw) => {
    const o = raw as Record<string, unknown>;
    let op = o?.op;
    let path = o?.path;
    if (op === undefined) {
      op = ['add', 'replace', 'remove'].find((k) => typeof o?.[k] === 'string');
      path = op ? o[op as string] : undefined;
    }
    if (typeof op !== 'string' || !['add', 'replace', 'remove'].includes(op)) throw glanceBadRequest(`Operation objects must contain exactly one member named "add", "remove", or "replace".`);
    if (typeof path !== 'string' || !/^\/[^/]+$/.test(path)) throw glanceBadRequest(`Invalid JSON pointer for this resource: '${String(path)}'`);
    if (op !== 'remove' && !('value' in o)) throw glanceBadRequest(`Operation "${op}" requires a member named "value".`);
    return { op, attr: path.slice(1).replace(/~1/g, '/').replace(/~0/g, '~'), value: o.value };
  });
}

function applyCore(changes: Record<string, unknown>, op: Op): void {
  if (op.op === 'remove') throw new NovaError(403, `Properties ${op.attr} must not be removed.`);
  const schema = (coreSchemas as Record<string, Parameters<typeof validateBody>[0]>)[op.attr];
  validateBody(schema, op.value);
  changes[op.attr] = op.value;
}

function applyProperty(props: Record<string, unknown>, op: Op): void {
  const exists = Object.prototype.hasOwnProperty.call(props, op.attr);
  if (op.op === 'remove' || op.op === 'replace') {
    if (!exists) throw new NovaError(409, `Property ${op.attr} does not exist.`);
  }
  if (op.op === 'remove') {
    delete props[op.attr];
    return;
  }
  if (typeof op.value !== 'string') throw glanceBadRequest(`Provided object does not match schema 'image': ${JSON.stringify(op.value)} is not of type 'string'`);
  props[op.attr] = op.value;
}

/** The changes a patch document makes to an image (nothing is written here). */
export function changesFor(image: Image, body: unknown, req: FastifyRequest): ImageChanges {
  const changes: Record<string, unknown> = {};
  const props = { ...image.properties } as Record<string, unknown>;
  for (const op of parseOps(body)) {
    if (RESERVED.has(op.attr)) throw reserved(op.attr);
    if (READ_ONLY.has(op.attr)) throw readOnly(op.attr);
    if (CORE_WRITABLE.has(op.attr)) applyCore(changes, op);
    else applyProperty(props, op);
  }
  checkPublicize(req, changes.visibility);
  if (image.status !== 'queued' && ('disk_format' in changes || 'container_format' in changes)) {
    throw new NovaError(403, 'Attribute container_format can be only replaced for a queued image.');
  }
  return { ...changes, properties: props };
}

export function updateRoutes(app: FastifyInstance, s: Services): void {
  app.patch<{ Params: { id: string } }>('/v2/images/:id', async (req) => {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!PATCH_TYPES.includes(type)) throw new NovaError(415, `Unsupported Content-Type`);
    const image = await ownImage(s, req, req.params.id, 'modify');
    await s.images.update(image.id, changesFor(image, req.body, req));
    return imageView((await s.images.get(image.id))!);
  });
}
