/** The limits view (Nova: nova/api/openstack/compute/views/limits.py). */
import type { RequestContext } from '../../context.js';

/** Quota resource → the absolute limits it is shown as. */
const LIMIT_NAMES: ReadonlyArray<[string, string[]]> = [
  ['ram', ['maxTotalRAMSize']],
  ['instances', ['maxTotalInstances']],
  ['cores', ['maxTotalCores']],
  ['key_pairs', ['maxTotalKeypairs']],
  ['floating_ips', ['maxTotalFloatingIps']],
  // Nova: image metadata shares the server metadata quota.
  ['metadata_items', ['maxServerMeta', 'maxImageMeta']],
  ['injected_files', ['maxPersonality']],
  ['injected_file_content_bytes', ['maxPersonalitySize']],
  ['security_groups', ['maxSecurityGroups']],
  ['security_group_rules', ['maxSecurityGroupRules']],
  ['server_groups', ['maxServerGroups']],
  ['server_group_members', ['maxServerGroupMembers']],
];

/** os-used-limits: usage → `total*Used`. */
const USED_NAMES: ReadonlyArray<[string, string]> = [
  ['totalRAMUsed', 'ram'],
  ['totalCoresUsed', 'cores'],
  ['totalInstancesUsed', 'instances'],
  ['totalFloatingIpsUsed', 'floating_ips'],
  ['totalSecurityGroupsUsed', 'security_groups'],
  ['totalServerGroupsUsed', 'server_groups'],
];

/** Absolute limits a microversion drops: proxies (2.36), image metadata (2.39), personality (2.57). */
function hidden(ctx: RequestContext): Set<string> {
  const out = new Set<string>();
  if (ctx.mv.atLeast('2.36')) {
    ['maxTotalFloatingIps', 'maxSecurityGroups', 'maxSecurityGroupRules', 'totalFloatingIpsUsed', 'totalSecurityGroupsUsed']
      .forEach((n) => out.add(n));
  }
  if (ctx.mv.atLeast('2.39')) out.add('maxImageMeta');
  if (ctx.mv.atLeast('2.57')) ['maxPersonality', 'maxPersonalitySize'].forEach((n) => out.add(n));
  return out;
}

export function limitsView(ctx: RequestContext, limits: Readonly<Record<string, number>>, used: Readonly<Record<string, number>>): unknown {
  const skip = hidden(ctx);
  const absolute: Record<string, number> = {};
  for (const [resource, names] of LIMIT_NAMES) {
    for (const name of names) if (!skip.has(name)) absolute[name] = limits[resource];
  }
  for (const [name, resource] of USED_NAMES) if (!skip.has(name)) absolute[name] = used[resource] ?? 0;
  // Nova: rate limits went away with the v2.1 code base; both endpoints show an empty list.
  return { limits: { rate: [], absolute } };
}
