/**
 * Quotas: hard limits per project (defaults ← quota class `default` ← the project's own ← a
 * user's own within the project) and the usage counted from the database, as Nova's
 * DbQuotaDriver with counting (nova/quota.py).
 */
import type { Kysely } from 'kysely';
import { instanceUsage } from './usage.js';
import { countFloatingIps, countServerGroups, quotaDb } from './quota-usage.js';
import type { QuotaScopes } from './quota-check.js';
import type { Engine } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { memoised, StoreMemo, type TableWrites } from '../store/table-writes.js';

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

/** Nova: PER_PROJECT_QUOTAS — a user's value for these is written as the project's. */
export const PER_PROJECT_QUOTAS: readonly string[] = ['fixed_ips', 'floating_ips'];

/** The range a quota update may set a resource to (-1 as maximum: no bound). */
export interface SettableRange {
  readonly minimum: number;
  readonly maximum: number;
}

/** Nova: values ≤ -1 are unlimited; a sum or difference with one is unlimited too. */
const isUnlimited = (v: number): boolean => v <= -1;

export class QuotaService {
  /** limits as `scopes` read them, while nothing wrote the quota tables (the sole-writer process only) */
  readonly #memo: StoreMemo<QuotaScopes> | undefined;

  constructor(readonly db: Kysely<Database>, readonly engine: Engine = 'sqlite', writes?: TableWrites) {
    this.#memo = writes && new StoreMemo(writes, ['quotas', 'quota_classes', 'project_user_quotas']);
  }

  /**
   * Effective limits of a project: defaults, the `default` quota class, then the project's own;
   * with `userId`, then that user's own within the project (Nova: get_user_quotas).
   */
  async limitsFor(projectId: string, userId?: string): Promise<Record<string, number>> {
    const limits = await this.classLimits(DEFAULT_CLASS);
    const rows = await this.db.selectFrom('quotas').select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId).execute();
    for (const r of rows) if (r.resource in limits) limits[r.resource] = r.hard_limit;
    if (userId !== undefined) Object.assign(limits, await this.userRows(projectId, userId));
    return limits;
  }

  /** Both limits a check compares with: the project's, and the user's within it (Nova's two scopes). */
  async scopes(projectId: string, userId: string): Promise<QuotaScopes> {
    return memoised(this.#memo, `${projectId} ${userId}`, async () => {
      const [project, own] = await Promise.all([this.limitsFor(projectId), this.userRows(projectId, userId)]);
      return { project, user: { ...project, ...own }, userOwn: new Set(Object.keys(own)) };
    });
  }

  /** The limits set for one user of a project (only those set). */
  async userRows(projectId: string, userId: string): Promise<Record<string, number>> {
    const rows = await quotaDb(this.db).selectFrom('project_user_quotas').select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId).where('user_id', '=', userId).execute();
    return Object.fromEntries(rows.filter((r) => QUOTA_RESOURCES.includes(r.resource)).map((r) => [r.resource, r.hard_limit]));
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
   * What a project (or, with `userId`, one user in it) uses now (Nova: _get_usages): instances,
   * cores and ram over its servers (soft-deleted ones excluded), server groups, and floating IPs
   * (per project). Nova shows key_pairs and server_group_members as 0 here (they are counted per
   * user, or per group, only when checked); the rest are limits without usage.
   */
  async usage(projectId: string, userId?: string): Promise<Record<string, number>> {
    const used: Record<string, number> = Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, 0]));
    const [servers, groups, fips] = await Promise.all([
      instanceUsage(this.db, this.engine, projectId, userId),
      countServerGroups(this.db, projectId, userId),
      countFloatingIps(this.db, projectId),
    ]);
    used.instances = servers.instances;
    used.cores = servers.cores;
    used.ram = servers.ram;
    used.server_groups = groups;
    used.floating_ips = fips;
    return used;
  }

  /**
   * What an update may set each resource to (Nova: get_settable_quotas). For a project: at least
   * its usage and the sum of its users' own limits. For a user: at least the user's usage, at most
   * what the project has not given to other users.
   */
  async settableRange(projectId: string, userId?: string): Promise<Record<string, SettableRange>> {
    const project = await this.limitsFor(projectId);
    const given = await this.#givenToUsers(projectId);
    const used = await this.usage(projectId, userId);
    const own = userId === undefined ? {} : await this.userRows(projectId, userId);
    const out: Record<string, SettableRange> = {};
    for (const r of QUOTA_RESOURCES) {
      const remains = project[r] - (given[r] ?? 0);
      if (userId !== undefined) {
        const maximum = isUnlimited(remains) || isUnlimited(own[r] ?? 0) ? -1 : remains + (own[r] ?? 0);
        out[r] = { minimum: used[r], maximum };
      } else {
        const fromUsers = isUnlimited(project[r]) || isUnlimited(remains) ? -1 : project[r] - remains;
        out[r] = { minimum: Math.max(fromUsers, used[r]), maximum: -1 };
      }
    }
    return out;
  }

  /** The sum of the limits set for the project's users, per resource. */
  async #givenToUsers(projectId: string): Promise<Record<string, number>> {
    const rows = await quotaDb(this.db).selectFrom('project_user_quotas').select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId).execute();
    const out: Record<string, number> = {};
    for (const r of rows) out[r.resource] = (out[r.resource] ?? 0) + r.hard_limit;
    return out;
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

  /** Sets some of a user's limits in a project; per-project resources go to the project (Nova). */
  async setUserLimits(projectId: string, userId: string, values: Readonly<Record<string, number>>): Promise<void> {
    const perProject = Object.fromEntries(Object.entries(values).filter(([r]) => PER_PROJECT_QUOTAS.includes(r)));
    await this.setProjectLimits(projectId, perProject);
    await this.db.transaction().execute(async (trx) => {
      const tx = quotaDb(trx);
      for (const [resource, hard_limit] of Object.entries(values)) {
        if (PER_PROJECT_QUOTAS.includes(resource)) continue;
        await tx.deleteFrom('project_user_quotas').where('project_id', '=', projectId).where('user_id', '=', userId)
          .where('resource', '=', resource).execute();
        await tx.insertInto('project_user_quotas').values({ project_id: projectId, user_id: userId, resource, hard_limit }).execute();
      }
    });
  }

  /** Drops a project's own limits and its users' (Nova): it falls back to the default class. */
  async resetProject(projectId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('quotas').where('project_id', '=', projectId).execute();
      await quotaDb(trx).deleteFrom('project_user_quotas').where('project_id', '=', projectId).execute();
    });
  }

  /** Drops one user's own limits in a project: the user falls back to the project's. */
  async resetUser(projectId: string, userId: string): Promise<void> {
    await quotaDb(this.db).deleteFrom('project_user_quotas').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
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

