/**
 * Quotas: hard limits per project (defaults ← quota class `default` ← the project's own) and the
 * usage counted from the database, as Nova's DbQuotaDriver with counting (nova/quota.py).
 */
import type { Kysely } from 'kysely';
import { instanceUsage } from './usage.js';
import type { Engine } from '../store/dialect.js';
import type { Database } from '../store/schema.js';

/** Nova's default quotas (nova/quota.py); -1 is unlimited. */
export const DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  instances: 10, cores: 20, ram: 51200, floating_ips: 10, fixed_ips: -1, metadata_items: 128,
  injected_files: 5, injected_file_content_bytes: 10240, injected_file_path_bytes: 255,
  security_groups: 10, security_group_rules: 20, key_pairs: 100, server_groups: 10, server_group_members: 10,
};

/** Every quota resource, in the order Nova lists them. */
export const QUOTA_RESOURCES: readonly string[] = Object.keys(DEFAULT_QUOTAS);

/** The class whose limits apply to every project without its own. */
export const DEFAULT_CLASS = 'default';

export class QuotaService {
  constructor(readonly db: Kysely<Database>, readonly engine: Engine = 'sqlite') {}

  /** Effective limits of a project: defaults, the `default` quota class, then the project's own. */
  async limitsFor(projectId: string): Promise<Record<string, number>> {
    const limits = await this.classLimits(DEFAULT_CLASS);
    const rows = await this.db.selectFrom('quotas').select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId).execute();
    for (const r of rows) if (r.resource in limits) limits[r.resource] = r.hard_limit;
    return limits;
  }

  /** Limits of a quota class: the defaults overridden by what was set for the class. */
  async classLimits(className: string): Promise<Record<string, number>> {
    const limits = { ...DEFAULT_QUOTAS };
    const rows = await this.db.selectFrom('quota_classes').select(['resource', 'hard_limit'])
      .where('class_name', '=', className).execute();
    for (const r of rows) if (r.resource in limits) limits[r.resource] = r.hard_limit;
    return limits;
  }

  /**
   * What a project uses now, for every resource: instances, cores and ram over its servers (soft
   * deleted ones excluded), key pairs of `userId` (key pairs belong to users), 0 for the rest.
   */
  async usage(projectId: string, userId?: string): Promise<Record<string, number>> {
    const used: Record<string, number> = Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, 0]));
    const servers = await instanceUsage(this.db, this.engine, projectId);
    used.instances = servers.instances;
    used.cores = servers.cores;
    used.ram = servers.ram;
    if (userId !== undefined) {
      const kp = await this.db.selectFrom('keypairs').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId).executeTakeFirstOrThrow();
      used.key_pairs = Number(kp.n);
    }
    return used;
  }

  /** Sets some of a project's limits (others keep their current value). */
  async setProjectLimits(projectId: string, values: Readonly<Record<string, number>>): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const [resource, hard_limit] of Object.entries(values)) {
        await tx.deleteFrom('quotas').where('project_id', '=', projectId).where('resource', '=', resource).execute();
        await tx.insertInto('quotas').values({ project_id: projectId, resource, hard_limit }).execute();
      }
    });
  }

  /** Drops a project's own limits: it falls back to the default class. */
  async resetProject(projectId: string): Promise<void> {
    await this.db.deleteFrom('quotas').where('project_id', '=', projectId).execute();
  }

  /** Sets some of a quota class's limits. */
  async setClassLimits(className: string, values: Readonly<Record<string, number>>): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const [resource, hard_limit] of Object.entries(values)) {
        await tx.deleteFrom('quota_classes').where('class_name', '=', className).where('resource', '=', resource).execute();
        await tx.insertInto('quota_classes').values({ class_name: className, resource, hard_limit }).execute();
      }
    });
  }
}

