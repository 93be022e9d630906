/**
 * The built-in block storage (a Cinder subset): volumes live in the database; creation and
 * deletion are asynchronous as in Cinder (`creating` → `available`, `deleting` → gone), finished
 * by jobs in the shared queue. Nova's os-volumes proxy and the Cinder v3 API both read this.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { ImageService } from '../image/service.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Database, VolumeAttachmentRow, VolumeRow } from '../store/schema.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import { badRequest, notFound } from '../errors.js';
import type { JobHandler } from '../jobs/worker.js';
import { VolumeAttachments, type ServerLookup } from './attachments.js';
import { PluggedAttachments, type VolumeHypervisor } from './plugged-attachments.js';
import { volumeJobHandlers } from './jobs.js';
import { SnapshotService } from './snapshots.js';
import { VolumeQuotas } from './quotas.js';
import { planBlockDevices, type BlockDeviceRequest } from './block-devices.js';
import type { BlockDevicePlan } from './instance-volumes.js';
import { VOLUME_TYPE, VOLUME_ZONE } from './defaults.js';
import { DELETE_REFUSED, invalidInput, invalidVolume, snapshotNotFound, volumeNotFound } from './errors.js';

/** Cinder's constants.DB_MAX_INT: the largest size (GB) a volume row holds. */
const DB_MAX_INT = 0x7fffffff;

export type Volume = Selectable<VolumeRow>;
export type VolumeAttachment = Selectable<VolumeAttachmentRow>;

/** A volume with its attachments (several only for a multiattach volume). */
export interface VolumeRecord extends Volume {
  readonly attachments: readonly VolumeAttachment[];
}

/** What a create request asks for (Cinder's names; Nova's proxy maps display_* onto them). */
export interface NewVolume {
  readonly size?: number;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly snapshotId?: string | null;
  readonly sourceVolid?: string | null;
  readonly imageRef?: string | null;
  readonly availabilityZone?: string | null;
  readonly volumeType?: string | null;
  readonly metadata?: Readonly<Record<string, string>> | null;
  /** may be attached to several servers at once (Nova 2.60) */
  readonly multiattach?: boolean;
}

export { VOLUME_TYPE, VOLUME_ZONE };

export interface VolumeServiceDeps {
  readonly db: Kysely<Database>;
  readonly queue: JobQueue;
  readonly images: ImageService;
  /** finds servers for attachments, scoped to the actor (the compute API) */
  readonly servers: ServerLookup;
  /** a real hypervisor that plugs attached volumes into the machines (the qemu driver's manager) */
  readonly hypervisor?: VolumeHypervisor;
}

export class VolumeService {
  readonly snapshots: SnapshotService;
  readonly attachments: VolumeAttachments;
  /** the quota report (limits and usage) */
  readonly quotas: VolumeQuotas;

  constructor(private readonly d: VolumeServiceDeps) {
    this.snapshots = new SnapshotService(d.db, d.queue);
    this.attachments = d.hypervisor ? new PluggedAttachments(d.db, d.servers, d.hypervisor) : new VolumeAttachments(d.db, d.servers);
    this.quotas = new VolumeQuotas(d.db);
  }

  /** The job handlers that finish creates and deletes (wired to the worker in app.ts). */
  handlers(): Record<string, JobHandler> {
    return volumeJobHandlers(this.d.db);
  }

  /** The project's volumes, newest first; `name` filters exactly (Cinder's ?name=). */
  async list(actor: Actor, filters: { name?: string } = {}): Promise<VolumeRecord[]> {
    let q = this.d.db.selectFrom('volumes').selectAll().where('project_id', '=', actor.projectId);
    if (filters.name !== undefined) q = q.where('name', '=', filters.name);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return this.#withAttachments(rows);
  }

  /** A volume the actor may see (its project's; admins see all), or 404. */
  async get(actor: Actor, id: string): Promise<VolumeRecord> {
    const row = await this.find(actor, id);
    if (!row) throw volumeNotFound(id);
    return (await this.#withAttachments([row]))[0];
  }

  async find(actor: Actor, id: string, db: Kysely<Database> = this.d.db): Promise<Volume | undefined> {
    let q = db.selectFrom('volumes').selectAll().where('id', '=', id);
    if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
    return q.executeTakeFirst();
  }

  /** Writes the volume as `creating`; a `volume_create` job makes it `available`. */
  async create(actor: Actor, spec: NewVolume): Promise<VolumeRecord> {
    const origin = await this.#origin(actor, spec);
    const size = spec.size ?? origin.size;
    if (size === undefined || size < 1) throw invalidInput(`Volume size '${size ?? 'None'}' must be an integer and greater than 0`);
    // Cinder: the size is an Integer column; larger than DB_MAX_INT is refused before the quota check.
    if (!Number.isSafeInteger(size) || size > DB_MAX_INT) throw invalidInput(`size must be <= ${DB_MAX_INT}.`);
    if (origin.size !== undefined && size < origin.size) {
      throw invalidInput(`Volume size '${size}'GB cannot be smaller than the ${origin.kind} size ${origin.size}GB. They must be >= original ${origin.kind} size.`);
    }
    const zone = spec.availabilityZone ?? VOLUME_ZONE;
    if (zone !== VOLUME_ZONE) throw invalidInput(`Availability zone '${zone}' is invalid.`);
    const type = spec.volumeType ?? VOLUME_TYPE;
    if (type !== VOLUME_TYPE) throw notFound(`Volume type with name ${type} could not be found.`);
    const row: Volume = {
      id: uuid(), project_id: actor.projectId, user_id: actor.userId, size, name: spec.name ?? null,
      description: spec.description ?? null, status: 'creating', availability_zone: zone, volume_type: type,
      snapshot_id: spec.snapshotId ?? null, source_volid: spec.sourceVolid ?? null, image_id: origin.imageId,
      bootable: origin.bootable ? 1 : 0, metadata: JSON.stringify(spec.metadata ?? {}), created_at: nowIso(), updated_at: null,
      multiattach: spec.multiattach ? 1 : 0,
    };
    await this.d.db.transaction().execute(async (trx) => {
      await trx.insertInto('volumes').values(row).execute();
      await this.d.queue.enqueue(trx, { kind: 'volume_create', instanceUuid: null, requestId: actor.requestId, payload: { volumeId: row.id } });
    });
    this.d.queue.notify();
    return { ...row, attachments: [] };
  }

  /** What the new volume copies: a snapshot's or source volume's size and bootability, or an image. */
  async #origin(actor: Actor, spec: NewVolume): Promise<{ kind: string; size?: number; bootable: boolean; imageId: string | null }> {
    if (spec.snapshotId) {
      const snap = await this.d.db.selectFrom('volume_snapshots').selectAll().where('id', '=', spec.snapshotId)
        .where('project_id', '=', actor.projectId).executeTakeFirst();
      if (!snap) throw snapshotNotFound(spec.snapshotId);
      if (snap.status !== 'available') throw invalidInput(`Snapshot ${snap.id} status must be available`);
      const vol = await this.d.db.selectFrom('volumes').select(['bootable', 'image_id']).where('id', '=', snap.volume_id).executeTakeFirst();
      return { kind: 'snapshot', size: snap.size, bootable: vol?.bootable === 1, imageId: vol?.image_id ?? null };
    }
    if (spec.sourceVolid) {
      const src = await this.find(actor, spec.sourceVolid);
      if (!src) throw volumeNotFound(spec.sourceVolid);
      return { kind: 'source volume', size: src.size, bootable: src.bootable === 1, imageId: src.image_id };
    }
    if (spec.imageRef) {
      const image = await this.d.images.get(spec.imageRef, actor.projectId, actor.isAdmin);
      if (!image) throw badRequest('Invalid image identifier or unable to access requested image.');
      if (image.status !== 'active') throw invalidInput(`Image ${image.id} is not active.`);
      const gb = Math.max(image.min_disk, Math.ceil((image.size ?? 0) / 1024 ** 3));
      return { kind: 'image', size: gb > 0 ? gb : undefined, bootable: true, imageId: image.id };
    }
    return { kind: 'volume', bootable: false, imageId: null };
  }

  /** Cinder refuses attached volumes and volumes with snapshots; the row goes `deleting`, then away. */
  async delete(actor: Actor, id: string): Promise<void> {
    const vol = await this.find(actor, id);
    if (!vol) throw volumeNotFound(id);
    await this.d.db.transaction().execute(async (trx) => {
      const snaps = await trx.selectFrom('volume_snapshots').select('id').where('volume_id', '=', id).executeTakeFirst();
      const res = await trx.updateTable('volumes').set({ status: 'deleting', updated_at: nowIso() })
        .where('id', '=', id).where('status', 'in', ['available', 'error']).executeTakeFirst();
      if (snaps || Number(res.numUpdatedRows) !== 1) throw invalidVolume(DELETE_REFUSED);
      await this.d.queue.enqueue(trx, { kind: 'volume_delete', instanceUuid: null, requestId: actor.requestId, payload: { volumeId: id } });
    });
    this.d.queue.notify();
  }

  /** Cinder's os-set_bootable action: marks whether servers may boot from the volume. */
  async setBootable(actor: Actor, id: string, bootable: boolean): Promise<void> {
    const vol = await this.find(actor, id);
    if (!vol) throw volumeNotFound(id);
    await this.d.db.updateTable('volumes').set({ bootable: bootable ? 1 : 0, updated_at: nowIso() }).where('id', '=', id).execute();
  }

  /** Checks a boot request's block device mappings; the plans go into the server create. */
  planBlockDevices(actor: Actor, requests: readonly BlockDeviceRequest[], count: { min: number; max: number }): Promise<BlockDevicePlan[]> {
    return planBlockDevices(this.d.db, this.d.images, actor, requests, count);
  }

  /** Attachments of the given servers, one query (server views, attachment lists). */
  async attachmentsOfServers(serverIds: readonly string[]): Promise<VolumeAttachment[]> {
    if (serverIds.length === 0) return [];
    return this.d.db.selectFrom('volume_attachments').selectAll().where('server_id', 'in', serverIds)
      .orderBy('created_at').orderBy('device').execute();
  }

  async #withAttachments(rows: Volume[]): Promise<VolumeRecord[]> {
    if (rows.length === 0) return [];
    const atts = await this.d.db.selectFrom('volume_attachments').selectAll().where('volume_id', 'in', rows.map((r) => r.id)).execute();
    return rows.map((r) => ({ ...r, attachments: atts.filter((a) => a.volume_id === r.id) }));
  }
}
