/**
 * os-server-external-events (Nova: server_external_events.py, compute/api.py
 * external_instance_event): services such as Neutron and Cinder tell Nova that something
 * happened to a server. Each event gets its own outcome: 200 accepted, 404 no such server, 422
 * the server has no host yet, 400 a required tag missing. Accepted `power-update` events record a
 * start/stop action and `volume-extended` an extend_volume action; the simulated hypervisor needs
 * nothing else (Nova changes power state only for Ironic).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAction, type Actor } from './action-log.js';

/** One event as the request gives it (already schema-checked). */
export interface ExternalEvent {
  readonly name: string;
  readonly server_uuid: string;
  readonly status?: string;
  readonly tag?: string;
}

/** The event as answered: the request's fields with `status` and `code` set. */
export interface ExternalEventResult extends ExternalEvent {
  readonly status: string;
  readonly code: 200 | 400 | 404 | 422;
}

/** Nova: events that mean nothing without a tag. */
const TAG_REQUIRED = new Set(['volume-extended', 'power-update', 'accelerator-request-bound']);

/** Nova: the instance action an accepted event starts, if any. */
function actionOf(e: ExternalEvent): string | null {
  if (e.name === 'volume-extended') return 'extend_volume';
  if (e.name !== 'power-update') return null;
  if (e.tag === 'POWER_ON') return 'start';
  return e.tag === 'POWER_OFF' ? 'stop' : null;
}

export async function deliverExternalEvents(db: Kysely<Database>, actor: Actor, events: readonly ExternalEvent[]): Promise<ExternalEventResult[]> {
  const uuids = [...new Set(events.map((e) => e.server_uuid))];
  const rows = await db.selectFrom('instances').select(['uuid', 'host']).where('uuid', 'in', uuids).where('deleted', '=', 0).execute();
  const hostOf = new Map(rows.map((r) => [r.uuid, r.host]));
  const results: ExternalEventResult[] = [];
  const accepted: ExternalEvent[] = [];
  for (const e of events) {
    if (!hostOf.has(e.server_uuid)) results.push({ ...e, status: 'failed', code: 404 });
    else if (TAG_REQUIRED.has(e.name) && e.tag === undefined) results.push({ ...e, status: 'failed', code: 400 });
    else if (!hostOf.get(e.server_uuid)) results.push({ ...e, status: 'failed', code: 422 });
    else {
      results.push({ ...e, status: 'completed', code: 200 });
      accepted.push(e);
    }
  }
  const recorded = accepted.filter((e) => actionOf(e) !== null);
  if (recorded.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const e of recorded) await recordAction(trx, actor, e.server_uuid, actionOf(e)!);
    });
  }
  return results;
}
