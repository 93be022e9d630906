/** GET /os-migrations (admin; Nova: compute/migrations.py), as at 2.1 with the 2.23 additions gated. */
import type { Services } from '../../../app.js';
import type { Migration } from '../../../store/schema.js';
import { isoMicros } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';
import type { RouteDef } from '../router.js';

type Query = Record<string, string | undefined>;

function view(ctx: RequestContext, m: Migration): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: m.id, instance_uuid: m.instance_uuid, source_compute: m.source_compute, dest_compute: m.dest_compute,
    source_node: m.source_node, dest_node: m.dest_node, dest_host: m.dest_host,
    old_instance_type_id: m.old_instance_type_id, new_instance_type_id: m.new_instance_type_id,
    status: m.status, created_at: isoMicros(m.created_at), updated_at: isoMicros(m.updated_at),
  };
  if (ctx.mv.atLeast('2.23')) {
    v.migration_type = m.migration_type;
    if (m.migration_type === 'live-migration' && ['queued', 'preparing', 'running'].includes(m.status)) {
      v.links = ctx.links('servers', m.instance_uuid, 'migrations', String(m.id));
    }
  }
  if (ctx.mv.atLeast('2.59')) v.uuid = m.uuid;
  if (ctx.mv.atLeast('2.80')) Object.assign(v, { project_id: m.project_id, user_id: m.user_id });
  return v;
}

export function migrationRoutes(s: Services): RouteDef[] {
  return [{
    method: 'GET',
    path: '/os-migrations',
    handler: async (ctx, req) => {
      ctx.requireAdmin('os_compute_api:os-migrations:index');
      const q = req.query as Query;
      const rows = await s.compute.migrations({
        host: q.host, status: q.status, instanceUuid: q.instance_uuid, migrationType: q.migration_type,
      });
      return { migrations: rows.map((m) => view(ctx, m)) };
    },
  }];
}
