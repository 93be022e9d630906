/**
 * The flavor extra specs Nova knows (nova/api/validation/extra_specs/*), as data: a name (or a
 * name pattern) and the values it accepts. Validation applies from microversion 2.86; see
 * extra-spec-validation.ts. The standard resource classes and traits are not listed one by one:
 * any upper-case name is taken (Novum is more lenient there than Nova).
 */

/** What a spec's value must be: a string (of an enum, or matching a pattern), an integer in range, a boolean. */
export type ValueRule =
  | { readonly type: 'str'; readonly enum?: readonly string[]; readonly pattern?: string }
  | { readonly type: 'int'; readonly min?: number; readonly max?: number }
  | { readonly type: 'bool' };

/** Names whose value is any string. */
export const FREE_STRING_SPECS: readonly string[] = [
  'accel:device_profile', 'capabilities:id', 'capabilities:uuid', 'capabilities:service_id', 'capabilities:host',
  'capabilities:vcpus', 'capabilities:memory_mb', 'capabilities:local_gb', 'capabilities:vcpus_used',
  'capabilities:memory_mb_used', 'capabilities:local_gb_used', 'capabilities:hypervisor_type',
  'capabilities:hypervisor_version', 'capabilities:hypervisor_hostname', 'capabilities:free_ram_mb',
  'capabilities:free_disk_gb', 'capabilities:current_workload', 'capabilities:running_vms',
  'capabilities:disk_available_least', 'capabilities:host_ip', 'capabilities:mapped',
  'capabilities:cpu_allocation_ratio', 'capabilities:ram_allocation_ratio', 'capabilities:disk_allocation_ratio',
  'capabilities:total_usable_ram_mb', 'capabilities:total_usable_disk_gb', 'capabilities:disk_mb_used',
  'capabilities:free_disk_mb', 'capabilities:vcpus_total', 'capabilities:vcpus_used', 'capabilities:num_instances',
  'capabilities:num_io_ops', 'capabilities:failed_builds', 'capabilities:aggregates', 'capabilities:cell_uuid',
  'capabilities:updated', 'vmware:hw_version', 'vmware:storage_policy',
];

/** Names with a rule for the value. */
export const SPEC_RULES: ReadonlyArray<readonly [string, ValueRule]> = [
  ['hw:cpu_realtime', { type: 'bool' }],
  ['hw:cpu_realtime_mask', { type: 'str', pattern: '(\\^)?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' }],
  ['hw:hide_hypervisor_id', { type: 'bool' }],
  ['hw:cpu_policy', { type: 'str', enum: ['dedicated', 'shared', 'mixed'] }],
  ['hw:cpu_thread_policy', { type: 'str', enum: ['prefer', 'isolate', 'require'] }],
  ['hw:emulator_threads_policy', { type: 'str', enum: ['isolate', 'share'] }],
  ['hw:cpu_dedicated_mask', { type: 'str', pattern: '\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' }],
  ['hw:mem_page_size', { type: 'str', pattern: '(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)' }],
  ['hw:locked_memory', { type: 'bool' }],
  ['hw:numa_nodes', { type: 'int', min: 1 }],
  ['hw:pci_numa_affinity_policy', { type: 'str', enum: ['required', 'preferred', 'legacy', 'socket'] }],
  ['hw:cpu_sockets', { type: 'int', min: 1 }],
  ['hw:cpu_cores', { type: 'int', min: 1 }],
  ['hw:cpu_threads', { type: 'int', min: 1 }],
  ['hw:cpu_max_sockets', { type: 'int', min: 1 }],
  ['hw:cpu_max_cores', { type: 'int', min: 1 }],
  ['hw:cpu_max_threads', { type: 'int', min: 1 }],
  ['hw:boot_menu', { type: 'bool' }],
  ['hw:vif_multiqueue_enabled', { type: 'bool' }],
  ['hw:mem_encryption', { type: 'bool' }],
  ['hw:mem_encryption_model', { type: 'str', enum: ['amd-sev', 'amd-sev-es', 'amd-sev-snp'] }],
  ['hw:pmem', { type: 'str', pattern: '([a-zA-Z0-9_]+(,)?)+' }],
  ['hw:pmu', { type: 'bool' }],
  ['hw:serial_port_count', { type: 'int', min: 0 }],
  ['hw:tpm_model', { type: 'str', enum: ['tpm-tis', 'tpm-crb'] }],
  ['hw:tpm_version', { type: 'str', enum: ['1.2', '2.0'] }],
  ['hw:tpm_secret_security', { type: 'str', enum: ['user', 'host', 'deployment'] }],
  ['hw:watchdog_action', { type: 'str', enum: ['none', 'pause', 'poweroff', 'reset', 'disabled'] }],
  ['hw:viommu_model', { type: 'str', enum: ['intel', 'smmuv3', 'virtio', 'auto'] }],
  ['hw:virtio_packed_ring', { type: 'bool' }],
  ['hw:sound_model', { type: 'str', enum: ['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich9', 'usb', 'virtio'] }],
  ['hw:usb_model', { type: 'str', enum: ['none', 'nec-xhci', 'qemu-xhci'] }],
  ['hw:redirected_usb_ports', { type: 'int', min: 0, max: 15 }],
  ['hw:ephemeral_encryption', { type: 'bool' }],
  ['hw:ephemeral_encryption_format', { type: 'str', enum: ['plain', 'luks', 'luksv2'] }],
  ['hw_rng:allowed', { type: 'bool' }],
  ['hw_rng:rate_bytes', { type: 'int', min: 0 }],
  ['hw_rng:rate_period', { type: 'int', min: 0 }],
  ['hw_video:ram_max_mb', { type: 'int', min: 0 }],
  ['hide_hypervisor_id', { type: 'bool' }],
  ['group_policy', { type: 'str', enum: ['isolate', 'none'] }],
  ['os:secure_boot', { type: 'str', enum: ['disabled', 'required'] }],
  ['pci_passthrough:alias', { type: 'str', pattern: '[^:]+:\\d+(?:\\s*,\\s*[^:]+:\\d+)*' }],
  ['quota:cpu_limit', { type: 'int', min: 0 }],
  ['quota:cpu_reservation', { type: 'int' }],
  ['quota:cpu_shares_level', { type: 'str', enum: ['custom', 'high', 'normal', 'low'] }],
  ['quota:cpu_shares_share', { type: 'int', min: 0 }],
  ['quota:memory_limit', { type: 'int', min: 0 }],
  ['quota:memory_reservation', { type: 'int' }],
  ['quota:memory_shares_level', { type: 'str', enum: ['custom', 'high', 'normal', 'low'] }],
  ['quota:memory_shares_share', { type: 'int', min: 0 }],
  ['quota:disk_io_limit', { type: 'int', min: 0 }],
  ['quota:disk_io_reservation', { type: 'int' }],
  ['quota:disk_io_shares_level', { type: 'str', enum: ['custom', 'high', 'normal', 'low'] }],
  ['quota:disk_io_shares_share', { type: 'int', min: 0 }],
  ['quota:vif_limit', { type: 'int', min: 0 }],
  ['quota:vif_reservation', { type: 'int' }],
  ['quota:vif_shares_level', { type: 'str', enum: ['custom', 'high', 'normal', 'low'] }],
  ['quota:vif_shares_share', { type: 'int', min: 0 }],
  ['quota:cpu_shares', { type: 'int', min: 0 }],
  ['quota:cpu_period', { type: 'int', min: 0 }],
  ['quota:cpu_quota', { type: 'int' }],
  ['quota:disk_read_bytes_sec', { type: 'int', min: 0 }],
  ['quota:disk_read_iops_sec', { type: 'int', min: 0 }],
  ['quota:disk_write_bytes_sec', { type: 'int', min: 0 }],
  ['quota:disk_write_iops_sec', { type: 'int', min: 0 }],
  ['quota:disk_total_bytes_sec', { type: 'int', min: 0 }],
  ['quota:disk_total_iops_sec', { type: 'int', min: 0 }],
  ['quota:vif_inbound_average', { type: 'int', min: 0 }],
  ['quota:vif_inbound_peak', { type: 'int', min: 0 }],
  ['quota:vif_inbound_burst', { type: 'int', min: 0 }],
  ['quota:vif_outbound_average', { type: 'int', min: 0 }],
  ['quota:vif_outbound_peak', { type: 'int', min: 0 }],
  ['quota:vif_outbound_burst', { type: 'int', min: 0 }],];

/** Name patterns (matched whole) with a rule for the value. */
export const SPEC_PATTERNS: ReadonlyArray<readonly [string, ValueRule]> = [
  ['aggregate_instance_extra_specs:(?:.+)', { type: 'str' }],
  ['capabilities:cpu_info(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:metrics(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:stats(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:numa_topology(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:supported_hv_specs(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:pci_device_pools(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:nodename(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:pci_stats(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:supported_instances(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:limits(?:(:\\w+)*)', { type: 'str' }],
  ['capabilities:instances(?:(:\\w+)*)', { type: 'str' }],
  ['hw:numa_cpus.(?:\\d+)', { type: 'str', pattern: '\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' }],
  ['hw:numa_mem.(?:\\d+)', { type: 'int', min: 1 }],
  ['resources(?:[a-zA-Z0-9_-]{1,64})?:[A-Z0-9_]+', { type: 'int' }],
  ['trait(?:[a-zA-Z0-9_-]{1,64})?:[A-Z0-9_]+', { type: 'str', enum: ['required', 'forbidden'] }],
];

/** Namespaces (the part before the first ':', matched whole) in which an unknown name is refused. */
export const KNOWN_NAMESPACES: readonly string[] = [
  'accel', 'aggregate_instance_extra_specs', 'capabilities', 'hw', 'hw_rng', 'hw_video', 'os', 'pci_passthrough',
  'quota', 'resources(?:[a-zA-Z0-9_-]{1,64})?', 'trait(?:[a-zA-Z0-9_-]{1,64})?', 'vmware',
];
