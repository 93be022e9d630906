/**
 * `host_status` of servers (microversion 2.16): the state of the nova-compute service of the
 * server's host, as Nova's compute API _get_host_status reports it.
 */
import type { HostService } from './hosts.js';

/** UP, DOWN (forced down), MAINTENANCE (disabled), UNKNOWN (not reporting), or '' without a host. */
export type HostStatus = 'UP' | 'DOWN' | 'MAINTENANCE' | 'UNKNOWN' | '';

/** Looks up every compute service once: the answer maps a server's host to its status. */
export async function hostStatuses(hosts: HostService): Promise<(host: string | null) => HostStatus> {
  const byHost = new Map<string, HostStatus>();
  for (const s of await hosts.services()) {
    if (s.binary !== 'nova-compute') continue;
    byHost.set(s.host, s.forced_down ? 'DOWN' : s.disabled ? 'MAINTENANCE' : hosts.isUp(s) ? 'UP' : 'UNKNOWN');
  }
  // Nova: a host without a compute service record leaves the status empty.
  return (host) => (host ? byHost.get(host) ?? '' : '');
}
