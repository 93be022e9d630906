/**
 * Attachments on a real hypervisor: after the attachment is recorded (or removed), the volume is
 * plugged into (or unplugged from) the server's machine — Nova's compute attach_volume /
 * detach_volume. With the fake driver nothing needs plugging and the plain VolumeAttachments is used.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { DriverVolume } from '../drivers/driver.js';
import type { Database, Instance } from '../store/schema.js';
import { VolumeAttachments, type AttachOptions, type ServerLookup } from './attachments.js';
import type { VolumeAttachment } from './service.js';

/** The compute side that plugs volumes into machines (the compute manager). */
export interface VolumeHypervisor {
  attachVolume(inst: Instance, volume: DriverVolume): Promise<void>;
  detachVolume(inst: Instance, volumeId: string): Promise<void>;
}

export class PluggedAttachments extends VolumeAttachments {
  constructor(private readonly database: Kysely<Database>, servers: ServerLookup, private readonly hypervisor: VolumeHypervisor) {
    super(database, servers);
  }

  #server(id: string): Promise<Instance | undefined> {
    return this.database.selectFrom('instances').selectAll().where('uuid', '=', id).where('deleted', '=', 0).executeTakeFirst();
  }

  override async attach(actor: Actor, serverId: string, volumeId: string, opts: AttachOptions): Promise<VolumeAttachment> {
    const att = await super.attach(actor, serverId, volumeId, opts);
    const inst = await this.#server(serverId);
    const vol = await this.database.selectFrom('volumes').select('size').where('id', '=', volumeId).executeTakeFirst();
    if (inst && vol) await this.hypervisor.attachVolume(inst, { id: volumeId, sizeGb: Number(vol.size), device: att.device });
    return att;
  }

  override async detach(actor: Actor, serverId: string, volumeId: string, allowShelved: boolean): Promise<void> {
    await super.detach(actor, serverId, volumeId, allowShelved);
    const inst = await this.#server(serverId);
    if (inst) await this.hypervisor.detachVolume(inst, volumeId);
  }
}
