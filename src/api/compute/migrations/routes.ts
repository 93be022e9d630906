/**
 * GET /os-migrations (admin; Nova: compute/migrations.py): 2.23 migration_type and links, 2.59
 * uuid, paging by `limit`/`marker` (a migration uuid) with `migrations_links`, and changes-since;
 * 2.66 changes-before; 2.80 user_id/project_id fields and filters.
 */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import type { MigrationFilters } from '../../../compute/migrations.js';
import type { Migration } from '../../../store/schema.js';
import { isoMicros } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';
import { validateQuery } from '../../validation.js';
import { lastValues, nextLinks, pageSize } from '../flavors/paging.js';
import { changesWindow } from '../instance-actions/changes.js';
import type { RouteDef } from '../router.js';
import { indexQuery, indexQueryV259, indexQueryV266, indexQueryV280 } from './schemas.js';

/** Nova: the in-progress states in which a live migration links to its server's migration. */
const LIVE_IN_PROGRESS = ['queued', 'preparing', 'running', 'post-migrating'];

function view(ctx: RequestContext, m: Migration): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: m.id, instance_uuid: m.instance_uuid, source_compute: m.source_compute, dest_compute: m.dest_compute,
    source_node: m.source_node, dest_node: m.dest_node, dest_host: m.dest_host,
    old_instance_type_id: m.old_instance_type_id, new_instance_type_id: m.new_instance_type_id,
    status: m.status, created_at: isoMicros(m.created_at), updated_at: isoMicros(m.updated_at),
  };
  if (ctx.mv.atLeast('2.23')) {
    v.migration_type = m.migration_type;
    if (m.migration_type === 'live-migration' && LIVE_IN_PROGRESS.includes(m.status)) {
      v.links = ctx.links('servers', m.instance_uuid, 'migrations', String(m.id));
    }
  }
  if (ctx.mv.atLeast('2.59')) v.uuid = m.uuid;
  if (ctx.mv.atLeast('2.80')) Object.assign(v, { project_id: m.project_id, user_id: m.user_id });
  return v;
}

function querySchema(ctx: RequestContext): object {
  if (ctx.mv.atLeast('2.80')) return indexQueryV280;
  if (ctx.mv.atLeast('2.66')) return indexQueryV266;
  return ctx.mv.atLeast('2.59') ? indexQueryV259 : indexQuery;
}

/** The query as filters. Nova: before 2.59 unknown parameters pass, and user_id/project_id still filter. */
function filtersOf(ctx: RequestContext, q: Record<string, string>, maxLimit: number): MigrationFilters {
  const base: MigrationFilters = {
    host: q.host, sourceCompute: q.source_compute, status: q.status, instanceUuid: q.instance_uuid,
    migrationType: q.migration_type, userId: q.user_id, projectId: q.project_id,
  };
  if (!ctx.mv.atLeast('2.59')) return base;
  return {
    ...base, limit: pageSize(q.limit, maxLimit), marker: q.marker, ...changesWindow(q, true, ctx.mv.atLeast('2.66')),
  };
}

async function index(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<Record<string, unknown>> {
  ctx.requireAdmin('os_compute_api:os-migrations:index');
  const q = lastValues(req);
  validateQuery(querySchema(ctx) as never, q);
  const filters = filtersOf(ctx, q, s.config.maxLimit);
  const rows = await s.compute.migrations(filters);
  const body: Record<string, unknown> = { migrations: rows.map((m) => view(ctx, m)) };
  if (filters.limit !== undefined) {
    const links = nextLinks(ctx, req, filters.limit, rows.length, rows.at(-1)?.uuid, 'os-migrations');
    if (links.length) body.migrations_links = links;
  }
  return body;
}

export function migrationRoutes(s: Services): RouteDef[] {
  return [{ method: 'GET', path: '/os-migrations', handler: (ctx, req) => index(s, ctx, req) }];
}
