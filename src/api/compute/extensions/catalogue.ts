/**
 * The extensions Novum serves, as the v2-era `/extensions` document names them (Nova keeps this
 * list only for old clients: every entry has the same namespace and date, and no links). The
 * descriptions are Novum's own.
 */

/** One advertised extension: alias, name, description (namespace, date and links are shared). */
export type ExtensionEntry = readonly [alias: string, name: string, description: string];

export const NAMESPACE = 'http://docs.openstack.org/compute/ext/fake_xml';
export const UPDATED = '2014-12-03T00:00:00Z';

export const EXTENSIONS: readonly ExtensionEntry[] = [
  ['OS-DCF', 'DiskConfig', 'Choose AUTO or MANUAL disk partitioning for servers, rebuilds and resizes.'],
  ['OS-EXT-AZ', 'ExtendedAvailabilityZone', 'Shows the availability zone a server landed in.'],
  ['OS-EXT-IMG-SIZE', 'ImageSize', 'Shows the size of images in image listings.'],
  ['OS-EXT-IPS', 'ExtendedIps', 'Marks each server address as fixed or floating.'],
  ['OS-EXT-IPS-MAC', 'ExtendedIpsMac', 'Shows the MAC address behind each server address.'],
  ['OS-EXT-SRV-ATTR', 'ExtendedServerAttributes', 'Shows host, hypervisor and instance name of servers to admins.'],
  ['OS-EXT-STS', 'ExtendedStatus', 'Shows the vm, task and power state of servers.'],
  ['OS-FLV-DISABLED', 'FlavorDisabled', 'Shows whether a flavor is disabled.'],
  ['OS-FLV-EXT-DATA', 'FlavorExtraData', 'Shows the ephemeral disk size of flavors.'],
  ['OS-SCH-HNT', 'SchedulerHints', 'Passes free-form hints to the scheduler at server creation.'],
  ['OS-SRV-USG', 'ServerUsage', 'Shows when a server was launched and terminated.'],
  ['os-access-ips', 'AccessIPs', 'Stores an IPv4 and an IPv6 access address on servers.'],
  ['os-admin-actions', 'AdminActions', 'Admin-only server actions: reset state and network.'],
  ['os-admin-password', 'AdminPassword', 'Changes the administrator password of a server.'],
  ['os-availability-zone', 'AvailabilityZone', 'Lists availability zones and takes one at server creation.'],
  ['os-block-device-mapping', 'BlockDeviceMapping', 'Boots servers with block device mappings.'],
  ['os-block-device-mapping-v2-boot', 'BlockDeviceMappingV2Boot', 'Boots servers with the newer block device mapping format.'],
  ['os-config-drive', 'ConfigDrive', 'Attaches a configuration drive to servers on request.'],
  ['os-console-output', 'ConsoleOutput', 'Reads a server console log, optionally only its last lines.'],
  ['os-consoles', 'Consoles', 'Gives URLs for interactive server consoles.'],
  ['os-create-backup', 'CreateBackup', 'Takes rotating backup images of a server.'],
  ['os-create-server-ext', 'Createserverext', 'Extra parameters for the server create call.'],
  ['os-deferred-delete', 'DeferredDelete', 'Restores or force-deletes servers awaiting reclamation.'],
  ['os-evacuate', 'Evacuate', 'Rebuilds a server from a failed host on another one.'],
  ['os-extended-evacuate-find-host', 'ExtendedEvacuateFindHost', 'Lets the scheduler pick the target host of an evacuation.'],
  ['os-extended-hypervisors', 'ExtendedHypervisors', 'Shows the host IP of hypervisors.'],
  ['os-extended-quotas', 'ExtendedQuotas', 'Lets admins delete quotas and force quota updates.'],
  ['os-extended-rescue-with-image', 'ExtendedRescueWithImage', 'Rescues a server with an image of choice.'],
  ['os-extended-services', 'ExtendedServices', 'Records why a compute service was disabled.'],
  ['os-extended-services-delete', 'ExtendedServicesDelete', 'Deletes compute service records.'],
  ['os-extended-status', 'ExtendedStatus', 'Shows the vm, task and power state of servers.'],
  ['os-extended-volumes', 'ExtendedVolumes', 'Lists the volumes attached to each server.'],
  ['os-flavor-access', 'FlavorAccess', 'Private flavors and the projects allowed to use them.'],
  ['os-flavor-extra-specs', 'FlavorExtraSpecs', 'Key/value extra specs on flavors.'],
  ['os-flavor-manage', 'FlavorManage', 'Creates and deletes flavors.'],
  ['os-flavor-rxtx', 'FlavorRxtx', 'Shows the network bandwidth factor of flavors.'],
  ['os-flavor-swap', 'FlavorSwap', 'Shows the swap size of flavors.'],
  ['os-floating-ip-pools', 'FloatingIpPools', 'Lists floating IP pools.'],
  ['os-floating-ips', 'FloatingIps', 'Allocates floating IPs and associates them with servers.'],
  ['os-hosts', 'Hosts', 'Admin-only host listing and administration.'],
  ['os-hypervisor-status', 'HypervisorStatus', 'Shows the state and status of hypervisors.'],
  ['os-hypervisors', 'Hypervisors', 'Admin-only hypervisor listing and statistics.'],
  ['os-instance-actions', 'InstanceActions', 'The log of actions and events on each server.'],
  ['os-keypairs', 'Keypairs', 'Creates, imports and lists SSH key pairs.'],
  ['os-lock-server', 'LockServer', 'Locks and unlocks servers.'],
  ['os-migrate-server', 'MigrateServer', 'Cold and live migration of servers.'],
  ['os-migrations', 'Migrations', 'Lists server migrations.'],
  ['os-multiple-create', 'MultipleCreate', 'Creates several servers in one request.'],
  ['os-pause-server', 'PauseServer', 'Pauses and unpauses servers.'],
  ['os-personality', 'Personality', 'Injects files into servers at creation and rebuild.'],
  ['os-preserve-ephemeral-rebuild', 'PreserveEphemeralOnRebuild', 'Keeps the ephemeral disk across a rebuild.'],
  ['os-quota-class-sets', 'QuotaClasses', 'Reads and sets the default quota class.'],
  ['os-quota-sets', 'Quotas', 'Reads and sets per-project quotas.'],
  ['os-rescue', 'Rescue', 'Boots a server from a rescue image and back.'],
  ['os-server-diagnostics', 'ServerDiagnostics', 'Hypervisor diagnostics of a server, for admins.'],
  ['os-server-group-quotas', 'ServerGroupQuotas', 'Quotas on server groups and their members.'],
  ['os-server-groups', 'ServerGroups', 'Affinity and anti-affinity groups of servers.'],
  ['os-server-list-multi-status', 'ServerListMultiStatus', 'Filters the server list by several statuses at once.'],
  ['os-server-password', 'ServerPassword', 'Reads and clears the encrypted password a server posted.'],
  ['os-server-sort-keys', 'ServerSortKeys', 'Sorts the server list by chosen keys and directions.'],
  ['os-server-start-stop', 'ServerStartStop', 'Starts and stops servers.'],
  ['os-services', 'Services', 'Lists, enables and disables compute services.'],
  ['os-shelve', 'Shelve', 'Shelves, offloads and unshelves servers.'],
  ['os-simple-tenant-usage', 'SimpleTenantUsage', 'Usage of projects over a period of time.'],
  ['os-suspend-server', 'SuspendServer', 'Suspends and resumes servers.'],
  ['os-used-limits', 'UsedLimits', 'Adds current usage to the limits document.'],
  ['os-used-limits-for-admin', 'UsedLimitsForAdmin', "Lets admins read another project's limits and usage."],
  ['os-user-data', 'UserData', 'Passes user data to servers at creation.'],
  ['os-virtual-interfaces', 'VirtualInterfaces', 'Lists the virtual network interfaces of servers.'],
  ['os-volumes', 'Volumes', 'Volumes, snapshots and their attachment to servers.'],
];

/** Listed on the legacy /v2 endpoint only, as Nova's v2-compatible document does. */
export const LEGACY_ONLY: readonly ExtensionEntry[] = [
  ['OS-EXT-VIF-NET', 'ExtendedVIFNet', 'Shows the network id of each virtual interface.'],
];
