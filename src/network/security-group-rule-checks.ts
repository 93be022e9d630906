/**
 * Neutron's checks of a new security group rule (neutron/extensions/securitygroup.py attribute
 * validators and db/securitygroups_db.py): direction, ethertype, protocol names or numbers, port
 * ranges per protocol, a remote prefix or a remote group (not both), the prefix's IP version.
 */
import net from 'node:net';
import { badNetworkRequest, invalidRule } from './security-group-errors.js';

/** A rule as a Neutron client asks for it, before the checks. */
export interface RuleRequest {
  readonly securityGroupId: string;
  readonly direction: unknown;
  readonly ethertype?: unknown;
  readonly protocol?: unknown;
  readonly portRangeMin?: unknown;
  readonly portRangeMax?: unknown;
  readonly remoteIpPrefix?: unknown;
  readonly remoteGroupId?: unknown;
  readonly description?: unknown;
}

/** A checked rule, as stored. */
export interface CheckedRule {
  readonly direction: 'ingress' | 'egress';
  readonly ethertype: 'IPv4' | 'IPv6';
  readonly protocol: string | null;
  readonly portRangeMin: number | null;
  readonly portRangeMax: number | null;
  readonly remoteIpPrefix: string | null;
  readonly remoteGroupId: string | null;
  readonly description: string;
}

/** Neutron's protocol names (neutron_lib constants.IP_PROTOCOL_MAP) and their numbers. */
const PROTOCOLS: Readonly<Record<string, number>> = {
  ah: 51, dccp: 33, egp: 8, esp: 50, gre: 47, hopopt: 0, icmp: 1, igmp: 2, ip: 0, ipip: 4, 'ipv6-encap': 41,
  'ipv6-frag': 44, 'ipv6-icmp': 58, icmpv6: 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, 'ipv6-route': 43, ospf: 89,
  pgm: 113, rsvp: 46, sctp: 132, tcp: 6, udp: 17, udplite: 136, vrrp: 112,
};
const PORTED = new Set([6, 17, 33, 132, 136]);
const ICMP = new Set([1, 58]);

const reason = (attr: string, why: string): Error => badNetworkRequest(`Invalid input for ${attr}. Reason: ${why}.`);

function oneOf<T extends string>(attr: string, value: unknown, allowed: readonly T[], fallback?: T): T {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw reason(attr, `'${String(value)}' is not in [${allowed.map((a) => `'${a}'`).join(', ')}]`);
}

/** Neutron keeps names in lower case and numbers as given (as text). */
function protocolOf(value: unknown): string | null {
  if (value === undefined || value === null || value === '' || value === 'any') return null;
  const text = String(value).toLowerCase();
  if (text in PROTOCOLS) return text;
  if (/^\d+$/.test(text) && Number(text) <= 255) return String(Number(text));
  const names = ['None', ...Object.keys(PROTOCOLS).sort()].map((n) => (n === 'None' ? n : `'${n}'`)).join(', ');
  throw invalidRule('SecurityGroupRuleInvalidProtocol',
    `Security group rule protocol ${String(value)} not supported. Only protocol values [${names}] and integer representations [0 to 255] are supported.`);
}

function portOf(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw invalidRule('SecurityGroupInvalidPortValue', `Invalid value for port ${String(value)}`);
  }
  return n;
}

/** The prefix as a CIDR (a bare address becomes /32 or /128); null when absent. */
function prefixOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value);
  const [addr, len, extra] = text.split('/');
  const version = net.isIP(addr);
  const max = version === 6 ? 128 : 32;
  if (version === 0 || extra !== undefined || (len !== undefined && !(/^\d+$/.test(len) && Number(len) <= max))) {
    throw reason('remote_ip_prefix', `'${text}' is not a valid IP subnet`);
  }
  return len === undefined ? `${addr}/${max}` : text;
}

function checkPorts(protocol: string | null, min: number | null, max: number | null): void {
  if (min === null && max === null) return;
  if (protocol === null) throw invalidRule('SecurityGroupProtocolRequiredWithPorts', 'Must also specify protocol if port range is given.');
  const number = PROTOCOLS[protocol] ?? Number(protocol);
  if (PORTED.has(number)) {
    if (min === 0 || max === 0) throw invalidRule('SecurityGroupInvalidPortValue', 'Invalid value for port 0');
    if (min !== null && max !== null && min <= max) return;
    throw invalidRule('SecurityGroupInvalidPortRange', 'For TCP/UDP protocols, port_range_min must be <= port_range_max');
  }
  if (!ICMP.has(number)) return;
  for (const [value, field, attr] of [[min, 'type', 'port_range_min'], [max, 'code', 'port_range_max']] as const) {
    if (value !== null && value > 255) {
      throw invalidRule('SecurityGroupInvalidIcmpValue', `Invalid value for ICMP ${field} (${attr}) ${value}. It must be 0 to 255.`);
    }
  }
  if (min === null) {
    throw invalidRule('SecurityGroupMissingIcmpType', `ICMP code (port-range-max) ${String(max)} is provided but ICMP type (port-range-min) is missing.`);
  }
}

/** Checks a rule request as Neutron does; the remote group's existence is the caller's check. */
export function checkRule(r: RuleRequest): CheckedRule {
  const direction = oneOf('direction', r.direction, ['ingress', 'egress'] as const);
  const ethertype = oneOf('ethertype', r.ethertype, ['IPv4', 'IPv6'] as const, 'IPv4');
  const protocol = protocolOf(r.protocol);
  const portRangeMin = portOf(r.portRangeMin);
  const portRangeMax = portOf(r.portRangeMax);
  const remoteIpPrefix = prefixOf(r.remoteIpPrefix);
  const remoteGroupId = r.remoteGroupId === undefined || r.remoteGroupId === null ? null : String(r.remoteGroupId);
  if (remoteIpPrefix !== null && remoteGroupId !== null) {
    throw invalidRule('SecurityGroupRemoteGroupAndRemoteIpPrefix', 'Only remote_ip_prefix or remote_group_id may be provided.');
  }
  checkPorts(protocol, portRangeMin, portRangeMax);
  if (remoteIpPrefix !== null && (net.isIP(remoteIpPrefix.split('/')[0]) === 6) !== (ethertype === 'IPv6')) {
    throw invalidRule('SecurityGroupRuleParameterConflict', `Conflicting value ethertype ${ethertype} for CIDR ${remoteIpPrefix}`);
  }
  const description = r.description === undefined || r.description === null ? '' : String(r.description);
  return { direction, ethertype, protocol, portRangeMin, portRangeMax, remoteIpPrefix, remoteGroupId, description };
}
