/** Neutron's security group and security group rule bodies. */
import type { SecurityGroup } from '../../network/security-group-store.js';
import type { SecurityGroupRuleRow } from '../../network/tables.js';
import { isoSeconds } from '../../util/time.js';

type Body = Record<string, unknown>;

/** The network address of an IPv4 prefix (Neutron's normalized_cidr); IPv6 prefixes as stored. */
function normalizedCidr(prefix: string | null): string | null {
  if (prefix === null || prefix.includes(':')) return prefix;
  const [addr, len] = prefix.split('/');
  const bits = Number(len);
  const n = addr.split('.').reduce((acc, o) => (acc * 256) + Number(o), 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

export function ruleView(r: SecurityGroupRuleRow, defaultGroupIds: ReadonlySet<string>): Body {
  return {
    id: r.id, tenant_id: r.project_id, project_id: r.project_id, security_group_id: r.security_group_id,
    direction: r.direction, ethertype: r.ethertype, protocol: r.protocol, port_range_min: r.port_range_min, port_range_max: r.port_range_max,
    remote_ip_prefix: r.remote_ip_prefix, remote_group_id: r.remote_group_id, remote_address_group_id: null,
    normalized_cidr: normalizedCidr(r.remote_ip_prefix), description: r.description,
    belongs_to_default_sg: defaultGroupIds.has(r.security_group_id),
    created_at: isoSeconds(r.created_at), updated_at: isoSeconds(r.updated_at), revision_number: 0,
  };
}

export function groupView(g: SecurityGroup): Body {
  const defaults = new Set(g.is_default ? [g.id] : []);
  return {
    id: g.id, name: g.name, description: g.description, tenant_id: g.project_id, project_id: g.project_id,
    security_group_rules: g.rules.map((r) => ruleView(r, defaults)), stateful: true, shared: false, tags: [],
    created_at: isoSeconds(g.created_at), updated_at: isoSeconds(g.updated_at), revision_number: g.revision_number,
  };
}
