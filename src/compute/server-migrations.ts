/**
 * A server's in-progress live migrations (Nova: compute/server_migrations.py, microversions
 * 2.22-2.24, 2.65): list and show them, force one to complete, abort it.
 */
import type { Kysely } from 'kysely';
import { badRequest, notFound, policyForbidden } from '../errors.js';
import type { Database, Migration } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { recordAction, type Actor } from './action-log.js';
import { parseFlavor, resourcesOf } from './embedded-flavor.js';
import type { HostService } from './hosts.js';
import type { InstanceQueries } from './instance-queries.js';
import type { Transitions } from './transition.js';

/** Statuses of a live migration that has not finished (Nova: migration_get_in_progress_by_instance). */
const IN_PROGRESS = ['queued', 'preparing', 'running', 'post-migrating'];

export class ServerMigrations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly queries: InstanceQueries,
    private readonly transitions: Transitions,
    private readonly hosts: HostService,
  ) {}

  /** The server's live migrations in progress (admin). */
  async list(actor: Actor, uuid: string): Promise<Migration[]> {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:servers:migrations:index');
    await this.queries.get(actor, uuid);
    return this.db.selectFrom('migrations').selectAll().where('instance_uuid', '=', uuid)
      .where('migration_type', '=', 'live-migration').where('status', 'in', IN_PROGRESS).orderBy('id').execute();
  }

  async get(actor: Actor, uuid: string, id: string): Promise<Migration> {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:servers:migrations:show');
    await this.queries.get(actor, uuid);
    const m = await this.#find(uuid, id);
    if (!m || m.migration_type !== 'live-migration' || !IN_PROGRESS.includes(m.status)) {
      throw notFound(`In-progress live migration ${id} is not found for server ${uuid}.`);
    }
    return m;
  }

  /** force_complete (2.22): only a running live migration of a migrating server. */
  async forceComplete(actor: Actor, uuid: string, id: string): Promise<void> {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:servers:migrations:force_complete');
    await this.transitions.apply(actor, uuid, {
      guard: 'force_complete', name: 'force_complete', record: null, checkLock: true, taskState: 'migrating',
      within: async (trx) => {
        const m = await this.#find(uuid, id, trx);
        if (!m || m.migration_type !== 'live-migration') throw badRequest(`Migration ${id} not found for instance ${uuid}`);
        if (m.status !== 'running') throw invalidMigrationState(m, uuid, 'force complete');
        await recordAction(trx, actor, uuid, 'live_migration_force_complete');
      },
    });
  }

  /**
   * Abort (2.24): a running live migration; from 2.65 also a queued or preparing one. The
   * server stays where it was; the destination's claim is released.
   */
  async abort(actor: Actor, uuid: string, id: string, queuedToo: boolean): Promise<void> {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:servers:migrations:delete');
    await this.queries.get(actor, uuid);
    const m = await this.#find(uuid, id);
    if (!m || m.migration_type !== 'live-migration') throw notFound(`Migration ${id} not found for instance ${uuid}`);
    const allowed = queuedToo ? ['queued', 'preparing', 'running'] : ['running'];
    if (!allowed.includes(m.status)) throw invalidMigrationState(m, uuid, 'abort live migration');
    await this.transitions.apply(actor, uuid, {
      guard: 'live_migration_abort', name: 'abort live migration', record: 'live_migration_cancel', checkLock: true, taskState: null,
      within: async (trx, inst) => {
        const sys = JSON.parse(inst.system_metadata) as Record<string, unknown>;
        delete sys.migration;
        await trx.updateTable('migrations').set({ status: 'cancelled', updated_at: nowIso() }).where('id', '=', m.id).execute();
        if (m.dest_compute) await this.hosts.release(trx, m.dest_compute, resourcesOf(parseFlavor(inst.flavor)));
        return { system_metadata: JSON.stringify(sys) };
      },
    });
  }

  async #find(uuid: string, id: string, db: Kysely<Database> = this.db): Promise<Migration | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    return db.selectFrom('migrations').selectAll().where('id', '=', Number(id)).where('instance_uuid', '=', uuid).executeTakeFirst();
  }
}

function invalidMigrationState(m: Migration, uuid: string, method: string): Error {
  return badRequest(`Migration ${m.id} state of instance ${uuid} is ${m.status}. Cannot ${method} while the migration is in this state.`);
}
