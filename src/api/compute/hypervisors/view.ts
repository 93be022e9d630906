/** Hypervisor views (Nova: HypervisorsController._view_hypervisor). */
import { type Hypervisor, uptimeLine } from '../../../compute/hypervisor-admin.js';
import { instanceName } from '../../../compute/instance-store.js';
import type { RequestContext } from '../../context.js';

type Body = Record<string, unknown>;

/** What Nova's fake virt driver reports as the host CPU, as the JSON text Nova stores. */
export const FAKE_CPU_INFO = {
  arch: 'x86_64', model: 'Nehalem', vendor: 'Intel', features: ['pge', 'clflush'], topology: { cores: 1, threads: 1, sockets: 4 },
};
/** Python's json.dumps spacing, as in Nova's samples. */
const CPU_INFO_TEXT = JSON.stringify(FAKE_CPU_INFO).replace(/([,:])(?=["{[\d])/g, '$1 ');

export const HYPERVISOR_TYPE = 'fake';
/** Nova's fake driver: versionutils.convert_version_to_int('1.0') */
export const HYPERVISOR_VERSION = 1000;

/** id, hypervisor_hostname, state, status (2.53: the node's uuid as id). */
export function summary(ctx: RequestContext, h: Hypervisor): Body {
  return {
    id: ctx.mv.atLeast('2.53') ? h.node.uuid : h.node.id,
    hypervisor_hostname: h.node.hypervisor_hostname,
    state: h.up ? 'up' : 'down',
    status: h.service.disabled ? 'disabled' : 'enabled',
  };
}

/** The summary with the node's capacity, usage and service. */
export function detail(ctx: RequestContext, h: Hypervisor): Body {
  const n = h.node;
  const out: Body = {
    ...summary(ctx, h),
    hypervisor_type: HYPERVISOR_TYPE,
    hypervisor_version: HYPERVISOR_VERSION,
    host_ip: n.host_ip,
    service: { host: n.host, id: ctx.mv.atLeast('2.53') ? h.service.uuid : h.service.id, disabled_reason: h.service.disabled_reason },
  };
  if (ctx.mv.atMost('2.87')) {
    Object.assign(out, {
      vcpus: n.vcpus, memory_mb: n.memory_mb, local_gb: n.local_gb, vcpus_used: n.vcpus_used, memory_mb_used: n.memory_mb_used,
      local_gb_used: n.local_gb_used, free_ram_mb: n.memory_mb - n.memory_mb_used, free_disk_gb: n.local_gb - n.local_gb_used,
      current_workload: h.currentWorkload, running_vms: n.running_vms,
      // Nova's fake driver reports a fixed value; a simulated host's least available disk is its free disk.
      disk_available_least: n.local_gb - n.local_gb_used,
      // Nova: 2.28 turned cpu_info from the stored JSON text into an object.
      cpu_info: ctx.mv.atLeast('2.28') ? FAKE_CPU_INFO : CPU_INFO_TEXT,
    });
  } else {
    // Nova 2.88: the host's uptime joins the detail view (null when its compute service is down).
    out.uptime = h.up ? uptimeLine(new Date(), new Date(n.created_at)) : null;
  }
  return out;
}

/** The summary with `servers[{name, uuid}]`, left out when the host has none (before 2.75). */
export function withServers(ctx: RequestContext, h: Hypervisor): Body {
  const out = summary(ctx, h);
  const servers = h.servers ?? [];
  if (servers.length > 0 || ctx.mv.atLeast('2.75')) {
    out.servers = servers.map((s) => ({ name: instanceName(s.id), uuid: s.uuid }));
  }
  return out;
}

/** 2.53 with_servers: the hosted servers appended to any view (left out when none, before 2.75). */
export function withServerList(ctx: RequestContext, body: unknown, h: Hypervisor, requested: boolean): unknown {
  if (!requested) return body;
  const servers = h.servers ?? [];
  if (servers.length === 0 && !ctx.mv.atLeast('2.75')) return body;
  return { ...(body as Body), servers: servers.map((s) => ({ name: instanceName(s.id), uuid: s.uuid })) };
}
