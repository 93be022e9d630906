/**
 * Fixed addresses on network `private` (a /16), one per server, derived from its internal id so
 * they are stable and unique; MACs in OpenStack's fa:16:3e range.
 */
import { randomBytes } from '../util/ids.js';

export const PRIVATE_NETWORK = 'private';
export const PRIVATE_NETWORK_ID = 'b9ee5b1c-4b8e-4d6d-9e2d-6d1b2f3c4a10';

export interface Address {
  readonly version: 4 | 6;
  readonly addr: string;
  readonly 'OS-EXT-IPS:type': 'fixed' | 'floating';
  readonly 'OS-EXT-IPS-MAC:mac_addr': string;
}

export type Addresses = Record<string, Address[]>;

export function fixedAddressFor(instanceId: number): string {
  // 10.0.0.0/16 has 65,534 hosts; beyond that the range wraps into 10.1.x.x and so on.
  const n = instanceId + 2;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export function randomMac(): string {
  const b = randomBytes(3);
  return `fa:16:3e:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

export function privateAddresses(instanceId: number): Addresses {
  return {
    [PRIVATE_NETWORK]: [{ version: 4, addr: fixedAddressFor(instanceId), 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': randomMac() }],
  };
}
