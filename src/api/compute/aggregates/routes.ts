/**
 * os-aggregates (Nova: aggregates.py): the list, and the image cache request (2.81). Novum's
 * hosts belong to no host aggregate, so the admin list is empty (what `openstack hypervisor show`
 * reads to name a host's aggregates) and every aggregate id is unknown. Creating and changing
 * aggregates is not offered (no route, so 404).
 */
import { Type } from '@sinclair/typebox';
import type { Services } from '../../../app.js';
import { badRequest, notFound } from '../../../errors.js';
import { validateBody } from '../../validation.js';
import type { RouteDef } from '../router.js';

/** POST /os-aggregates/{id}/images (Nova: schemas/aggregate_images.py). */
const cacheImages = Type.Unsafe<{ cache: Array<{ id: string }> }>({
  type: 'object',
  properties: {
    cache: {
      type: ['array'],
      minItems: 1,
      items: {
        type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, additionalProperties: false, required: ['id'],
      },
    },
  },
  required: ['cache'],
  additionalProperties: false,
});

export function aggregateRoutes(_s: Services): RouteDef[] {
  return [
    {
      method: 'GET', path: '/os-aggregates',
      handler: async (ctx) => {
        ctx.requireAdmin('os_compute_api:os-aggregates:index');
        return { aggregates: [] };
      },
    },
    {
      method: 'POST', path: '/os-aggregates/:id/images', minVersion: '2.81', status: 202,
      handler: async (ctx, req) => {
        const body = validateBody(cacheImages, req.body);
        ctx.requireAdmin('compute:aggregates:images');
        const id = (req.params as { id: string }).id;
        if (!/^\s*[+-]?\d+\s*$/.test(id)) throw badRequest('Invalid input received: id must be an integer');
        const ids = body.cache.map((c) => c.id);
        if (new Set(ids).size !== ids.length) throw badRequest('Duplicate images in request');
        // Nova: the aggregate is looked up next; with no aggregates, none is found.
        throw notFound(`Aggregate ${id} could not be found.`);
      },
    },
  ];
}
