/**
 * Nova's own checks of an os-security-group-rules request before it reaches Neutron
 * (nova/network/security_group_api.py _new_ingress_rule, parse_cidr, _rule_exists and the
 * controller's prefix check): ports and ICMP type/code as integers in range, tcp/udp/icmp only,
 * a CIDR (default 0.0.0.0/0) or a source group; the result is a Neutron ingress rule.
 */
import net from 'node:net';
import { badRequest } from '../errors.js';
import type { RuleRequest } from './security-group-rule-checks.js';
import type { SecurityGroup } from './security-group-store.js';

/** The body's `security_group_rule`, as Nova reads it (no schema for the ports, protocol, cidr). */
export interface NovaRuleArgs {
  readonly parentGroupId: string;
  readonly groupId: string | null;
  readonly ipProtocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly cidr: unknown;
}

/** Nova: netutils.is_valid_cidr after URL-unquoting; absent or empty is 0.0.0.0/0. */
function parseCidr(value: unknown): string {
  if (value === undefined || value === null || value === '' || value === false || value === 0) return '0.0.0.0/0';
  let text = String(value);
  try {
    text = decodeURIComponent(text);
  } catch {
    throw badRequest(`${text} is not a valid IP network.`);
  }
  const [addr, len, extra] = text.split('/');
  const version = net.isIP(addr);
  if (version === 0 || len === undefined || extra !== undefined || !/^\d+$/.test(len) || Number(len) > (version === 6 ? 128 : 32)) {
    throw badRequest(`${text} is not a valid IP network.`);
  }
  return text;
}

/** Python's int() of a JSON value: integers, integral strings, truncated floats; else null. */
function toInt(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  return null;
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

interface Ports { protocol: string; from: number; to: number }

function checkedPorts(protocolValue: unknown, fromValue: unknown, toValue: unknown): Ports {
  const protocol = String(protocolValue);
  const upper = protocol.toUpperCase();
  const from = toInt(fromValue);
  const to = toInt(toValue);
  if (from === null || to === null) {
    throw badRequest(upper === 'ICMP' ? 'Invalid input received: Type and Code must be integers for ICMP protocol type'
      : 'Invalid input received: To and From ports must be integers');
  }
  if (!['TCP', 'UDP', 'ICMP'].includes(upper)) throw badRequest(`Invalid IP protocol ${protocol}.`);
  const range = (msg: string): Error => badRequest(`Invalid port range ${from}:${to}. ${msg}`);
  if (upper !== 'ICMP' && from > to) throw range('Former value cannot be greater than the later');
  if (upper !== 'ICMP' && (from < 1 || to > 65535)) throw range(`Valid ${upper} ports should be between 1-65535`);
  if (upper === 'ICMP' && (from < -1 || from > 255 || to < -1 || to > 255)) throw range('For ICMP, the type:code must be valid');
  return { protocol, from, to };
}

/** The Neutron ingress rule a Nova rule request makes, after Nova's checks against `parent`. */
export function ingressRule(a: NovaRuleArgs, parent: SecurityGroup): RuleRequest {
  let fromValue = a.fromPort;
  let toValue = a.toPort;
  const upper = present(a.ipProtocol) && a.ipProtocol !== '' ? String(a.ipProtocol).toUpperCase() : '';
  // Nova: with a source group and no ports, everything of the protocol is open.
  if (a.groupId !== null && !present(fromValue) && !present(toValue)) {
    if (upper === 'ICMP') [fromValue, toValue] = [-1, -1];
    else if (upper === 'TCP' || upper === 'UDP') [fromValue, toValue] = [1, 65535];
  }
  const cidr = a.groupId === null ? parseCidr(a.cidr) : null;
  let ports: Ports | null = null;
  if (upper !== '' && present(fromValue) && present(toValue)) ports = checkedPorts(a.ipProtocol, fromValue, toValue);
  else if (cidr !== null) throw badRequest('Not enough parameters to build a valid rule.');
  if (cidr !== null) {
    const [addr, len] = cidr.split('/');
    if (addr !== '0.0.0.0' && addr !== '::' && len === '0') throw badRequest(`Bad prefix for network in cidr ${cidr}`);
  }
  if (exists(parent, a.groupId, cidr, ports)) throw badRequest(`This rule already exists in group ${parent.id}`);
  return {
    securityGroupId: parent.id, direction: 'ingress', ethertype: cidr !== null && net.isIP(cidr.split('/')[0]) === 6 ? 'IPv6' : 'IPv4',
    protocol: ports?.protocol ?? null, portRangeMin: ports && ports.from !== -1 ? ports.from : null,
    portRangeMax: ports && ports.to !== -1 ? ports.to : null, remoteIpPrefix: cidr, remoteGroupId: a.groupId,
  };
}

/** Nova's _rule_exists: the same group, cidr, ports and protocol among the group's ingress rules (in Nova's terms). */
function exists(parent: SecurityGroup, groupId: string | null, cidr: string | null, ports: Ports | null): boolean {
  return parent.rules.filter((r) => r.direction === 'ingress').some((r) => {
    let from = r.port_range_min;
    let to = r.port_range_max;
    if (r.protocol && from === null && to === null) [from, to] = ['TCP', 'UDP'].includes(r.protocol.toUpperCase()) ? [1, 65535] : [-1, -1];
    return r.remote_group_id === groupId && (r.remote_ip_prefix ?? '0.0.0.0/0') === cidr
      && from === (ports?.from ?? null) && to === (ports?.to ?? null) && r.protocol === (ports?.protocol ?? null);
  });
}
