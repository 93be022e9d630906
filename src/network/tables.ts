/**
 * Row types of the network domain's tables (migration 004-network). They extend the store's
 * Database through Kysely's `withTables`, so the shared schema file stays untouched.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** A floating IP allocated to a project (Neutron: floatingips). */
export interface FloatingIpRow {
  id: string;
  address: string;
  /** the external network (pool) name it comes from */
  pool: string;
  project_id: string;
  /** the server it is associated with, or null */
  instance_uuid: string | null;
  /** the server's fixed address it maps to, or null */
  fixed_address: string | null;
  created_at: string;
  updated_at: string;
}

/** A console token (Nova: console_auth_tokens); only its sha256 is stored. */
export interface ConsoleTokenRow {
  token_hash: string;
  console_type: string;
  instance_uuid: string;
  host: string;
  port: number;
  internal_access_path: string | null;
  expires_at: string;
  created_at: string;
}

/** A security group (Neutron: securitygroups; migration 033). */
export interface SecurityGroupRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
  /** 1 for the project's `default` group, created on first use */
  is_default: number;
  revision_number: number;
  created_at: string;
  updated_at: string;
}

/** A rule of a security group (Neutron: securitygrouprules). */
export interface SecurityGroupRuleRow {
  id: string;
  security_group_id: string;
  project_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  description: string;
  created_at: string;
  updated_at: string;
}

/** A server in a security group (Neutron: the groups of the server's port). */
export interface InstanceSecurityGroupRow {
  instance_uuid: string;
  security_group_id: string;
  /** the order the groups were added in */
  position: number;
}

/** The network domain's tables (a type alias: Kysely's withTables wants an indexable record). */
export type NetworkTables = {
  floating_ips: FloatingIpRow;
  console_auth_tokens: ConsoleTokenRow;
  security_groups: SecurityGroupRow;
  security_group_rules: SecurityGroupRuleRow;
  instance_security_groups: InstanceSecurityGroupRow;
};

export type NetDb = Kysely<Database & NetworkTables>;

/** The same connection (or transaction), typed with the network tables too. */
export function netDb(db: Kysely<Database>): NetDb {
  return db.withTables<NetworkTables>() as unknown as NetDb;
}
