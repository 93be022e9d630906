/**
 * The fixed network layout Novum simulates, as DevStack sets it up: tenant network `private`
 * (the servers' fixed addresses) and external network `public` (the floating IP pool of the same
 * name), each with one IPv4 subnet, joined by one router.
 */
import { PRIVATE_NETWORK, PRIVATE_NETWORK_ID } from '../compute/network.js';

/** A Neutron subnet, as far as Novum keeps one. */
export interface SubnetDef {
  readonly id: string;
  readonly name: string;
  readonly networkId: string;
  readonly cidr: string;
  readonly gatewayIp: string;
  readonly enableDhcp: boolean;
  readonly allocationPools: ReadonlyArray<{ readonly start: string; readonly end: string }>;
}

/** A Neutron network with its one subnet. */
export interface NetworkDef {
  readonly id: string;
  readonly name: string;
  readonly external: boolean;
  readonly subnet: SubnetDef;
}

export const PUBLIC_NETWORK = 'public';
export const PUBLIC_NETWORK_ID = 'e3c1f2a4-7d5b-4c1e-9f0a-2b6d8e4c7a31';
/** The router joining `private` to `public`; floating IPs in use point at it. */
export const ROUTER_ID = '5f0c2e7b-1a9d-4b3c-8e6f-0d2a4c6e8b19';
/** The zone every network resource reports (Neutron's default availability zone). */
export const NETWORK_ZONE = 'nova';

export const PRIVATE: NetworkDef = {
  id: PRIVATE_NETWORK_ID, name: PRIVATE_NETWORK, external: false,
  subnet: {
    id: '3a7e9c1d-5b2f-4e8a-a6c0-9d1f3b5e7c20', name: 'private-subnet', networkId: PRIVATE_NETWORK_ID,
    cidr: '10.0.0.0/16', gatewayIp: '10.0.0.1', enableDhcp: true, allocationPools: [{ start: '10.0.0.2', end: '10.0.255.254' }],
  },
};

export const PUBLIC: NetworkDef = {
  id: PUBLIC_NETWORK_ID, name: PUBLIC_NETWORK, external: true,
  subnet: {
    id: '8d2b4f6a-0c1e-4a3b-b5d7-e9f1a3c5e7d42', name: 'public-subnet', networkId: PUBLIC_NETWORK_ID,
    cidr: '172.24.4.0/24', gatewayIp: '172.24.4.1', enableDhcp: false, allocationPools: [{ start: '172.24.4.2', end: '172.24.4.254' }],
  },
};

export const NETWORKS: readonly NetworkDef[] = [PRIVATE, PUBLIC];

/** Floating IP pools (Nova: the external networks, by name). */
export const FLOATING_POOLS: readonly NetworkDef[] = NETWORKS.filter((n) => n.external);

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
