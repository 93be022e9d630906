/** Flavor views (Nova: nova/api/openstack/compute/views/flavors.py). */
import type { RequestContext } from '../../context.js';
import type { Flavor } from '../../../compute/flavors.js';

export type Link = { href: string; rel: string };

/** `GET /flavors` item: id, name, links (+ description from 2.55). */
export function basic(ctx: RequestContext, f: Flavor): Record<string, unknown> {
  const out: Record<string, unknown> = { id: f.flavorid, name: f.name, links: ctx.links('flavors', f.flavorid) };
  if (ctx.mv.atLeast('2.55')) out.description = f.description;
  return out;
}

/** The full flavor, as `GET /flavors/{id}`, `/flavors/detail` and create show it. */
export function detail(ctx: RequestContext, f: Flavor): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.flavorid,
    name: f.name,
    ram: f.memory_mb,
    disk: f.root_gb,
    // Nova: swap 0 is shown as "" until 2.75.
    swap: ctx.mv.atLeast('2.75') ? f.swap : f.swap || '',
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral_gb,
    'OS-FLV-DISABLED:disabled': f.disabled,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.is_public,
    rxtx_factor: f.rxtx_factor,
    links: ctx.links('flavors', f.flavorid),
  };
  if (ctx.mv.atLeast('2.55')) out.description = f.description;
  if (ctx.mv.atLeast('2.61')) out.extra_specs = { ...f.extra_specs };
  return out;
}

export const show = (ctx: RequestContext, f: Flavor): { flavor: Record<string, unknown> } => ({ flavor: detail(ctx, f) });

/** `flavor_access` list (Nova: flavor_access.py _marshall_flavor_access). */
export const access = (f: Flavor, projects: readonly string[]): { flavor_access: Array<{ flavor_id: string; tenant_id: string }> } => ({
  flavor_access: projects.map((tenant_id) => ({ flavor_id: f.flavorid, tenant_id })),
});
