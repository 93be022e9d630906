/**
 * A server's live migrations (Nova: compute/server_migrations.py): force_complete (2.22), list
 * and show the in-progress ones (2.23), abort (2.24; queued and preparing ones too from 2.65).
 */
import type { Services } from '../../../app.js';
import type { Migration } from '../../../store/schema.js';
import { isoMicros } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import type { RouteDef } from '../router.js';
import { forceComplete } from './schemas.js';

type Params = { server_id: string; migration_id: string };

function view(ctx: RequestContext, m: Migration): Record<string, unknown> {
  const v: Record<string, unknown> = {
    created_at: isoMicros(m.created_at), dest_compute: m.dest_compute, dest_host: m.dest_host, dest_node: m.dest_node,
    id: m.id, server_uuid: m.instance_uuid, source_compute: m.source_compute, source_node: m.source_node,
    status: m.status, updated_at: isoMicros(m.updated_at),
    // The simulated hypervisor reports no copy progress (Nova: null until the driver reports).
    memory_total_bytes: null, memory_processed_bytes: null, memory_remaining_bytes: null,
    disk_total_bytes: null, disk_processed_bytes: null, disk_remaining_bytes: null,
  };
  if (ctx.mv.atLeast('2.59')) v.uuid = m.uuid;
  if (ctx.mv.atLeast('2.80')) Object.assign(v, { user_id: m.user_id, project_id: m.project_id });
  return v;
}

export function serverMigrationRoutes(s: Services): RouteDef[] {
  const sm = s.compute.serverMigrations;
  const base = '/servers/:server_id/migrations';
  return [
    {
      method: 'GET', path: base, minVersion: '2.23',
      handler: async (ctx, req) => ({ migrations: (await sm.list(ctx, (req.params as Params).server_id)).map((m) => view(ctx, m)) }),
    },
    {
      method: 'GET', path: `${base}/:migration_id`, minVersion: '2.23',
      handler: async (ctx, req) => {
        const p = req.params as Params;
        return { migration: view(ctx, await sm.get(ctx, p.server_id, p.migration_id)) };
      },
    },
    {
      method: 'POST', path: `${base}/:migration_id/action`, minVersion: '2.22', status: 202,
      handler: async (ctx, req) => {
        const p = req.params as Params;
        validateBody(forceComplete, req.body);
        await sm.forceComplete(ctx, p.server_id, p.migration_id);
        return undefined;
      },
    },
    {
      method: 'DELETE', path: `${base}/:migration_id`, minVersion: '2.24', status: 202,
      handler: async (ctx, req) => {
        const p = req.params as Params;
        await sm.abort(ctx, p.server_id, p.migration_id, ctx.mv.atLeast('2.65'));
        return undefined;
      },
    },
  ];
}
