/** The copy of a flavor a server keeps (Nova: instance.flavor), stored as JSON on the instance row. */
import type { Flavor } from './flavors.js';

export interface EmbeddedFlavor {
  readonly id: string;
  /** the flavor row's integer id (Nova's instance_type_id in migrations) */
  readonly internal_id?: number;
  readonly name: string;
  readonly memory_mb: number;
  readonly vcpus: number;
  readonly root_gb: number;
  readonly ephemeral_gb: number;
  readonly swap: number;
  readonly rxtx_factor: number;
  readonly extra_specs: Readonly<Record<string, string>>;
}

export function embedFlavor(f: Flavor): EmbeddedFlavor {
  return {
    id: f.flavorid, internal_id: f.id, name: f.name, memory_mb: f.memory_mb, vcpus: f.vcpus, root_gb: f.root_gb,
    ephemeral_gb: f.ephemeral_gb, swap: f.swap, rxtx_factor: f.rxtx_factor, extra_specs: { ...f.extra_specs },
  };
}

export function parseFlavor(json: string): EmbeddedFlavor {
  return JSON.parse(json) as EmbeddedFlavor;
}

export const resourcesOf = (f: EmbeddedFlavor): { vcpus: number; memoryMb: number; diskGb: number } => ({
  vcpus: f.vcpus, memoryMb: f.memory_mb, diskGb: f.root_gb + f.ephemeral_gb + Math.ceil(f.swap / 1024),
});
