/** Neutron's resource bodies (networks, subnets, ports, floating IPs, extensions, zones). */
import type { FloatingIpPort, Port } from '../../network/neutron.js';
import { NETWORK_ZONE, NETWORKS, ROUTER_ID, type NetworkDef } from '../../network/topology.js';
import { isoSeconds } from '../../util/time.js';

type Body = Record<string, unknown>;

/** When the simulated networks were "created": Novum's networks exist from the start. */
const BORN = '2026-01-01T00:00:00Z';

const owned = (projectId: string): Body => ({ tenant_id: projectId, project_id: projectId });

export function networkView(n: NetworkDef, owner: string): Body {
  return {
    id: n.id, name: n.name, ...owned(owner), admin_state_up: true, status: 'ACTIVE', subnets: [n.subnet.id],
    // `private` carries every project's servers, so it is shared; `public` is the external network.
    shared: !n.external, 'router:external': n.external, is_default: n.external,
    mtu: n.external ? 1500 : 1450, availability_zone_hints: [], availability_zones: [NETWORK_ZONE],
    ipv4_address_scope: null, ipv6_address_scope: null, port_security_enabled: true, l2_adjacency: true,
    description: '', tags: [], created_at: BORN, updated_at: BORN, revision_number: 1,
  };
}

export function subnetView(n: NetworkDef, owner: string): Body {
  const s = n.subnet;
  return {
    id: s.id, name: s.name, ...owned(owner), network_id: s.networkId, ip_version: 4, subnetpool_id: null,
    enable_dhcp: s.enableDhcp, ipv6_ra_mode: null, ipv6_address_mode: null, gateway_ip: s.gatewayIp, cidr: s.cidr,
    allocation_pools: s.allocationPools.map((p) => ({ start: p.start, end: p.end })), host_routes: [], dns_nameservers: [],
    description: '', service_types: [], tags: [], created_at: BORN, updated_at: BORN, revision_number: 0,
  };
}

export function portView(p: Port): Body {
  return {
    id: p.id, name: '', network_id: p.networkId, ...owned(p.projectId), mac_address: p.mac, admin_state_up: true,
    status: p.active ? 'ACTIVE' : 'DOWN', device_id: p.deviceId, device_owner: `compute:${p.zone}`,
    fixed_ips: [{ subnet_id: p.subnetId, ip_address: p.fixedAddress }], allowed_address_pairs: [], extra_dhcp_opts: [],
    security_groups: [...p.securityGroups], 'binding:vnic_type': 'normal', port_security_enabled: true, description: '', tags: [],
    created_at: isoSeconds(p.createdAt), updated_at: isoSeconds(p.updatedAt), revision_number: 1,
  };
}

export function floatingIpView({ fip, portId }: FloatingIpPort): Body {
  const network = NETWORKS.find((n) => n.name === fip.pool);
  return {
    id: fip.id, ...owned(fip.project_id), floating_ip_address: fip.address, floating_network_id: network?.id ?? null,
    router_id: fip.instance_uuid ? ROUTER_ID : null, port_id: portId, fixed_ip_address: fip.fixed_address,
    status: fip.instance_uuid ? 'ACTIVE' : 'DOWN', description: '', tags: [],
    created_at: isoSeconds(fip.created_at), updated_at: isoSeconds(fip.updated_at), revision_number: 0,
  };
}

interface Extension {
  readonly alias: string;
  readonly name: string;
  readonly description: string;
  readonly updated: string;
}

/** The extensions whose resources or attributes this subset serves. */
export const EXTENSIONS: readonly Extension[] = [
  { alias: 'availability_zone', name: 'Availability Zone', description: 'The availability zone extension.', updated: '2015-01-01T10:00:00-00:00' },
  { alias: 'network_availability_zone', name: 'Network Availability Zone', description: 'Availability zone support for network.', updated: '2015-01-01T10:00:00-00:00' },
  { alias: 'external-net', name: 'Neutron external network', description: 'Adds external network attribute to network resource.', updated: '2013-01-14T10:00:00-00:00' },
  {
    alias: 'router', name: 'Neutron L3 Router', updated: '2012-07-20T10:00:00-00:00',
    description: 'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
  },
  { alias: 'net-mtu', name: 'Network MTU', description: 'Provides MTU attribute for a network resource.', updated: '2015-03-25T10:00:00-00:00' },
  { alias: 'security-group', name: 'security-group', description: 'The security groups extension.', updated: '2012-10-05T10:00:00-00:00' },
];

export const extensionView = (e: Extension): Body => ({ alias: e.alias, name: e.name, description: e.description, updated: e.updated, links: [] });

export function zonesView(): Body {
  return {
    availability_zones: [
      { name: NETWORK_ZONE, resource: 'network', state: 'available' },
      { name: NETWORK_ZONE, resource: 'router', state: 'available' },
    ],
  };
}
