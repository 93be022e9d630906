/**
 * Placeholder with the interface the rest of Novum uses; the identity work replaces the body.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import type { Authenticator } from '../api/auth.js';
import type { Principal } from '../api/context.js';

export class IdentityService implements Authenticator {
  constructor(readonly db: Kysely<Database>, readonly config: Config) {}
  /** First start: domain, projects admin/demo/demo2, users with random passwords, roles. */
  async bootstrap(): Promise<void> {}
  /** Writes (or refreshes the auth_url of) <data-dir>/clouds.yaml; returns its absolute path. */
  async writeCloudsYaml(_baseUrl: string): Promise<string> {
    return '';
  }
  async principalFor(_token: string): Promise<Principal | null> {
    return null;
  }
}
