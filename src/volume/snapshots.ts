/**
 * Volume snapshots (Cinder; Nova's os-snapshots proxy): `creating` → `available` and `deleting`
 * → gone through jobs, as the volumes themselves.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Database, VolumeSnapshotRow } from '../store/schema.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import { invalidInput, invalidVolume, snapshotNotFound, volumeNotFound } from './errors.js';

export type Snapshot = Selectable<VolumeSnapshotRow>;

export interface NewSnapshot {
  readonly volumeId: string;
  /** snapshot an attached volume too (Cinder's force) */
  readonly force: boolean;
  readonly name?: string | null;
  readonly description?: string | null;
}

export class SnapshotService {
  constructor(private readonly db: Kysely<Database>, private readonly queue: JobQueue) {}

  list(actor: Actor): Promise<Snapshot[]> {
    return this.db.selectFrom('volume_snapshots').selectAll().where('project_id', '=', actor.projectId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  }

  async get(actor: Actor, id: string): Promise<Snapshot> {
    let q = this.db.selectFrom('volume_snapshots').selectAll().where('id', '=', id);
    if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
    const row = await q.executeTakeFirst();
    if (!row) throw snapshotNotFound(id);
    return row;
  }

  async create(actor: Actor, spec: NewSnapshot): Promise<Snapshot> {
    const vol = await this.db.selectFrom('volumes').selectAll().where('id', '=', spec.volumeId)
      .where('project_id', '=', actor.projectId).executeTakeFirst();
    if (!vol) throw volumeNotFound(spec.volumeId);
    const allowed = spec.force ? ['available', 'in-use'] : ['available'];
    if (!allowed.includes(vol.status)) {
      throw invalidVolume(`Volume ${vol.id} status must be available, but current status is: ${vol.status}.`);
    }
    const row: Snapshot = {
      id: uuid(), project_id: actor.projectId, user_id: actor.userId, volume_id: vol.id, size: vol.size,
      name: spec.name ?? null, description: spec.description ?? null, status: 'creating', created_at: nowIso(), updated_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('volume_snapshots').values(row).execute();
      await this.queue.enqueue(trx, { kind: 'snapshot_create', instanceUuid: null, requestId: actor.requestId, payload: { snapshotId: row.id } });
    });
    this.queue.notify();
    return row;
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.get(actor, id);
    await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('volume_snapshots').set({ status: 'deleting', updated_at: nowIso() })
        .where('id', '=', id).where('status', 'in', ['available', 'error']).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw invalidInput('Snapshot status must be available or error');
      await this.queue.enqueue(trx, { kind: 'snapshot_delete', instanceUuid: null, requestId: actor.requestId, payload: { snapshotId: id } });
    });
    this.queue.notify();
  }
}
