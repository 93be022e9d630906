/**
 * The identity domain (a Keystone v3 subset): bootstrap, password checks, scoping, tokens and
 * the Authenticator every other API asks on each request.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import type { Principal } from './principal.js';
import { bootstrapIdentity, resetBootstrapPasswords } from './bootstrap.js';
import { refreshClouds, writeClouds } from './clouds-yaml.js';
import { DEFAULT_DOMAIN, Directory, type Project, type Role, type User } from './directory.js';
import { verifyPassword } from './passwords.js';
import { TokenStore, hashToken, type TokenRecord } from './tokens.js';

/** A reference to a user, domain or project as a v3 auth request gives it: by id or by name. */
export interface Ref {
  readonly id?: string;
  readonly name?: string;
  readonly domain?: { readonly id?: string; readonly name?: string };
}

/** Everything a token body shows. `token` is the text, known only when just issued. */
export interface TokenInfo {
  readonly token: string | null;
  readonly record: TokenRecord;
  readonly user: User;
  readonly project: Project;
  readonly roles: readonly Role[];
  readonly methods: readonly string[];
  readonly auditIds: readonly string[];
}

const CACHE_MS = 5000;
const CACHE_MAX = 5000;

export class IdentityService {
  readonly directory: Directory;
  readonly #tokens: TokenStore;
  /** Plaintext passwords chosen at bootstrap, until clouds.yaml is written. */
  #passwords = new Map<string, string>();
  readonly #cache = new Map<string, { principal: Principal; until: number }>();

  constructor(readonly db: Kysely<Database>, readonly config: Config) {
    this.directory = new Directory(db);
    this.#tokens = new TokenStore(db, config.tokenTtl);
  }

  /** First start: domain, projects admin/demo/demo2, users with random passwords, roles. */
  async bootstrap(): Promise<void> {
    this.#passwords = await bootstrapIdentity(this.db);
    await this.#tokens.purgeExpired();
  }

  /** Writes (or refreshes the auth_url of) <data-dir>/clouds.yaml; returns its absolute path. */
  async writeCloudsYaml(baseUrl: string): Promise<string> {
    if (this.config.dataDir === ':memory:') return '';
    const authUrl = `${(this.config.publicUrl || baseUrl).replace(/\/+$/, '')}/identity/v3`;
    if (this.#passwords.size === 0) {
      const refreshed = refreshClouds(this.config.dataDir, authUrl);
      if (refreshed) return refreshed;
      // The file is gone and only hashes are stored: the bootstrap users get new passwords.
      this.#passwords = await resetBootstrapPasswords(this.db);
      this.#cache.clear();
    }
    const file = writeClouds(this.config.dataDir, authUrl, this.#passwords);
    this.#passwords.clear();
    return file;
  }

  async principalFor(token: string): Promise<Principal | null> {
    const key = hashToken(token);
    const hit = this.#cache.get(key);
    if (hit && hit.until > Date.now()) return hit.principal;
    this.#cache.delete(key);
    const info = await this.validate(token);
    if (!info) return null;
    const roles = info.roles.map((r) => r.name);
    const principal: Principal = {
      userId: info.user.id,
      userName: info.user.name,
      projectId: info.project.id,
      projectName: info.project.name,
      roles,
      isAdmin: roles.includes('admin'),
    };
    if (this.#cache.size >= CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
    const expires = Date.parse(info.record.expires_at);
    this.#cache.set(key, { principal, until: Math.min(Date.now() + CACHE_MS, expires) });
    return principal;
  }

  /** The user when the password is right (and user and domain enabled), else null. */
  async checkPassword(ref: Ref, password: string): Promise<User | null> {
    const user = await this.findUser(ref);
    if (!user || !user.enabled) return null;
    return (await verifyPassword(password, user.password_hash)) ? user : null;
  }

  async findUser(ref: Ref): Promise<User | null> {
    if (ref.id !== undefined) return this.directory.user(ref.id);
    if (ref.name === undefined) return null;
    const domain = ref.domain ? this.directory.domain(ref.domain) : DEFAULT_DOMAIN;
    return domain ? this.directory.userByName(domain.id, ref.name) : null;
  }

  /**
   * The project a token will be scoped to: the one asked for, or (unscoped request) the user's
   * default project, else the first one it has a role on. Null when the user has no role there.
   */
  async scopeFor(user: User, ref: Ref | undefined): Promise<{ project: Project; roles: Role[] } | null> {
    let project: Project | null = null;
    if (ref?.id !== undefined) {
      project = await this.directory.project(ref.id);
    } else if (ref?.name !== undefined) {
      const domain = ref.domain ? this.directory.domain(ref.domain) : null;
      project = domain ? await this.directory.projectByName(domain.id, ref.name) : null;
    } else {
      if (user.default_project_id) project = await this.directory.project(user.default_project_id);
      if (!project || (await this.directory.rolesOn(user.id, project.id)).length === 0) {
        project = (await this.directory.projectsOf(user.id))[0] ?? null;
      }
    }
    if (!project || !project.enabled) return null;
    const roles = await this.directory.rolesOn(user.id, project.id);
    return roles.length ? { project, roles } : null;
  }

  async issue(user: User, scope: { project: Project; roles: Role[] }, methods: readonly string[], parentAudit: readonly string[] = []): Promise<TokenInfo> {
    const { token, record } = await this.#tokens.issue(user.id, scope.project.id, methods, parentAudit.slice(0, 1));
    return { token, record, user, project: scope.project, roles: scope.roles, methods, auditIds: record.audit_id.split(' ') };
  }

  /** A live token's details, or null (unknown, expired, revoked, or its user/project gone). */
  async validate(token: string): Promise<TokenInfo | null> {
    const record = await this.#tokens.find(token);
    if (!record) return null;
    const user = await this.directory.user(record.user_id);
    const project = await this.directory.project(record.project_id);
    if (!user || !user.enabled || !project || !project.enabled) return null;
    const roles = await this.directory.rolesOn(user.id, project.id);
    if (!roles.length) return null;
    const methods = JSON.parse(record.methods) as string[];
    return { token: null, record, user, project, roles, methods, auditIds: record.audit_id.split(' ') };
  }

  /** Revokes a token; takes effect at once in this process (the cache entry goes too). */
  async revoke(token: string): Promise<void> {
    this.#cache.delete(hashToken(token));
    await this.#tokens.revoke(token);
  }
}
