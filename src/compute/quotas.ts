/**
 * Placeholder with the interface the rest of Novum uses; the quotas work replaces the body.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** Nova's default quotas (nova/quota.py); -1 is unlimited. */
export const DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  instances: 10, cores: 20, ram: 51200, floating_ips: 10, fixed_ips: -1, metadata_items: 128,
  injected_files: 5, injected_file_content_bytes: 10240, injected_file_path_bytes: 255,
  security_groups: 10, security_group_rules: 20, key_pairs: 100, server_groups: 10, server_group_members: 10,
};

export class QuotaService {
  constructor(readonly db: Kysely<Database>) {}
  /** Effective limits of a project: defaults, the `default` quota class, then the project's own. */
  async limitsFor(_projectId: string): Promise<Record<string, number>> {
    return { ...DEFAULT_QUOTAS };
  }
}
