/**
 * A server's addresses as its row keeps them (`instances.addresses`, Nova's network info cache):
 * reading the fixed addresses and their interfaces, and adding or removing a floating address
 * next to the fixed one it maps to.
 */
import { createHash } from 'node:crypto';
import type { Address, Addresses } from '../compute/network.js';
import { NETWORKS, PRIVATE } from './topology.js';

/** One virtual interface (Neutron port) of a server: a fixed address on a network. */
export interface Interface {
  /** stable: derived from the server and the MAC, so every read names it the same */
  readonly id: string;
  readonly mac: string;
  readonly networkId: string;
  readonly subnetId: string;
  readonly fixedAddress: string;
}

export function parseAddresses(json: string): Addresses {
  return JSON.parse(json || '{}') as Addresses;
}

/** The server's fixed addresses as interfaces, in the order its network info lists them. */
export function interfacesOf(instanceUuid: string, addressesJson: string): Interface[] {
  const out: Interface[] = [];
  for (const [label, list] of Object.entries(parseAddresses(addressesJson))) {
    const net = NETWORKS.find((n) => n.name === label) ?? PRIVATE;
    for (const a of list) {
      if (a['OS-EXT-IPS:type'] !== 'fixed') continue;
      const mac = a['OS-EXT-IPS-MAC:mac_addr'];
      out.push({ id: interfaceId(instanceUuid, mac), mac, networkId: net.id, subnetId: net.subnet.id, fixedAddress: a.addr });
    }
  }
  return out;
}

/** A UUID-shaped id from the server and MAC (sha1 name-based, like a version-5 UUID). */
export function interfaceId(instanceUuid: string, mac: string): string {
  const h = createHash('sha1').update(`${instanceUuid}/${mac}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Adds `floating` after the fixed address `fixed` (and the floating ones already there). */
export function withFloating(addresses: Addresses, fixed: string, floating: string): Addresses {
  const out: Addresses = {};
  for (const [label, list] of Object.entries(addresses)) {
    const copy: Address[] = [...list];
    const at = copy.findIndex((a) => a.addr === fixed && a['OS-EXT-IPS:type'] === 'fixed');
    if (at !== -1) {
      let end = at + 1;
      while (end < copy.length && copy[end]['OS-EXT-IPS:type'] === 'floating') end++;
      const mac = copy[at]['OS-EXT-IPS-MAC:mac_addr'];
      copy.splice(end, 0, { version: 4, addr: floating, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': mac });
    }
    out[label] = copy;
  }
  return out;
}

export function withoutFloating(addresses: Addresses, floating: string): Addresses {
  const out: Addresses = {};
  for (const [label, list] of Object.entries(addresses)) {
    out[label] = list.filter((a) => !(a.addr === floating && a['OS-EXT-IPS:type'] === 'floating'));
  }
  return out;
}
