/** The image a snapshot, backup or shelve writes into (Nova: compute/utils.py create_image). */
import { createReadStream, rmSync } from 'node:fs';
import type { ComputeDriver } from '../drivers/driver.js';
import type { Image, ImageService } from '../image/service.js';
import type { Instance } from '../store/schema.js';
import type { Actor } from './action-log.js';
import { parseFlavor } from './embedded-flavor.js';
import { driverInstance } from './instance-store.js';

export async function snapshotImage(images: ImageService, actor: Actor, inst: Instance, o: {
  name: string; metadata: Record<string, string>; imageType: 'snapshot' | 'backup'; backupType?: string;
}): Promise<Image> {
  const sys = JSON.parse(inst.system_metadata) as Record<string, unknown>;
  const inherited: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sys)) {
    if (k.startsWith('image_') && !['image_base_image_ref', 'image_instance_uuid', 'image_image_type', 'image_backup_type'].includes(k)) {
      inherited[k.slice('image_'.length)] = v;
    }
  }
  const base = inst.image_ref ? await images.get(inst.image_ref, actor.projectId, true) : null;
  const flavor = parseFlavor(inst.flavor);
  return images.create({
    name: o.name,
    owner: inst.project_id,
    status: 'queued',
    visibility: 'private',
    disk_format: base?.disk_format ?? 'qcow2',
    container_format: base?.container_format ?? 'bare',
    min_ram: Math.max(base?.min_ram ?? 0, 0),
    min_disk: Math.max(base?.min_disk ?? 0, flavor.root_gb),
    properties: {
      ...inherited,
      image_type: o.imageType,
      instance_uuid: inst.uuid,
      base_image_ref: inst.image_ref,
      user_id: actor.userId,
      owner_project_name: actor.projectId,
      // Nova: the request's metadata is applied over the instance properties (_initialize_instance_snapshot_metadata)
      ...o.metadata,
      ...(o.backupType ? { backup_type: o.backupType } : {}),
    },
  });
}

/** The hypervisor copies the disk; a real driver's file becomes the image's data, the fake's is only sized. */
export async function storeSnapshot(driver: ComputeDriver, images: ImageService, inst: Instance, imageId: string): Promise<void> {
  const data = await driver.snapshot(driverInstance(inst), imageId);
  if (!data) {
    await images.update(imageId, { status: 'active', size: parseFlavor(inst.flavor).root_gb * 1024 * 1024 });
    return;
  }
  try {
    await images.upload(imageId, createReadStream(data.path));
  } finally {
    rmSync(data.path, { force: true });
  }
}
