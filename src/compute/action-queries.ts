/**
 * Reading a server's instance actions (Nova: db actions_get, action_get_by_request_id): newest
 * first, paged from 2.58 by `limit` and a request id `marker`, filtered by `updated_at` with
 * `changes-since` (2.58) and `changes-before` (2.66).
 */
import type { Kysely } from 'kysely';
import { badRequest } from '../errors.js';
import type { Database, InstanceAction, InstanceActionEvent } from '../store/schema.js';

/** A page of actions; every field optional (absent: the whole list, as before 2.58). */
export interface ActionPage {
  readonly limit?: number;
  /** the request id of the last action already seen */
  readonly marker?: string;
  /** stored-format timestamps (ISO with microseconds) bounding updated_at, both inclusive */
  readonly changesSince?: string;
  readonly changesBefore?: string;
}

export async function listActions(db: Kysely<Database>, uuid: string, page: ActionPage = {}): Promise<InstanceAction[]> {
  if (page.limit === 0) return [];
  let q = db.selectFrom('instance_actions').selectAll().where('instance_uuid', '=', uuid);
  if (page.changesSince !== undefined) q = q.where('updated_at', '>=', page.changesSince);
  if (page.changesBefore !== undefined) q = q.where('updated_at', '<=', page.changesBefore);
  if (page.marker !== undefined) {
    const marker = await findAction(db, uuid, page.marker);
    if (!marker) throw badRequest(`Marker ${page.marker} could not be found.`);
    q = q.where('id', '<', marker.id);
  }
  q = q.orderBy('id', 'desc');
  return page.limit === undefined ? q.execute() : q.limit(page.limit).execute();
}

/** The newest action of the server recorded for `requestId`. */
export async function findAction(db: Kysely<Database>, uuid: string, requestId: string): Promise<InstanceAction | undefined> {
  return db.selectFrom('instance_actions').selectAll().where('instance_uuid', '=', uuid)
    .where('request_id', '=', requestId).orderBy('id', 'desc').executeTakeFirst();
}

/** An action's events, newest first (Nova: action_events_get). */
export async function actionEvents(db: Kysely<Database>, actionId: number): Promise<InstanceActionEvent[]> {
  return db.selectFrom('instance_action_events').selectAll().where('action_id', '=', actionId).orderBy('id', 'desc').execute();
}

/**
 * Nova 2.84 `details`: what a failed event tells the user — the message of the error it failed
 * with (the first line of the recorded traceback, without the error's class name); null otherwise.
 */
export function eventDetails(e: InstanceActionEvent): string | null {
  if (e.result !== 'Error' || !e.traceback) return null;
  const first = e.traceback.split('\n', 1)[0];
  const m = /^[A-Za-z_$][\w$]*(?:Error|Exception)?: (.*)$/.exec(first);
  return m ? m[1] : first;
}
