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

/** The network domain's tables (a type alias: Kysely's withTables wants an indexable record). */
export type NetworkTables = {
  floating_ips: FloatingIpRow;
  console_auth_tokens: ConsoleTokenRow;
};

export type NetDb = Kysely<Database & NetworkTables>;

/** The same connection (or transaction), typed with the network tables too. */
export function netDb(db: Kysely<Database>): NetDb {
  return db.withTables<NetworkTables>() as unknown as NetDb;
}
