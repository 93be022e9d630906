/** Availability zone views: `availabilityZoneInfo[]{zoneName, zoneState{available}, hosts}`. */
import type { Zone, ZoneService } from '../../../compute/host-admin.js';
import { isoMicros } from '../../../util/time.js';

type Body = Record<string, unknown>;

const serviceView = (s: ZoneService): Body => ({ available: s.available, active: s.active, updated_at: isoMicros(s.updatedAt) });

function hostsView(hosts: Zone['hosts']): Body | null {
  if (hosts === null) return null;
  const out: Body = {};
  for (const [host, binaries] of Object.entries(hosts)) {
    out[host] = Object.fromEntries(Object.entries(binaries).map(([binary, s]) => [binary, serviceView(s)]));
  }
  return out;
}

export function zoneList(zones: readonly Zone[]): { availabilityZoneInfo: Body[] } {
  return {
    availabilityZoneInfo: zones.map((z) => ({ zoneName: z.name, zoneState: { available: z.available }, hosts: hostsView(z.hosts) })),
  };
}
