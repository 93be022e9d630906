/**
 * The API side of the compute domain (Nova: nova/compute/api.py). Each method checks policy that
 * depends on the server, checks state, changes it with a compare-and-swap, records the instance
 * action and enqueues the job — in one transaction — and returns. It never imports HTTP.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { instanceLocked, instanceNotFound, invalidState, notFound, policyForbidden } from '../errors.js';
import type { Database, Instance, Migration } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { recordAction, type Actor } from './action-log.js';
import { ServerCreator, type CreateDeps, type CreateRequest, type CreateResult } from './create.js';
import { type ExternalEvent, type ExternalEventResult, deliverExternalEvents } from './external-events.js';
import { HostMoves } from './host-moves.js';
import { listMigrations, type MigrationFilters } from './migrations.js';
import { InstanceQueries, type ListFilters } from './instance-queries.js';
import type { InstanceRowCache } from './instance-row-cache.js';
import { checkMetadataItems } from './quota-check.js';
import { ServerActions } from './server-actions.js';
import { ServerMigrations } from './server-migrations.js';
import { serverGroupsOf } from './server-extras.js';
import { ServerTags } from './server-tags.js';
import { GUARDS, violation } from './states.js';
import { Transitions } from './transition.js';
import { shortenIpv6 } from '../util/ip.js';

/** What the API side needs: what server create needs, and the configuration. */
export interface ComputeApiDeps extends CreateDeps {
  readonly config: Config;
  /** only where this process is the store's one writer (instance-row-cache.ts) */
  readonly rowCache?: InstanceRowCache;
}

export interface ServerUpdate {
  readonly name?: string;
  readonly accessIPv4?: string | null;
  readonly accessIPv6?: string | null;
  readonly diskConfig?: 'AUTO' | 'MANUAL';
  readonly description?: string | null;
  /** 2.90 */
  readonly hostname?: string;
}

export class ComputeApi {
  readonly queries: InstanceQueries;
  readonly actions: ServerActions;
  readonly moves: HostMoves;
  /** a server's in-progress live migrations (2.22+) */
  readonly serverMigrations: ServerMigrations;
  /** server tags (2.26+) */
  readonly tags: ServerTags;
  readonly #d: ComputeApiDeps;
  readonly #creator: ServerCreator;
  readonly #transitions: Transitions;

  constructor(deps: ComputeApiDeps) {
    this.#d = deps;
    this.queries = new InstanceQueries(deps.db, deps.engine, deps.rowCache);
    this.#creator = new ServerCreator(deps);
    this.#transitions = new Transitions(deps.db, deps.queue, this.queries);
    this.actions = new ServerActions(deps, this.#transitions, this.queries);
    this.moves = new HostMoves(deps.hosts, this.#transitions, this.queries);
    this.serverMigrations = new ServerMigrations(deps.db, this.queries, this.#transitions, deps.hosts);
    this.tags = new ServerTags(deps.db, this.queries);
  }

  create(actor: Actor, req: CreateRequest): Promise<CreateResult> {
    return this.#creator.create(actor, req);
  }

  get(actor: Actor, uuid: string): Promise<Instance> {
    return this.queries.get(actor, uuid);
  }

  /**
   * A value computed from a row `get` returned, unchanged (its rendered view): computed once
   * while the server is not written, when the store keeps rows in memory; else each time.
   */
  derived<T>(row: Instance, key: string, build: () => T): T {
    return this.#d.rowCache ? this.#d.rowCache.derived(row, key, build) : build();
  }

  /** The groups a server belongs to (2.71 views). */
  serverGroupsOf(uuid: string): Promise<string[]> {
    return serverGroupsOf(this.#d.db, uuid);
  }

  list(actor: Actor, filters: ListFilters): Promise<Instance[]> {
    return this.queries.list(actor, filters);
  }

  /** os-server-external-events (admin-only; the API checks that). */
  externalEvents(actor: Actor, events: readonly ExternalEvent[]): Promise<ExternalEventResult[]> {
    return deliverExternalEvents(this.#d.db, actor, events);
  }

  /** Every migration record (os-migrations is admin-only; the API checks that). */
  migrations(filters: MigrationFilters): Promise<Migration[]> {
    return listMigrations(this.#d.db, filters);
  }

  async update(actor: Actor, uuid: string, u: ServerUpdate): Promise<Instance> {
    await this.queries.get(actor, uuid);
    const set: Record<string, unknown> = { updated_at: nowIso() };
    if (u.name !== undefined) set.display_name = u.name;
    if (u.accessIPv4 !== undefined) set.access_ip_v4 = u.accessIPv4;
    // Nova stores IPv6 in its shortest form (db/types.py IPAddress).
    if (u.accessIPv6 !== undefined) set.access_ip_v6 = u.accessIPv6 ? shortenIpv6(u.accessIPv6) : u.accessIPv6;
    if (u.diskConfig !== undefined) set.disk_config = u.diskConfig;
    if (u.description !== undefined) set.display_description = u.description;
    if (u.hostname !== undefined) set.hostname = u.hostname;
    await this.#d.db.updateTable('instances').set(set).where('uuid', '=', uuid).where('deleted', '=', 0).execute();
    return this.queries.get(actor, uuid);
  }

  /** DELETE /servers/{id}: soft delete when reclaim_instance_interval > 0 (Nova), else delete. */
  async delete(actor: Actor, uuid: string): Promise<void> {
    const soft = this.#d.config.reclaimInstanceInterval > 0;
    await this.#transitions.apply(actor, uuid, {
      guard: 'delete', name: 'delete', record: 'delete', checkLock: true,
      taskState: soft ? 'soft-deleting' : 'deleting',
      job: { kind: soft ? 'soft_delete' : 'delete' },
    });
  }

  // ---- metadata (Nova: server_metadata.py; allowed states as "update metadata") ----

  async metadata(actor: Actor, uuid: string): Promise<Record<string, string>> {
    const inst = await this.queries.get(actor, uuid);
    return JSON.parse(inst.metadata) as Record<string, string>;
  }

  /** Replaces (`replace`) or merges the server's metadata; returns the result. */
  async setMetadata(actor: Actor, uuid: string, items: Record<string, string>, replace: boolean, action = 'update metadata'): Promise<Record<string, string>> {
    const scopes = await this.#d.quotas.scopes(actor.projectId, actor.userId);
    await this.queries.get(actor, uuid);
    return this.#d.db.transaction().execute(async (trx) => {
      const inst = await this.#metadataTarget(actor, uuid, action, trx);
      const merged = replace ? { ...items } : { ...(JSON.parse(inst.metadata) as Record<string, string>), ...items };
      checkMetadataItems(Object.keys(merged).length, scopes);
      await trx.updateTable('instances').set({ metadata: JSON.stringify(merged), updated_at: nowIso() }).where('uuid', '=', uuid).execute();
      return merged;
    });
  }

  async deleteMetadataItem(actor: Actor, uuid: string, key: string): Promise<void> {
    await this.queries.get(actor, uuid);
    await this.#d.db.transaction().execute(async (trx) => {
      const inst = await this.#metadataTarget(actor, uuid, 'delete metadata', trx);
      const meta = JSON.parse(inst.metadata) as Record<string, string>;
      if (!(key in meta)) throw notFound('Metadata item was not found');
      delete meta[key];
      await trx.updateTable('instances').set({ metadata: JSON.stringify(meta), updated_at: nowIso() }).where('uuid', '=', uuid).execute();
    });
  }

  /** Inside the caller's transaction: never touch the root connection here (SQLite has one). */
  async #metadataTarget(actor: Actor, uuid: string, action: string, trx: Kysely<Database>): Promise<Instance> {
    const inst = await trx.selectFrom('instances').selectAll().where('uuid', '=', uuid).where('deleted', '=', 0).executeTakeFirst();
    if (!inst) throw instanceNotFound(uuid); // deleted since the caller's read
    if (inst.locked && !actor.isAdmin) throw instanceLocked(uuid);
    const bad = violation(GUARDS[action], inst.vm_state, inst.task_state);
    if (bad) throw invalidState(action, uuid, bad.attr, bad.state);
    return inst;
  }

  // ---- lock (Nova: lock_server.py; no state check) ----

  async lock(actor: Actor, uuid: string, reason: string | null = null): Promise<void> {
    await this.queries.get(actor, uuid);
    await this.#d.db.transaction().execute(async (trx) => {
      await trx.updateTable('instances')
        .set({ locked: 1, locked_by: actor.isAdmin ? 'admin' : 'owner', locked_reason: reason, updated_at: nowIso() })
        .where('uuid', '=', uuid).execute();
      await recordAction(trx, actor, uuid, 'lock');
    });
  }

  async unlock(actor: Actor, uuid: string): Promise<void> {
    const inst = await this.queries.get(actor, uuid);
    // Nova: the owner may not lift an admin's lock (policy unlock:unlock_override).
    if (inst.locked && inst.locked_by === 'admin' && !actor.isAdmin) {
      throw policyForbidden('os_compute_api:os-lock-server:unlock:unlock_override');
    }
    await this.#d.db.transaction().execute(async (trx) => {
      await trx.updateTable('instances').set({ locked: 0, locked_by: null, locked_reason: null, updated_at: nowIso() })
        .where('uuid', '=', uuid).execute();
      await recordAction(trx, actor, uuid, 'unlock');
    });
  }
}
