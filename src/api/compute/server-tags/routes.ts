/**
 * Server tags, microversion 2.26 (Nova: compute/server_tags.py): list, replace, clear, check,
 * add and remove one.
 */
import type { Services } from '../../../app.js';
import { badRequest, notFound } from '../../../errors.js';
import { validateBody } from '../../validation.js';
import type { RouteDef } from '../router.js';
import { TAG_PATTERN, addTag, replaceTags } from './schemas.js';

type Params = { server_id: string; tag: string };

export function serverTagRoutes(s: Services): RouteDef[] {
  const tags = s.compute.tags;
  const base = '/servers/:server_id/tags';
  const p = (req: { params: unknown }): Params => req.params as Params;
  return [
    { method: 'GET', path: base, minVersion: '2.26', handler: async (ctx, req) => ({ tags: await tags.list(ctx, p(req).server_id) }) },
    {
      method: 'PUT', path: base, minVersion: '2.26',
      handler: async (ctx, req) => {
        const body = validateBody(replaceTags, req.body) as { tags: string[] };
        return { tags: await tags.replace(ctx, p(req).server_id, body.tags) };
      },
    },
    { method: 'DELETE', path: base, minVersion: '2.26', status: 204, handler: async (ctx, req) => { await tags.clear(ctx, p(req).server_id); } },
    {
      method: 'GET', path: `${base}/:tag`, minVersion: '2.26', status: 204,
      handler: async (ctx, req) => {
        const { server_id: id, tag } = p(req);
        if (!(await tags.has(ctx, id, tag))) throw notFoundTag(id, tag);
      },
    },
    {
      method: 'PUT', path: `${base}/:tag`, minVersion: '2.26',
      handler: async (ctx, req, reply) => {
        const { server_id: id, tag } = p(req);
        validateBody(addTag, req.body ?? null);
        if (tag.length < 1 || tag.length > 60 || !TAG_PATTERN.test(tag)) {
          throw badRequest(`Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${tagError(tag)}`);
        }
        const added = await tags.add(ctx, id, tag);
        reply.header('location', ctx.selfLink('servers', id, 'tags', encodeURIComponent(tag)));
        reply.code(added ? 201 : 204);
      },
    },
    { method: 'DELETE', path: `${base}/:tag`, minVersion: '2.26', status: 204, handler: async (ctx, req) => { await tags.remove(ctx, p(req).server_id, p(req).tag); } },
  ];
}

const notFoundTag = (id: string, tag: string): Error => notFound(`Server ${id} has no tag '${tag}'`);

/** jsonschema's wording for the first way a tag breaks parameter_types.tag. */
function tagError(tag: string): string {
  if (tag.length === 0) return "'' is too short";
  if (tag.length > 60) return `'${tag}' is too long`;
  return `'${tag}' does not match '^[^,/]*$'`;
}
