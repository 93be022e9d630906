/**
 * Volume attachments of a server (Nova: os-volume_attachments, compute/api.py attach_volume,
 * detach_volume, swap_volume). Each change checks the server's lock and state and records the
 * instance action in the same transaction as the attachment rows and the volumes' statuses. The
 * simulated hypervisor needs no time, so the volume is `in-use` (or `available`) at once.
 */
import type { Kysely, Transaction } from 'kysely';
import { recordAction, type Actor } from '../compute/action-log.js';
import { GUARDS, VM, violation, type Guard } from '../compute/states.js';
import { conflict, forbidden, instanceLocked, instanceNotFound, invalidState, notFound, badRequest } from '../errors.js';
import type { Database, Instance } from '../store/schema.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import { invalidVolume, notAvailable, volumeNotFound } from './errors.js';
import { devicePath, nextDevice, syncVolumesAttached } from './instance-volumes.js';
import type { Volume, VolumeAttachment } from './service.js';

/** Nova: swap_volume is allowed from these states only. */
const SWAP_GUARD: Guard = { vmStates: [VM.ACTIVE, VM.PAUSED, VM.RESIZED] };

export interface ServerLookup {
  /** The server the actor may see, or Nova's 404. */
  get(actor: Actor, uuid: string): Promise<Instance>;
}

export interface AttachOptions {
  readonly device: string | null;
  /** Nova allows shelved servers from microversion 2.20 */
  readonly allowShelved: boolean;
  readonly deleteOnTermination?: boolean;
  /** the device tag (2.49+) */
  readonly tag?: string | null;
  /** Nova: a multiattach volume may be attached only from microversion 2.60 */
  readonly multiattach?: boolean;
}

/** What PUT os-volume_attachments/{volume} may say from 2.85 besides swapping (only delete_on_termination changes). */
export interface AttachmentUpdate {
  readonly id?: string;
  readonly serverId?: string;
  readonly device?: string | null;
  readonly tag?: string;
  readonly deleteOnTermination?: boolean;
}

const notAttached = (serverId: string, volumeId: string) => notFound(`Instance ${serverId} is not attached to volume ${volumeId}`);

export class VolumeAttachments {
  constructor(private readonly db: Kysely<Database>, private readonly servers: ServerLookup) {}

  async list(actor: Actor, serverId: string): Promise<VolumeAttachment[]> {
    await this.servers.get(actor, serverId);
    return this.db.selectFrom('volume_attachments').selectAll().where('server_id', '=', serverId).orderBy('created_at').orderBy('device').execute();
  }

  async show(actor: Actor, serverId: string, volumeId: string): Promise<VolumeAttachment> {
    await this.servers.get(actor, serverId);
    const att = await this.db.selectFrom('volume_attachments').selectAll().where('server_id', '=', serverId).where('volume_id', '=', volumeId).executeTakeFirst();
    if (!att) throw notAttached(serverId, volumeId);
    return att;
  }

  async attach(actor: Actor, serverId: string, volumeId: string, opts: AttachOptions): Promise<VolumeAttachment> {
    await this.servers.get(actor, serverId);
    return this.db.transaction().execute(async (trx) => {
      const inst = await this.#server(trx, actor, serverId, 'attach_volume', opts.allowShelved);
      this.#checkState(actor, inst, 'attach_volume', GUARDS.attach_volume);
      const vol = await this.#volume(trx, actor, volumeId);
      await this.#checkAttachable(trx, vol, serverId, opts.multiattach === true);
      const used = new Set((await this.#attachments(trx, serverId)).map((a) => a.device));
      used.add('/dev/vda');
      const device = opts.device ? devicePath(opts.device) : nextDevice(used);
      if (opts.device && used.has(device)) throw conflict(`The supplied device path (${device}) is in use.`);
      const att: VolumeAttachment = {
        id: uuid(), volume_id: vol.id, server_id: serverId, device, boot_index: null,
        delete_on_termination: opts.deleteOnTermination ? 1 : 0, created_at: nowIso(), tag: opts.tag ?? null,
      };
      await trx.insertInto('volume_attachments').values(att).execute();
      if (vol.status === 'available') await this.#setStatus(trx, vol.id, 'available', 'in-use');
      await syncVolumesAttached(trx, serverId);
      await recordAction(trx, actor, serverId, 'attach_volume');
      return att;
    });
  }

  async detach(actor: Actor, serverId: string, volumeId: string, allowShelved: boolean): Promise<void> {
    await this.servers.get(actor, serverId);
    await this.db.transaction().execute(async (trx) => {
      const inst = await this.#server(trx, actor, serverId, 'detach_volume', allowShelved);
      await this.#volume(trx, actor, volumeId);
      const att = (await this.#attachments(trx, serverId)).find((a) => a.volume_id === volumeId);
      if (!att) throw notAttached(serverId, volumeId);
      // Nova (kilo, as the seed documents): 403 for the root disk of a server booted from volume.
      if (att.boot_index === 0) throw forbidden("Can't detach root device volume");
      this.#checkState(actor, inst, 'detach_volume', GUARDS.detach_volume);
      await trx.deleteFrom('volume_attachments').where('id', '=', att.id).execute();
      // A multiattach volume attached elsewhere too stays in-use.
      const elsewhere = await trx.selectFrom('volume_attachments').select('id').where('volume_id', '=', volumeId).executeTakeFirst();
      if (!elsewhere) await this.#setStatus(trx, volumeId, 'in-use', 'available');
      await syncVolumesAttached(trx, serverId);
      await recordAction(trx, actor, serverId, 'detach_volume');
    });
  }

  /** Moves the attachment of `oldId` to `newId` (admin; Nova: swap_volume). */
  async swap(actor: Actor, serverId: string, oldId: string, newId: string): Promise<void> {
    const old = await this.#find(this.db, actor, oldId);
    if (!old) throw volumeNotFound(oldId);
    // Nova: a volume named in the body that does not exist is a 400, not a 404.
    const fresh = await this.#find(this.db, actor, newId);
    if (!fresh) throw badRequest(`Volume ${newId} could not be found.`);
    await this.servers.get(actor, serverId);
    await this.db.transaction().execute(async (trx) => {
      const inst = await this.#server(trx, actor, serverId, 'swap_volume', true);
      const att = (await this.#attachments(trx, serverId)).find((a) => a.volume_id === oldId);
      if (!att) throw notFound('The volume was either invalid or not attached to the instance.');
      this.#checkState(actor, inst, 'swap_volume', SWAP_GUARD);
      if (fresh.status === 'in-use') throw invalidVolume('New volume must be detached in order to swap.');
      if (fresh.size < old.size) throw invalidVolume('New volume must be the same size or larger.');
      if (fresh.status !== 'available') throw notAvailable(fresh.id, fresh.status);
      const holders = await trx.selectFrom('volume_attachments').select('id').where('volume_id', '=', oldId).execute();
      if (holders.length > 1) throw badRequest('Swapping multi-attach volumes with more than one read/write attachment is not supported.');
      await trx.updateTable('volume_attachments').set({ volume_id: newId }).where('id', '=', att.id).execute();
      await this.#setStatus(trx, oldId, 'in-use', 'available');
      await this.#setStatus(trx, newId, 'available', 'in-use');
      await syncVolumesAttached(trx, serverId);
      await recordAction(trx, actor, serverId, 'swap_volume');
    });
  }

  /**
   * 2.85: changes delete_on_termination of the attachment; the other properties it names must be
   * what they are (Nova: _update_volume_regular). No instance action, no state or lock check.
   */
  async update(actor: Actor, serverId: string, volumeId: string, u: AttachmentUpdate): Promise<void> {
    const inst = await this.servers.get(actor, serverId);
    const att = await this.db.selectFrom('volume_attachments').selectAll().where('server_id', '=', inst.uuid)
      .where('volume_id', '=', volumeId).executeTakeFirst();
    if (!att) throw notFound(`No volume Block Device Mapping with id ${volumeId}.`);
    if (u.id !== undefined && u.id !== volumeId) throw badRequest('The id property is not mutable');
    if (u.serverId !== undefined && u.serverId !== inst.uuid) throw badRequest('The serverId property is not mutable');
    if (u.device !== undefined && u.device !== att.device) throw badRequest('The device property is not mutable');
    if (u.tag !== undefined && u.tag !== att.tag) throw badRequest('The tag property is not mutable');
    if (u.deleteOnTermination === undefined) return;
    await this.db.updateTable('volume_attachments').set({ delete_on_termination: u.deleteOnTermination ? 1 : 0 })
      .where('id', '=', att.id).execute();
  }

  /**
   * A volume must be available (Kilo's check_attach wording); a multiattach one needs 2.60 and may
   * be in-use elsewhere, but not on this server already (Nova: _check_volume_already_attached).
   */
  async #checkAttachable(trx: Transaction<Database>, vol: Volume, serverId: string, multiattachOk: boolean): Promise<void> {
    if (vol.multiattach !== 1) {
      if (vol.status !== 'available') throw notAvailable(vol.id, vol.status);
      return;
    }
    if (!multiattachOk) throw badRequest('Multiattach volumes are only supported starting with compute API version 2.60.');
    const holders = await trx.selectFrom('volume_attachments').select('server_id').where('volume_id', '=', vol.id).execute();
    if (holders.some((h) => h.server_id === serverId)) throw invalidVolume(`volume ${vol.id} already attached`);
    if (vol.status !== 'available' && vol.status !== 'in-use') throw notAvailable(vol.id, vol.status);
  }

  /** The server row; before 2.20 Nova refuses shelved servers as an invalid state. */
  async #server(trx: Transaction<Database>, actor: Actor, serverId: string, action: string, allowShelved: boolean): Promise<Instance> {
    // Checked again inside the transaction: the server may have been deleted since the caller looked it up.
    const inst = await trx.selectFrom('instances').selectAll().where('uuid', '=', serverId).where('deleted', '=', 0).executeTakeFirst();
    if (!inst) throw instanceNotFound(serverId);
    if (!allowShelved && (inst.vm_state === VM.SHELVED || inst.vm_state === VM.SHELVED_OFFLOADED)) {
      throw invalidState(action, serverId, 'vm_state', inst.vm_state);
    }
    return inst;
  }

  #checkState(actor: Actor, inst: Instance, action: string, guard: Guard): void {
    if (inst.locked && !actor.isAdmin) throw instanceLocked(inst.uuid);
    const bad = violation(guard, inst.vm_state, inst.task_state);
    if (bad) throw invalidState(action, inst.uuid, bad.attr, bad.state);
  }

  async #volume(trx: Transaction<Database>, actor: Actor, id: string): Promise<Volume> {
    const vol = await this.#find(trx, actor, id);
    if (!vol) throw volumeNotFound(id);
    return vol;
  }

  #find(db: Kysely<Database>, actor: Actor, id: string): Promise<Volume | undefined> {
    let q = db.selectFrom('volumes').selectAll().where('id', '=', id);
    if (!actor.isAdmin) q = q.where('project_id', '=', actor.projectId);
    return q.executeTakeFirst();
  }

  #attachments(trx: Transaction<Database>, serverId: string): Promise<VolumeAttachment[]> {
    return trx.selectFrom('volume_attachments').selectAll().where('server_id', '=', serverId).execute();
  }

  async #setStatus(trx: Transaction<Database>, id: string, from: string, to: string): Promise<void> {
    const res = await trx.updateTable('volumes').set({ status: to, updated_at: nowIso() }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const row = await trx.selectFrom('volumes').select('status').where('id', '=', id).executeTakeFirst();
      throw notAvailable(id, row?.status ?? 'deleted');
    }
  }
}
