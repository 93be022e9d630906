/**
 * Diagnostics views (Nova: server_diagnostics.py; views/server_diagnostics.py from 2.48): before
 * 2.48 the hypervisor's own flat map (libvirt's keys), from 2.48 the standard body.
 */
import type { ServerDiagnostics } from '../../../network/guest.js';

/** libvirt's flat map: cpuN_time, memory*, <disk>_*, vnetN_* (KiB for memory). */
export function flatDiagnostics(d: ServerDiagnostics): Record<string, number> {
  const memoryKib = d.memoryMb * 1024;
  const out: Record<string, number> = { cpu0_time: d.cpuTimeNs, memory: memoryKib, 'memory-actual': memoryKib, 'memory-rss': Math.floor(memoryKib * 0.46) };
  for (const disk of d.disks) {
    Object.assign(out, {
      [`${disk.name}_read`]: disk.readBytes, [`${disk.name}_read_req`]: disk.readRequests,
      [`${disk.name}_write`]: disk.writeBytes, [`${disk.name}_write_req`]: disk.writeRequests, [`${disk.name}_errors`]: -1,
    });
  }
  d.nics.forEach((n, i) => {
    Object.assign(out, {
      [`vnet${i}_rx`]: n.rxBytes, [`vnet${i}_rx_drop`]: 0, [`vnet${i}_rx_errors`]: 0, [`vnet${i}_rx_packets`]: n.rxPackets,
      [`vnet${i}_tx`]: n.txBytes, [`vnet${i}_tx_drop`]: 0, [`vnet${i}_tx_errors`]: 0, [`vnet${i}_tx_packets`]: n.txPackets,
    });
  });
  return out;
}

/**
 * The 2.48 body. `driver` must be one of Nova's HypervisorDriver values (Tempest's schema checks
 * the enum), so the simulated hypervisor reports itself as libvirt with hypervisor "fake".
 */
export function standardDiagnostics(d: ServerDiagnostics): Record<string, unknown> {
  const perCpu = Math.floor(d.cpuTimeNs / Math.max(1, d.vcpus));
  return {
    state: d.state, driver: 'libvirt', hypervisor: 'fake', hypervisor_os: 'linux', uptime: d.uptimeSeconds,
    config_drive: d.configDrive, num_cpus: d.vcpus, num_nics: d.nics.length, num_disks: d.disks.length,
    cpu_details: Array.from({ length: d.vcpus }, (_v, id) => ({ id, time: perCpu, utilisation: null })),
    nic_details: d.nics.map((n) => ({
      mac_address: n.mac || null, rx_octets: n.rxBytes, rx_errors: 0, rx_drop: 0, rx_packets: n.rxPackets, rx_rate: null,
      tx_octets: n.txBytes, tx_errors: 0, tx_drop: 0, tx_packets: n.txPackets, tx_rate: null,
    })),
    disk_details: d.disks.map((k) => ({
      read_bytes: k.readBytes, read_requests: k.readRequests, write_bytes: k.writeBytes, write_requests: k.writeRequests, errors_count: 0,
    })),
    memory_details: { maximum: d.memoryMb, used: Math.floor(d.memoryMb * 0.46) },
  };
}
