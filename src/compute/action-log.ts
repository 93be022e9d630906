/**
 * Instance actions and their events (Nova: os-instance-actions). The API side records the action
 * in the same transaction as the state change; the manager adds events as it works.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { inTransaction } from '../store/dialect.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Actor {
  readonly userId: string;
  readonly projectId: string;
  readonly isAdmin: boolean;
  readonly requestId: string;
}

export async function recordAction(db: Db, actor: Actor, instanceUuid: string, action: string, message: string | null = null): Promise<void> {
  const now = nowIso();
  await db.insertInto('instance_actions').values({
    instance_uuid: instanceUuid, action, request_id: actor.requestId, project_id: actor.projectId,
    user_id: actor.userId, start_time: now, finish_time: null, message, updated_at: now,
  }).execute();
}

/** Runs `work` as event `event` of the action recorded for (instance, request); records its result. */
export async function withEvent<T>(db: Kysely<Database>, instanceUuid: string, requestId: string, event: string, host: string | null, work: () => Promise<T>): Promise<T> {
  const action = await db.selectFrom('instance_actions').select('id')
    .where('instance_uuid', '=', instanceUuid).where('request_id', '=', requestId)
    .orderBy('id', 'desc').executeTakeFirst();
  const inserted = action
    ? await db.insertInto('instance_action_events').values({
      action_id: action.id, event, start_time: nowIso(), finish_time: null, result: null, traceback: null, host,
    }).returning('id').executeTakeFirst()
    : undefined;
  const finish = async (result: string, traceback: string | null, message: string | null): Promise<void> => {
    if (!inserted || !action) return;
    const now = nowIso();
    await inTransaction(db, async (trx) => {
      // An event that began before the server had a host (a build) ends on the host it got.
      const at = host ?? (await trx.selectFrom('instances').select('host').where('uuid', '=', instanceUuid).executeTakeFirst())?.host ?? null;
      await trx.updateTable('instance_action_events').set({ finish_time: now, result, traceback, host: at }).where('id', '=', inserted.id).execute();
      await trx.updateTable('instance_actions').set({ finish_time: now, updated_at: now, ...(message ? { message } : {}) })
        .where('id', '=', action.id).execute();
    });
  };
  try {
    const out = await work();
    await finish('Success', null, null);
    return out;
  } catch (err) {
    await finish('Error', String((err as Error)?.stack ?? err), 'Error');
    throw err;
  }
}
