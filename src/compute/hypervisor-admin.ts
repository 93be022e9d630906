/**
 * Hypervisors (Nova: os-hypervisors over HostAPI): the compute nodes with their compute service,
 * their usage counters (kept by the scheduler's claims) and the servers placed on them.
 */
import { badRequest, notFound } from '../errors.js';
import type { ComputeNode, Instance, Service } from '../store/schema.js';
import type { HostService } from './hosts.js';

/** A compute node as os-hypervisors shows it. */
export interface Hypervisor {
  readonly node: ComputeNode;
  readonly service: Service;
  readonly up: boolean;
  /** servers in a build, resize, rebuild, snapshot, rescue or shelve (Nova: stats current_workload) */
  readonly currentWorkload: number;
  /** the servers on the host, when asked for */
  readonly servers?: readonly Instance[];
}

/** GET /os-hypervisors/statistics: the sums over enabled compute nodes. */
export interface HypervisorStatistics {
  count: number;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  free_ram_mb: number;
  free_disk_gb: number;
  current_workload: number;
  running_vms: number;
  disk_available_least: number;
}

/** Nova: compute/stats.py _is_workload_state. */
const WORKLOAD_TASKS = new Set([
  'resize_migrating', 'rebuilding', 'resize_prep', 'image_snapshot', 'image_backup', 'rescuing', 'unshelving', 'shelving',
]);
const isWorkload = (i: Instance): boolean => i.vm_state === 'building' || (i.task_state !== null && WORKLOAD_TASKS.has(i.task_state));

export const hypervisorNotFound = (id: string) => notFound(`Hypervisor with ID '${id}' could not be found.`);
const noMatch = (pattern: string) => notFound(`No hypervisor matching '${pattern}' could be found.`);

/** SQL LIKE '%pattern%' as Nova's compute_node_search_by_hypervisor does it (case-insensitive, as MySQL). */
function likeMatcher(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^.*${body}.*$`, 'is');
}

export class HypervisorAdmin {
  constructor(private readonly hosts: HostService) {}

  /** Every compute node that still has its compute service, by id (with its servers: 2.53 with_servers). */
  async list(withServers = false): Promise<Hypervisor[]> {
    return this.#view(await this.hosts.nodes(), withServers);
  }

  /** One by its uuid (2.53); the API has checked that `uuid` is one. */
  async getByUuid(uuid: string, withServers = false): Promise<Hypervisor> {
    const node = (await this.hosts.nodes()).find((n) => n.uuid === uuid);
    const [hyp] = node ? await this.#view([node], withServers) : [];
    if (!hyp) throw hypervisorNotFound(uuid);
    return hyp;
  }

  /** One by its integer id (at 2.1 the id must be an integer, else it is simply not found). */
  async get(id: string): Promise<Hypervisor> {
    if (!/^\s*[-+]?\d+\s*$/.test(id)) throw hypervisorNotFound(id);
    const node = await this.hosts.nodeById(Number(id));
    const [hyp] = node ? await this.#view([node], false) : [];
    if (!hyp) throw hypervisorNotFound(id);
    return hyp;
  }

  /** Nodes whose hypervisor_hostname contains `pattern`; 404 when none does. */
  async search(pattern: string, withServers: boolean): Promise<Hypervisor[]> {
    const like = likeMatcher(pattern);
    const nodes = (await this.hosts.nodes()).filter((n) => like.test(n.hypervisor_hostname));
    if (nodes.length === 0) throw noMatch(pattern);
    return this.#view(nodes, withServers);
  }

  /** The host's uptime line, in the format of uptime(1); the simulated host booted when it was created. */
  async uptime(id: string): Promise<{ hypervisor: Hypervisor; uptime: string }> {
    return this.uptimeOf(await this.get(id));
  }

  uptimeOf(hyp: Hypervisor): { hypervisor: Hypervisor; uptime: string } {
    if (!hyp.up) throw badRequest(`Compute service of ${hyp.node.host} is unavailable at this time.`);
    return { hypervisor: hyp, uptime: uptimeLine(new Date(), new Date(hyp.node.created_at)) };
  }

  /** Sums over the nodes of enabled compute services (Nova: compute_node_statistics). */
  async statistics(): Promise<HypervisorStatistics> {
    const hyps = (await this.list()).filter((h) => !h.service.disabled);
    const s: HypervisorStatistics = {
      count: 0, vcpus: 0, memory_mb: 0, local_gb: 0, vcpus_used: 0, memory_mb_used: 0, local_gb_used: 0,
      free_ram_mb: 0, free_disk_gb: 0, current_workload: 0, running_vms: 0, disk_available_least: 0,
    };
    for (const h of hyps) {
      const n = h.node;
      s.count += 1;
      s.vcpus += n.vcpus;
      s.memory_mb += n.memory_mb;
      s.local_gb += n.local_gb;
      s.vcpus_used += n.vcpus_used;
      s.memory_mb_used += n.memory_mb_used;
      s.local_gb_used += n.local_gb_used;
      s.free_ram_mb += n.memory_mb - n.memory_mb_used;
      s.free_disk_gb += n.local_gb - n.local_gb_used;
      s.disk_available_least += n.local_gb - n.local_gb_used;
      s.current_workload += h.currentWorkload;
      s.running_vms += n.running_vms;
    }
    return s;
  }

  /** Pairs nodes with their compute service; nodes whose service is gone are left out, as Nova does. */
  async #view(nodes: readonly ComputeNode[], withServers: boolean): Promise<Hypervisor[]> {
    const services = (await this.hosts.services()).filter((s) => s.binary === 'nova-compute');
    const out: Hypervisor[] = [];
    for (const node of nodes) {
      const service = services.find((s) => s.host === node.host);
      if (!service) continue;
      const onHost = await this.hosts.instancesOnHost(node.host);
      out.push({
        node, service, up: this.hosts.isUp(service), currentWorkload: onHost.filter(isWorkload).length,
        ...(withServers ? { servers: onHost } : {}),
      });
    }
    return out;
  }
}

/** ` 08:32:11 up 93 days, 18:25,  0 users,  load average: 0.00, 0.00, 0.00` */
export function uptimeLine(now: Date, bootedAt: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - bootedAt.getTime()) / 60000));
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const dayPart = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ` : '';
  const clockPart = h > 0 ? `${String(h).padStart(2, ' ')}:${String(m).padStart(2, '0')}` : `${m} min`;
  const clock = now.toISOString().slice(11, 19);
  return ` ${clock} up ${dayPart}${clockPart},  0 users,  load average: 0.00, 0.00, 0.00`;
}
