/** `GET /flavors[/detail]` query parameters turned into a listing request (Nova: flavors.py _get_flavors). */
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../../errors.js';
import type { FlavorListOptions, FlavorSortKey } from '../../../compute/flavors.js';
import type { RequestContext } from '../../context.js';
import { validateQuery } from '../../validation.js';
import { lastValues, pageSize } from './paging.js';
import { indexQuery, indexQueryV275 } from './schemas.js';

const TRUE_STRINGS = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE_STRINGS = ['0', 'f', 'false', 'off', 'n', 'no'];

/** Nova: _parse_is_public — absent: public; "none" (any case): all; else a strict boolean. */
function parseIsPublic(v: string | undefined): boolean | null {
  if (v === undefined) return true;
  const s = v.trim().toLowerCase();
  if (s === 'none') return null;
  if (TRUE_STRINGS.includes(s)) return true;
  if (FALSE_STRINGS.includes(s)) return false;
  throw badRequest(`Invalid is_public filter [${v}]`);
}

/** Python's int() on a query string: optional sign, digits, surrounding whitespace. */
function parseMin(v: string | undefined, name: 'minRam' | 'minDisk'): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(v)) throw badRequest(`Invalid ${name} filter [${v}]`);
  return Number(v);
}

export function listOptions(ctx: RequestContext, req: FastifyRequest, maxLimit: number): FlavorListOptions {
  const q = lastValues(req);
  validateQuery(ctx.mv.atLeast('2.75') ? indexQueryV275 : indexQuery, q);
  // Nova: only admins choose; everyone else sees enabled flavors that are public or shared with them.
  const isPublic = ctx.isAdmin ? parseIsPublic(q.is_public) : true;
  return {
    viewer: { projectId: ctx.projectId, isAdmin: ctx.isAdmin },
    isPublic,
    includeDisabled: ctx.isAdmin,
    minRam: parseMin(q.minRam, 'minRam'),
    minDisk: parseMin(q.minDisk, 'minDisk'),
    sortKey: (q.sort_key || 'flavorid') as FlavorSortKey,
    sortDir: (q.sort_dir || 'asc') as 'asc' | 'desc',
    limit: pageSize(q.limit, maxLimit),
    marker: q.marker,
  };
}
