/**
 * The server as Nova shows it (nova/api/openstack/compute/views/servers.py plus every extension
 * attribute of the v2 era). What a microversion adds is a visible `ctx.mv.atLeast` branch.
 */
import { createHash } from 'node:crypto';
import { parseFlavor } from '../../../compute/embedded-flavor.js';
import { instanceName } from '../../../compute/instance-store.js';
import { tagsOf } from '../../../compute/server-tags.js';
import { statusOf } from '../../../compute/states.js';
import type { Instance } from '../../../store/schema.js';
import { isoMicros, isoSeconds } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';

type Json = Record<string, unknown>;

/** Statuses whose progress Nova shows (views/servers.py _get_progress). */
const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);

/** Nova: sha224 of project id + host, '' without a host. */
export function hostId(projectId: string, host: string | null): string {
  return host ? createHash('sha224').update(projectId + host).digest('hex') : '';
}

export function basicView(ctx: RequestContext, inst: Instance): Json {
  return { id: inst.uuid, name: inst.display_name, links: ctx.links('servers', inst.uuid) };
}

/** What a detailed view needs beyond the row. */
export interface DetailOptions {
  /** false: the update/rebuild answer without extension attributes */
  readonly extended?: boolean;
  /** the host status of a server's host (2.16, admins), when the caller looked them up */
  readonly hostStatus?: (host: string | null) => string;
}

/**
 * `extended: false` is Nova's view for update and rebuild answers: the core server without the
 * extension attributes (AZ, extended status and server attributes, usage, key name, config
 * drive, security groups, volumes) and with plain addresses (views/servers.py show(..., False)).
 */
export function detailView(ctx: RequestContext, inst: Instance, opts: DetailOptions = {}): Json {
  const extended = opts.extended ?? true;
  const status = inst.deleted ? 'DELETED' : statusOf(inst.vm_state, inst.task_state);
  const flavor = parseFlavor(inst.flavor);
  const view: Json = {
    id: inst.uuid,
    name: inst.display_name,
    status,
    tenant_id: inst.project_id,
    user_id: inst.user_id,
    metadata: JSON.parse(inst.metadata) as Json,
    hostId: hostId(inst.project_id, inst.host),
    image: inst.image_ref ? { id: inst.image_ref, links: [{ href: ctx.bookmarkLink('images', inst.image_ref), rel: 'bookmark' }] } : '',
    flavor: flavorView(ctx, flavor),
    created: isoSeconds(inst.created_at),
    updated: isoSeconds(inst.updated_at),
    addresses: extended ? (JSON.parse(inst.addresses) as Json) : plainAddresses(inst.addresses),
    accessIPv4: inst.access_ip_v4 ?? '',
    accessIPv6: inst.access_ip_v6 ?? '',
    links: ctx.links('servers', inst.uuid),
    'OS-DCF:diskConfig': inst.disk_config,
  };
  if (extended) Object.assign(view, extensionAttributes(ctx, inst));
  if (PROGRESS_STATUSES.has(status)) view.progress = inst.progress;
  if (ctx.mv.atLeast('2.9')) view.locked = inst.locked === 1;
  // Nova: host_status in show and list (policy servers:show:host_status, admins); not in update or rebuild.
  if (extended && opts.hostStatus && ctx.mv.atLeast('2.16')) view.host_status = opts.hostStatus(inst.host);
  if (ctx.mv.atLeast('2.19')) view.description = inst.display_description;
  // Nova: tags in show, list, update and rebuild alike.
  if (ctx.mv.atLeast('2.26')) view.tags = tagsOf(inst);
  if (ctx.mv.atLeast('2.73')) view.locked_reason = inst.locked_reason;
  const fault = faultView(ctx, inst, status);
  if (fault) view.fault = fault;
  return view;
}

/** What Nova's v2 extensions add to a server in show and list views. */
function extensionAttributes(ctx: RequestContext, inst: Instance): Json {
  const view: Json = {
    'OS-EXT-AZ:availability_zone': inst.availability_zone ?? '',
    config_drive: inst.config_drive,
    key_name: inst.key_name,
    'OS-SRV-USG:launched_at': isoMicros(inst.launched_at),
    'OS-SRV-USG:terminated_at': isoMicros(inst.terminated_at),
    'OS-EXT-STS:task_state': inst.task_state,
    'OS-EXT-STS:vm_state': inst.vm_state,
    'OS-EXT-STS:power_state': inst.power_state,
    'os-extended-volumes:volumes_attached': volumesAttached(ctx, inst),
  };
  // Nova (views/servers.py _add_security_grps): a server in no security group has no key at all.
  const groups = JSON.parse(inst.security_groups) as string[];
  if (groups.length > 0) view.security_groups = groups.map((name) => ({ name }));
  if (ctx.isAdmin) Object.assign(view, adminAttributes(ctx, inst));
  return view;
}

/** From the row's own list (kept with each attach and detach): no query per server in lists. 2.3 adds delete_on_termination. */
function volumesAttached(ctx: RequestContext, inst: Instance): Json[] {
  const list = JSON.parse(inst.volumes_attached || '[]') as Array<{ id: string; delete_on_termination: boolean }>;
  return ctx.mv.atLeast('2.3') ? list : list.map(({ id }) => ({ id }));
}

/** Addresses with only version and addr (Nova's ips API and the update/rebuild views). */
export function plainAddresses(json: string): Record<string, Array<{ version: number; addr: string }>> {
  const out: Record<string, Array<{ version: number; addr: string }>> = {};
  for (const [label, list] of Object.entries(JSON.parse(json) as Record<string, Array<{ version: number; addr: string }>>)) {
    out[label] = list.map((a) => ({ version: a.version, addr: a.addr }));
  }
  return out;
}

function flavorView(ctx: RequestContext, f: ReturnType<typeof parseFlavor>): Json {
  if (ctx.mv.atLeast('2.47')) {
    return {
      vcpus: f.vcpus, ram: f.memory_mb, disk: f.root_gb, ephemeral: f.ephemeral_gb, swap: f.swap, original_name: f.name,
      ...(ctx.isAdmin || ctx.mv.atLeast('2.47') ? { extra_specs: f.extra_specs } : {}),
    };
  }
  return { id: f.id, links: [{ href: ctx.bookmarkLink('flavors', f.id), rel: 'bookmark' }] };
}

function adminAttributes(ctx: RequestContext, inst: Instance): Json {
  const attrs: Json = {
    'OS-EXT-SRV-ATTR:host': inst.host,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': inst.node,
    'OS-EXT-SRV-ATTR:instance_name': instanceName(inst.id),
  };
  if (ctx.mv.atLeast('2.3')) {
    Object.assign(attrs, {
      'OS-EXT-SRV-ATTR:reservation_id': inst.reservation_id,
      'OS-EXT-SRV-ATTR:launch_index': inst.launch_index,
      'OS-EXT-SRV-ATTR:kernel_id': inst.kernel_id,
      'OS-EXT-SRV-ATTR:ramdisk_id': inst.ramdisk_id,
      'OS-EXT-SRV-ATTR:hostname': inst.hostname,
      'OS-EXT-SRV-ATTR:root_device_name': inst.root_device_name,
      'OS-EXT-SRV-ATTR:user_data': inst.user_data,
    });
  }
  return attrs;
}

/** Nova shows the fault of ERROR and DELETED servers; details of a 500 only to admins. */
function faultView(ctx: RequestContext, inst: Instance, status: string): Json | null {
  if (!inst.fault || (status !== 'ERROR' && status !== 'DELETED')) return null;
  const f = JSON.parse(inst.fault) as { code: number; message: string; details: string; created: string };
  const view: Json = { code: f.code, message: f.message, created: isoSeconds(f.created) };
  if (f.code !== 500 || ctx.isAdmin) view.details = f.details;
  return view;
}
