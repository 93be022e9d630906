/**
 * Checks a create request's block device mappings against the volume store and the images, as
 * Nova's compute API does before it accepts a boot (nova/compute/api.py _validate_bdm and
 * utils.get_bdm_image_metadata), and turns each into a plan the create transaction carries out.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import { badRequest } from '../errors.js';
import type { ImageService } from '../image/service.js';
import type { Database } from '../store/schema.js';
import { invalidBdm, notAvailable } from './errors.js';
import type { BlockDevicePlan } from './instance-volumes.js';

/** One mapping as the request gives it, in block_device_mapping_v2 terms. */
export type BlockDeviceRequest = Omit<BlockDevicePlan, 'bootable' | 'imageId'>;

export async function planBlockDevices(
  db: Kysely<Database>, images: ImageService, actor: Actor, requests: readonly BlockDeviceRequest[], count: { min: number; max: number },
): Promise<BlockDevicePlan[]> {
  if ((count.min > 1 || count.max > 1) && requests.some((r) => r.source === 'volume')) {
    throw badRequest('Cannot attach one or more volumes to multiple instances');
  }
  const plans: BlockDevicePlan[] = [];
  for (const r of requests) plans.push(await planOne(db, images, actor, r));
  return plans;
}

async function planOne(db: Kysely<Database>, images: ImageService, actor: Actor, r: BlockDeviceRequest): Promise<BlockDevicePlan> {
  const boot = r.bootIndex === 0;
  switch (r.source) {
    case 'volume': {
      const vol = await db.selectFrom('volumes').selectAll().where('id', '=', r.uuid ?? '').where('project_id', '=', actor.projectId).executeTakeFirst();
      if (!vol) throw invalidBdm(`failed to get volume ${r.uuid ?? ''}.`);
      if (boot && vol.bootable !== 1) throw invalidBdm(`Block Device ${vol.id} is not bootable.`);
      if (vol.status !== 'available') throw notAvailable(vol.id, vol.status);
      return { ...r, size: vol.size, bootable: vol.bootable === 1, imageId: vol.image_id };
    }
    case 'snapshot': {
      const snap = await db.selectFrom('volume_snapshots').selectAll().where('id', '=', r.uuid ?? '').where('project_id', '=', actor.projectId).executeTakeFirst();
      if (!snap || snap.status !== 'available') throw invalidBdm(`failed to get snapshot ${r.uuid ?? ''}.`);
      const vol = await db.selectFrom('volumes').select(['bootable', 'image_id']).where('id', '=', snap.volume_id).executeTakeFirst();
      if (boot && vol?.bootable !== 1) throw invalidBdm(`Block Device ${snap.id} is not bootable.`);
      return { ...r, size: r.size ?? snap.size, bootable: vol?.bootable === 1, imageId: vol?.image_id ?? null };
    }
    case 'image': {
      const image = await images.get(r.uuid ?? '', actor.projectId, actor.isAdmin);
      if (!image) throw invalidBdm(`failed to get image ${r.uuid ?? ''}.`);
      if (r.destination === 'volume' && !r.size) {
        throw invalidBdm("Images with destination_type 'volume' need to have a non-zero size specified");
      }
      return { ...r, bootable: true, imageId: image.id };
    }
    default:
      if (r.destination === 'volume' && !r.size) throw invalidBdm('Blank volumes (source: \'blank\', dest: \'volume\') need to have non-zero size');
      return { ...r, bootable: false, imageId: null };
  }
}
