/**
 * The server as Nova shows it (nova/api/openstack/compute/views/servers.py plus every extension
 * attribute of the v2 era). What a microversion adds is a visible `ctx.mv.atLeast` branch.
 */
import { createHash } from 'node:crypto';
import { parseFlavor } from '../../../compute/embedded-flavor.js';
import { instanceName } from '../../../compute/instance-store.js';
import { trustedCertsOf } from '../../../compute/server-extras.js';
import { tagsOf } from '../../../compute/server-tags.js';
import { statusOf } from '../../../compute/states.js';
import type { Instance } from '../../../store/schema.js';
import { isoMicros, isoSeconds } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';

type Json = Record<string, unknown>;

/** Statuses whose progress Nova shows (views/servers.py _get_progress). */
const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);

/** hostId by project id + host: few pairs, each hashed once (bounded: cleared when full). */
const HOST_IDS = new Map<string, string>();

/** Nova: sha224 of project id + host, '' without a host. */
export function hostId(projectId: string, host: string | null): string {
  if (!host) return '';
  const key = projectId + host;
  let id = HOST_IDS.get(key);
  if (id === undefined) {
    id = createHash('sha224').update(key).digest('hex');
    if (HOST_IDS.size >= 10_000) HOST_IDS.clear();
    HOST_IDS.set(key, id);
  }
  return id;
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
  /** 2.71: the server's groups, in show, update and rebuild (not in lists) */
  readonly serverGroups?: readonly string[];
  /** the rebuild answer: key_name from 2.54, `user_data` from 2.57 instead of the admin attribute */
  readonly rebuild?: boolean;
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
  if (extended) Object.assign(view, extensionAttributes(ctx, inst, !opts.rebuild));
  // Nova: the rebuild answer shows the (new) key name from 2.54 even without the extension attributes.
  if (opts.rebuild && ctx.mv.atLeast('2.54')) view.key_name = inst.key_name;
  if (PROGRESS_STATUSES.has(status)) view.progress = inst.progress;
  if (ctx.mv.atLeast('2.9')) view.locked = inst.locked === 1;
  // Nova: host_status in show and list (policy servers:show:host_status, admins); in update and rebuild from 2.75.
  if (extended && opts.hostStatus && ctx.mv.atLeast('2.16')) view.host_status = opts.hostStatus(inst.host);
  if (ctx.mv.atLeast('2.19')) view.description = inst.display_description;
  // Nova: tags in show, list, update and rebuild alike.
  if (ctx.mv.atLeast('2.26')) view.tags = tagsOf(inst);
  Object.assign(view, laterAttributes(ctx, inst, opts, extended));
  const fault = faultView(ctx, inst, status);
  if (fault) view.fault = fault;
  return view;
}

/** What microversions from 2.63 add to every detailed view. */
function laterAttributes(ctx: RequestContext, inst: Instance, opts: DetailOptions, extended: boolean): Json {
  const view: Json = {};
  if (ctx.mv.atLeast('2.63')) view.trusted_image_certificates = trustedCertsOf(inst);
  if (opts.serverGroups && ctx.mv.atLeast('2.71')) view.server_groups = [...opts.serverGroups];
  if (ctx.mv.atLeast('2.73')) view.locked_reason = inst.locked_reason;
  // Nova: 2.90 shows the hostname to everyone; admins have it among the extended attributes.
  if (ctx.mv.atLeast('2.90') && !(extended && ctx.isAdmin)) view['OS-EXT-SRV-ATTR:hostname'] = inst.hostname;
  if (opts.rebuild && ctx.mv.atLeast('2.57')) view.user_data = inst.user_data;
  return view;
}

/** What Nova's v2 extensions add to a server in show and list views (`userData`: not in the rebuild answer). */
function extensionAttributes(ctx: RequestContext, inst: Instance, userData: boolean): Json {
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
  if (ctx.isAdmin) Object.assign(view, adminAttributes(ctx, inst, userData));
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

function adminAttributes(ctx: RequestContext, inst: Instance, userData: boolean): Json {
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
    });
    if (userData) attrs['OS-EXT-SRV-ATTR:user_data'] = inst.user_data;
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
