/** Nova's security group and rule dicts (security_groups.py _format_security_group[_rule]). */
import type { NovaGroup, NovaRule } from '../../../network/nova-security-groups.js';

type Json = Record<string, unknown>;

export function ruleView(r: NovaRule): Json {
  return {
    id: r.id, parent_group_id: r.parentGroupId, ip_protocol: r.protocol, from_port: r.fromPort, to_port: r.toPort,
    // Nova: a rule names either a source group or a CIDR; the other object is empty.
    group: r.group ? { name: r.group.name, tenant_id: r.group.tenantId } : {},
    ip_range: r.group ? {} : { cidr: r.cidr },
  };
}

export function groupView(g: NovaGroup): Json {
  return { id: g.id, description: g.description, name: g.name, tenant_id: g.tenantId, rules: g.rules.map(ruleView) };
}
