/**
 * The manager's view of a server row: load it, move its task_state step by step and write its
 * end state — each write a compare-and-swap on the task_state the step expects, so a server that
 * was deleted or reset meanwhile is never overwritten (Nova: instance.save(expected_task_state)).
 */
import type { Kysely, Transaction, Updateable } from 'kysely';
import type { DriverInstance } from '../drivers/driver.js';
import type { Database, Instance, InstanceRow } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { parseFlavor } from './embedded-flavor.js';
import { prepared } from '../store/prepared.js';

/** A server's live row: what every job starts from and every GET /servers/{id} shows, built once (store/prepared.ts). */
export const liveRow = prepared<{ uuid: string }, Instance>((db, arg) => db.selectFrom('instances').selectAll().where('uuid', '=', arg('uuid')).where('deleted', '=', 0));

/** The UPDATEs of save, by expected task_state and columns set. */
const saves = new Map<string, ReturnType<typeof prepared<Record<string, unknown>>>>();

const isPlainValue = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The step's expected task_state was gone: someone else changed the server. */
export class UnexpectedTaskState extends Error {}

type Db = Kysely<Database> | Transaction<Database>;

export class InstanceStore {
  constructor(private readonly db: Kysely<Database>) {}

  async load(uuid: string, db: Db = this.db): Promise<Instance | undefined> {
    return (await liveRow(db, { uuid })).rows[0];
  }

  /** Sets `changes` if the server is still in task_state `expected`; throws UnexpectedTaskState otherwise. */
  async save(uuid: string, expected: string | null, changes: Updateable<InstanceRow>, db: Db = this.db): Promise<void> {
    const values = { ...changes, updated_at: nowIso() };
    const columns = Object.keys(values);
    const args: Record<string, unknown> = { ...values, uuid, expected };
    let changed: bigint | undefined;
    if (Object.values(values).every(isPlainValue)) {
      // The same few sets of columns come back with every server: each is built once.
      const key = `${expected === null} ${columns.join(' ')}`;
      let update = saves.get(key);
      if (!update) {
        update = prepared<Record<string, unknown>>((d, arg) => {
          const q = d.updateTable('instances').set(Object.fromEntries(columns.map((c) => [c, arg(c)]))).where('uuid', '=', arg('uuid') as string).where('deleted', '=', 0);
          return expected === null ? q.where('task_state', 'is', null) : q.where('task_state', '=', arg('expected') as string);
        });
        saves.set(key, update);
      }
      changed = (await update(db, args)).numAffectedRows;
    } else {
      let q = db.updateTable('instances').set(values).where('uuid', '=', uuid).where('deleted', '=', 0);
      q = expected === null ? q.where('task_state', 'is', null) : q.where('task_state', '=', expected);
      changed = (await q.executeTakeFirst()).numUpdatedRows;
    }
    if (Number(changed) !== 1) throw new UnexpectedTaskState(`${uuid} is no longer in task_state ${expected}`);
  }

  /** Records a fault on the server (shown while it is in ERROR). */
  async fault(uuid: string, code: number, message: string, details = '', db: Db = this.db): Promise<void> {
    await db.updateTable('instances')
      .set({ fault: JSON.stringify({ code, message, details, created: nowIso() }) })
      .where('uuid', '=', uuid).execute();
  }
}

export function driverInstance(inst: Instance, host = inst.host ?? ''): DriverInstance {
  const f = parseFlavor(inst.flavor);
  return {
    uuid: inst.uuid, name: instanceName(inst.id), host, vcpus: f.vcpus, memoryMb: f.memory_mb, rootGb: f.root_gb, imageRef: inst.image_ref,
  };
}

/** Nova's instance_name_template: instance-%08x */
export const instanceName = (id: number): string => `instance-${id.toString(16).padStart(8, '0')}`;
