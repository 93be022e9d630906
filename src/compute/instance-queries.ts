/**
 * Reading servers: one by uuid as the caller may see it, and lists with Nova's filters and
 * marker paging (by the internal id index, so a page costs the same anywhere in the list).
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { badRequest, forbidden, instanceNotFound } from '../errors.js';
import { regexpMatch, type Engine } from '../store/dialect.js';
import type { Database, Instance, InstanceAction, InstanceActionEvent } from '../store/schema.js';
import type { Actor } from './action-log.js';
import { type ActionPage, actionEvents, findAction, listActions } from './action-queries.js';
import type { InstanceRowCache } from './instance-row-cache.js';
import { liveRow } from './instance-store.js';
import { applyLaterFilters, type LaterListFilters } from './list-filters-later.js';
import { statesForStatus } from './states.js';

export interface ListFilters {
  readonly name?: string;
  readonly status?: readonly string[];
  /** 2.38: a status filter that names no known status is a 400, not an empty list */
  readonly strictStatus?: boolean;
  readonly image?: string;
  readonly flavor?: string;
  readonly reservationId?: string;
  readonly ip?: string;
  /** regex over the IPv6 addresses (admins; members from 2.5) */
  readonly ip6?: string;
  readonly changesSince?: string;
  readonly host?: string;
  readonly allTenants?: boolean;
  readonly tenantId?: string;
  readonly deleted?: boolean;
  readonly limit: number;
  readonly marker?: string;
  /** 2.26 tag filters: servers with all of `tags`, any of `tagsAny`, not all of `notTags`, none of `notTagsAny` */
  readonly tags?: readonly string[];
  readonly tagsAny?: readonly string[];
  readonly notTags?: readonly string[];
  readonly notTagsAny?: readonly string[];
  /** filters of 2.66 and later (list-filters-later.ts) */
  readonly later?: LaterListFilters;
}

export class InstanceQueries {
  constructor(private readonly db: Kysely<Database>, private readonly engine: Engine, private readonly cache?: InstanceRowCache) {}

  /** The server as `actor` may see it: other projects' servers are 404 unless admin. */
  async get(actor: Actor, uuid: string, opts: { includeDeleted?: boolean } = {}): Promise<Instance> {
    const row = opts.includeDeleted
      ? await this.db.selectFrom('instances').selectAll().where('uuid', '=', uuid).executeTakeFirst()
      : await (this.cache ? this.cache.read(uuid, (u) => this.#live(u)) : this.#live(uuid));
    if (!row || (!actor.isAdmin && row.project_id !== actor.projectId)) throw instanceNotFound(uuid);
    return row;
  }

  async #live(uuid: string): Promise<Instance | undefined> {
    return (await liveRow(this.db, { uuid })).rows[0];
  }

  async list(actor: Actor, f: ListFilters): Promise<Instance[]> {
    let q = this.db.selectFrom('instances').selectAll();
    q = this.#scope(q, actor, f);
    q = await this.#filters(q, actor, f);
    if (f.marker !== undefined) {
      const marker = await this.#scope(this.db.selectFrom('instances').select('id').where('uuid', '=', f.marker), actor, { ...f, deleted: true })
        .executeTakeFirst();
      if (!marker) throw badRequest(`marker [${f.marker}] not found`);
      q = q.where('id', '<', marker.id);
    }
    return q.orderBy('id', 'desc').limit(f.limit).execute();
  }

  /** Instance actions of a server, newest first. */
  async actions(uuid: string): Promise<InstanceAction[]> {
    return this.db.selectFrom('instance_actions').selectAll().where('instance_uuid', '=', uuid).orderBy('id', 'desc').execute();
  }

  /** An action's events, newest first (Nova: action_events_get). */
  actionEvents(actionId: number): Promise<InstanceActionEvent[]> {
    return actionEvents(this.db, actionId);
  }

  /** A page of a server's instance actions (2.58 paging and 2.58/2.66 time filters). */
  actionsPage(uuid: string, page: ActionPage): Promise<InstanceAction[]> {
    return listActions(this.db, uuid, page);
  }

  action(uuid: string, requestId: string): Promise<InstanceAction | undefined> {
    return findAction(this.db, uuid, requestId);
  }

  #scope<O>(q: SelectQueryBuilder<Database, 'instances', O>, actor: Actor, f: ListFilters): SelectQueryBuilder<Database, 'instances', O> {
    if (f.allTenants && actor.isAdmin) {
      return f.tenantId ? q.where('project_id', '=', f.tenantId) : q;
    }
    return q.where('project_id', '=', actor.projectId);
  }

  async #filters<O>(q: SelectQueryBuilder<Database, 'instances', O>, actor: Actor, f: ListFilters): Promise<SelectQueryBuilder<Database, 'instances', O>> {
    // Nova: changes-since and changes-before (2.66) list deleted servers too.
    if (f.changesSince !== undefined || f.later?.changesBefore !== undefined) {
      if (f.changesSince !== undefined) q = q.where('updated_at', '>=', f.changesSince);
    } else if (f.deleted && actor.isAdmin) {
      q = q.where('deleted', '=', 1);
    } else {
      q = q.where('deleted', '=', 0);
    }
    if (f.name !== undefined) q = q.where(regexpMatch(this.engine, 'display_name', f.name));
    if (f.reservationId !== undefined) q = q.where('reservation_id', '=', f.reservationId);
    if (f.image !== undefined) q = q.where('image_ref', '=', f.image);
    if (f.flavor !== undefined) q = q.where(regexpMatch(this.engine, 'flavor', `"id":${JSON.stringify(f.flavor).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    if (f.host !== undefined && actor.isAdmin) q = q.where('host', '=', f.host);
    if (f.ip !== undefined) q = q.where(regexpMatch(this.engine, 'addresses', `"version":4,"addr":"[^"]*${f.ip}`));
    if (f.ip6 !== undefined) q = q.where(regexpMatch(this.engine, 'addresses', `"version":6,"addr":"[^"]*${f.ip6}`));
    if (f.status && f.status.length) q = this.#status(q, actor, f.status, f.strictStatus ?? false);
    return applyLaterFilters(this.#tags(q, f), this.engine, f.later);
  }

  #tags<O>(q: SelectQueryBuilder<Database, 'instances', O>, f: ListFilters): SelectQueryBuilder<Database, 'instances', O> {
    // The tags column is a compact JSON array: a tag is one whole element of it.
    const has = (tag: string) => regexpMatch(this.engine, 'tags', `[\\[,]${JSON.stringify(tag).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[,\\]]`);
    if (f.tags?.length) q = q.where((eb) => eb.and(f.tags!.map(has)));
    if (f.tagsAny?.length) q = q.where((eb) => eb.or(f.tagsAny!.map(has)));
    if (f.notTags?.length) q = q.where((eb) => eb.not(eb.and(f.notTags!.map(has))));
    if (f.notTagsAny?.length) q = q.where((eb) => eb.not(eb.or(f.notTagsAny!.map(has))));
    return q;
  }

  #status<O>(q: SelectQueryBuilder<Database, 'instances', O>, actor: Actor, statuses: readonly string[], strict: boolean): SelectQueryBuilder<Database, 'instances', O> {
    const vm: string[] = [];
    const pairs: Array<{ vm: string[]; tasks: Array<string | null> }> = [];
    for (const status of statuses) {
      if (status.toUpperCase() === 'DELETED' && !actor.isAdmin) throw forbidden('Only administrators may list deleted instances');
      const s = statesForStatus(status);
      if (!s) continue;
      if (s.taskStates === 'any') vm.push(...s.vmStates);
      else pairs.push({ vm: s.vmStates, tasks: s.taskStates });
    }
    // Nova: unknown statuses match nothing before 2.38, and are a 400 from 2.38.
    if (vm.length === 0 && pairs.length === 0) {
      if (strict) throw badRequest('Invalid status value');
      return q.where('id', '<', 0);
    }
    return q.where((eb) => eb.or([
      ...(vm.length ? [eb('vm_state', 'in', vm)] : []),
      ...pairs.map((p) => eb.and([eb('vm_state', 'in', p.vm), eb('task_state', 'in', p.tasks.filter((t): t is string => t !== null))])),
    ]));
  }
}
