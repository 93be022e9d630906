/**
 * Row types of the identity tables (projects, users, roles, tokens), part of the schema in
 * schema.ts, which re-exports them.
 */

export interface ProjectRow {
  id: string;
  name: string;
  domain_id: string;
  description: string;
  enabled: number;
}

export interface UserRow {
  id: string;
  name: string;
  domain_id: string;
  password_hash: string;
  default_project_id: string | null;
  enabled: number;
}

export interface RoleRow {
  id: string;
  name: string;
}

export interface RoleAssignmentRow {
  user_id: string;
  project_id: string;
  role_id: string;
}

export interface TokenRow {
  /** sha256 of the opaque token; the token itself is never stored. */
  id_hash: string;
  user_id: string;
  project_id: string;
  audit_id: string;
  methods: string;
  issued_at: string;
  expires_at: string;
  revoked: number;
}
