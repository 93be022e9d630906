/**
 * Instance actions and their events (Nova: os-instance-actions). The API side records the action
 * in the same transaction as the state change; the manager adds events as it works.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, InstanceActionRow } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { inTransaction } from '../store/dialect.js';
import { insertedId, prepared, returningIdOnPostgres } from '../store/prepared.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Actor {
  readonly userId: string;
  readonly projectId: string;
  readonly isAdmin: boolean;
  readonly requestId: string;
}

const insertAction = prepared<Insertable<InstanceActionRow>>((db, arg, first) =>
  db.insertInto('instance_actions').values(Object.fromEntries(Object.keys(first).map((k) => [k, arg(k as keyof InstanceActionRow & string)])) as never));

export async function recordAction(db: Db, actor: Actor, instanceUuid: string, action: string, message: string | null = null): Promise<void> {
  const now = nowIso();
  await insertAction(db, {
    instance_uuid: instanceUuid, action, request_id: actor.requestId, project_id: actor.projectId,
    user_id: actor.userId, start_time: now, finish_time: null, message, updated_at: now,
  });
}

// Every job of every server runs these: built once (store/prepared.ts).
const actionOf = prepared<{ uuid: string; requestId: string }, { id: number }>((db, arg) => db.selectFrom('instance_actions').select('id')
  .where('instance_uuid', '=', arg('uuid')).where('request_id', '=', arg('requestId')).orderBy('id', 'desc'));
// (No LIMIT: with one, SQLite walks the table backwards by id instead of using the (instance_uuid, request_id) index.)
// (No RETURNING: in SQLite it costs more than the INSERT; the id is the insert's rowid.)
const startEvent = prepared<{ actionId: number; event: string; start: string; host: string | null }>((db, arg) => returningIdOnPostgres(db, db.insertInto('instance_action_events')
  .values({ action_id: arg('actionId'), event: arg('event'), start_time: arg('start'), finish_time: null, result: null, traceback: null, host: arg('host') })));
const hostOf = prepared<{ uuid: string }, { host: string | null }>((db, arg) => db.selectFrom('instances').select('host').where('uuid', '=', arg('uuid')));
const finishEvent = prepared<{ id: number; now: string; result: string; traceback: string | null; host: string | null }>((db, arg) => db.updateTable('instance_action_events')
  .set({ finish_time: arg('now'), result: arg('result'), traceback: arg('traceback'), host: arg('host') }).where('id', '=', arg('id')));
const finishAction = prepared<{ id: number; now: string }>((db, arg) => db.updateTable('instance_actions')
  .set({ finish_time: arg('now'), updated_at: arg('now') }).where('id', '=', arg('id')));

/** Runs `work` as event `event` of the action recorded for (instance, request); records its result. */
export async function withEvent<T>(db: Kysely<Database>, instanceUuid: string, requestId: string, event: string, host: string | null, work: () => Promise<T>): Promise<T> {
  const action = (await actionOf(db, { uuid: instanceUuid, requestId })).rows[0];
  const inserted = action ? { id: insertedId(await startEvent(db, { actionId: action.id, event, start: nowIso(), host })) } : undefined;
  const finish = async (result: string, traceback: string | null, message: string | null): Promise<void> => {
    if (!inserted || !action) return;
    const now = nowIso();
    await inTransaction(db, async (trx) => {
      // An event that began before the server had a host (a build) ends on the host it got.
      const at = host ?? (await hostOf(trx, { uuid: instanceUuid })).rows[0]?.host ?? null;
      await finishEvent(trx, { id: inserted.id, now, result, traceback, host: at });
      if (message) {
        await trx.updateTable('instance_actions').set({ finish_time: now, updated_at: now, message }).where('id', '=', action.id).execute();
      } else {
        await finishAction(trx, { id: action.id, now });
      }
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
