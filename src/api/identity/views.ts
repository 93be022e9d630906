/** Keystone's JSON for tokens (v3 and v2.0) and for domains, projects, users and roles. */
import type { TokenInfo } from '../../identity/service.js';
import { catalogV2, catalogV3 } from '../../identity/catalog.js';
import { DEFAULT_DOMAIN, type Domain, type Project, type Role, type User } from '../../identity/directory.js';

const domainRef = (id: string): { id: string; name: string } => ({ id, name: id === DEFAULT_DOMAIN.id ? DEFAULT_DOMAIN.name : id });

/** `{"token": {...}}` as POST/GET /v3/auth/tokens answer it. */
export function tokenV3(info: TokenInfo, origin: string, withCatalog: boolean): Record<string, unknown> {
  const token: Record<string, unknown> = {
    methods: info.methods,
    user: { id: info.user.id, name: info.user.name, domain: domainRef(info.user.domain_id), password_expires_at: null },
    audit_ids: info.auditIds,
    expires_at: info.record.expires_at,
    issued_at: info.record.issued_at,
    project: { id: info.project.id, name: info.project.name, domain: domainRef(info.project.domain_id) },
    is_domain: false,
    roles: info.roles.map((r) => ({ id: r.id, name: r.name })),
  };
  if (withCatalog) token.catalog = catalogV3(origin, info.project.id);
  return { token };
}

/** `{"access": {...}}` as POST /v2.0/tokens answers it. */
export function accessV2(info: TokenInfo, token: string, origin: string): Record<string, unknown> {
  return {
    access: {
      token: {
        id: token,
        issued_at: info.record.issued_at.slice(0, 26),
        expires: `${info.record.expires_at.slice(0, 19)}Z`,
        audit_ids: info.auditIds,
        tenant: { id: info.project.id, name: info.project.name, description: info.project.description, enabled: true },
      },
      serviceCatalog: catalogV2(origin, info.project.id),
      user: {
        id: info.user.id,
        name: info.user.name,
        username: info.user.name,
        roles_links: [],
        roles: info.roles.map((r) => ({ name: r.name })),
      },
      metadata: { is_admin: 0, roles: info.roles.map((r) => r.id) },
    },
  };
}

export function domainView(d: Domain, base: string): Record<string, unknown> {
  return { id: d.id, name: d.name, description: d.description, enabled: d.enabled, tags: [], options: {}, links: { self: `${base}/v3/domains/${d.id}` } };
}

export function projectView(p: Project, base: string): Record<string, unknown> {
  return {
    id: p.id, name: p.name, domain_id: p.domain_id, description: p.description, enabled: Boolean(p.enabled),
    parent_id: p.domain_id, is_domain: false, tags: [], options: {}, links: { self: `${base}/v3/projects/${p.id}` },
  };
}

export function userView(u: User, base: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: u.id, name: u.name, domain_id: u.domain_id, enabled: Boolean(u.enabled), password_expires_at: null,
    options: {}, links: { self: `${base}/v3/users/${u.id}` },
  };
  if (u.default_project_id) out.default_project_id = u.default_project_id;
  return out;
}

export function roleView(r: Role, base: string): Record<string, unknown> {
  return { id: r.id, name: r.name, domain_id: null, description: null, options: {}, links: { self: `${base}/v3/roles/${r.id}` } };
}

/** A collection with Keystone's `links` (no paging: everything fits). */
export function collection(key: string, items: unknown[], selfHref: string): Record<string, unknown> {
  return { [key]: items, links: { self: selfHref, previous: null, next: null } };
}
