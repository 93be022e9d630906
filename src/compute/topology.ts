/**
 * A server's NUMA topology (2.78, Nova: server_topology.py from instance.numa_topology). Simulated
 * guests have one only when their flavor asks for it (hw:numa_nodes, hw:cpu_policy=dedicated or
 * hw:mem_page_size): the vCPUs and memory are split evenly over the nodes, as Nova's default
 * fitting does; a dedicated policy pins vCPU n to host CPU n.
 */
import type { Instance } from '../store/schema.js';
import { parseFlavor } from './embedded-flavor.js';

/** One guest NUMA node; host_node and cpu_pinning only for admins. */
export interface TopologyNode {
  readonly vcpu_set: number[];
  readonly siblings: number[][];
  readonly memory_mb: number;
  readonly host_node?: number;
  readonly cpu_pinning?: Record<string, number>;
}

export interface ServerTopology {
  readonly nodes: TopologyNode[];
  readonly pagesize_kb: number | null;
}

/** Nova's hw:mem_page_size names and sizes, in KiB. */
function pageSizeKb(v: string | undefined): number | null {
  if (v === undefined) return null;
  if (v === 'small' || v === 'any') return 4;
  if (v === 'large') return 2048;
  const m = /^(\d+)\s*(KB|K|MB|M|GB|G)?$/i.exec(v.trim());
  if (!m) return null;
  const unit = (m[2] ?? 'K').toUpperCase()[0];
  return Number(m[1]) * (unit === 'G' ? 1024 * 1024 : unit === 'M' ? 1024 : 1);
}

export function serverTopology(inst: Instance, showHost: boolean): ServerTopology {
  const f = parseFlavor(inst.flavor);
  const specs = f.extra_specs;
  const dedicated = specs['hw:cpu_policy'] === 'dedicated';
  const pagesize = pageSizeKb(specs['hw:mem_page_size']);
  if (specs['hw:numa_nodes'] === undefined && !dedicated && pagesize === null) return { nodes: [], pagesize_kb: null };
  const count = Math.max(1, Math.min(Number(specs['hw:numa_nodes'] ?? 1) || 1, f.vcpus));
  const nodes: TopologyNode[] = [];
  for (let n = 0; n < count; n++) {
    const vcpus = Array.from({ length: f.vcpus }, (_, i) => i).filter((i) => Math.floor((i * count) / f.vcpus) === n);
    const node: TopologyNode = {
      vcpu_set: vcpus, siblings: [], memory_mb: Math.floor(f.memory_mb / count),
      ...(showHost ? { host_node: n, cpu_pinning: dedicated ? Object.fromEntries(vcpus.map((v) => [String(v), v])) : {} } : {}),
    };
    nodes.push(node);
  }
  return { nodes, pagesize_kb: pagesize };
}
