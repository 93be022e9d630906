/**
 * The volumes of one server, written inside the caller's transaction (use only `trx`: SQLite has
 * one connection): attaching the block devices a create asks for, releasing them when the server
 * is deleted, and the server's `volumes_attached` list kept in step with its attachments.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { Database } from '../store/schema.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import { notAvailable, volumeNotFound } from './errors.js';
import { VOLUME_TYPE, VOLUME_ZONE } from './defaults.js';

type Trx = Transaction<Database> | Kysely<Database>;

/** One block device mapping of a create request, checked against the volume store. */
export interface BlockDevicePlan {
  readonly source: 'volume' | 'snapshot' | 'image' | 'blank';
  readonly destination: 'volume' | 'local';
  /** volume, snapshot or image id (null for blank) */
  readonly uuid: string | null;
  /** 0 = the root disk; null = not bootable */
  readonly bootIndex: number | null;
  /** GB of the volume to create (source snapshot, image or blank) */
  readonly size: number | null;
  readonly deviceName: string | null;
  readonly deleteOnTermination: boolean;
  /** a snapshot's volume was bootable, or the source is an image */
  readonly bootable: boolean;
  readonly imageId: string | null;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The first free /dev/vdX after the root disk (Nova: get_next_device_name). */
export function nextDevice(used: ReadonlySet<string>): string {
  for (const l of LETTERS.slice(1)) if (!used.has(`/dev/vd${l}`)) return `/dev/vd${l}`;
  for (const a of LETTERS) for (const b of LETTERS) if (!used.has(`/dev/vd${a}${b}`)) return `/dev/vd${a}${b}`;
  return '/dev/vdzz';
}

export const devicePath = (name: string): string => (name.startsWith('/dev/') ? name : `/dev/${name}`);

/** Rewrites the server's volumes_attached JSON from its attachment rows. */
export async function syncVolumesAttached(trx: Trx, serverId: string): Promise<void> {
  const rows = await trx.selectFrom('volume_attachments').select(['volume_id', 'delete_on_termination'])
    .where('server_id', '=', serverId).orderBy('created_at').orderBy('device').execute();
  const list = rows.map((r) => ({ id: r.volume_id, delete_on_termination: r.delete_on_termination === 1 }));
  await trx.updateTable('instances').set({ volumes_attached: JSON.stringify(list) }).where('uuid', '=', serverId).execute();
}

/** Creates and attaches the volumes of a new server (destination volume); local devices need nothing. */
export async function attachBlockDevices(trx: Trx, actor: Actor, serverId: string, plans: readonly BlockDevicePlan[]): Promise<void> {
  const volumes = [...plans].filter((p) => p.destination === 'volume').sort((a, b) => (a.bootIndex === 0 ? -1 : b.bootIndex === 0 ? 1 : 0));
  if (volumes.length === 0) return;
  const used = new Set<string>(['/dev/vda']);
  for (const plan of volumes) {
    const volumeId = plan.source === 'volume' ? await reserveVolume(trx, plan.uuid ?? '') : await newVolume(trx, actor, serverId, plan);
    let device = plan.bootIndex === 0 ? '/dev/vda' : plan.deviceName ? devicePath(plan.deviceName) : nextDevice(used);
    if (plan.bootIndex !== 0 && used.has(device)) device = nextDevice(used);
    used.add(device);
    await trx.insertInto('volume_attachments').values({
      id: uuid(), volume_id: volumeId, server_id: serverId, device, boot_index: plan.bootIndex,
      delete_on_termination: plan.deleteOnTermination ? 1 : 0, created_at: nowIso(),
    }).execute();
  }
  await syncVolumesAttached(trx, serverId);
}

/** available → in-use, or Nova's 400 for a volume that cannot be attached. */
async function reserveVolume(trx: Trx, id: string): Promise<string> {
  const res = await trx.updateTable('volumes').set({ status: 'in-use', updated_at: nowIso() })
    .where('id', '=', id).where('status', '=', 'available').executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return id;
  const vol = await trx.selectFrom('volumes').select('status').where('id', '=', id).executeTakeFirst();
  if (!vol) throw volumeNotFound(id);
  throw notAvailable(id, vol.status);
}

/** Nova creates the volume of an image, snapshot or blank mapping itself (name '' or <server>-blank-vol). */
async function newVolume(trx: Trx, actor: Actor, serverId: string, plan: BlockDevicePlan): Promise<string> {
  const id = uuid();
  await trx.insertInto('volumes').values({
    id, project_id: actor.projectId, user_id: actor.userId, size: plan.size ?? 1,
    name: plan.source === 'blank' ? `${serverId}-blank-vol` : '', description: '', status: 'in-use',
    availability_zone: VOLUME_ZONE, volume_type: VOLUME_TYPE, snapshot_id: plan.source === 'snapshot' ? plan.uuid : null,
    source_volid: null, image_id: plan.imageId, bootable: plan.bootable ? 1 : 0, metadata: '{}', created_at: nowIso(), updated_at: null,
  }).execute();
  return id;
}

/** A deleted server lets go of its volumes: delete_on_termination ones are deleted, the rest become available. */
export async function releaseVolumes(trx: Trx, serverId: string): Promise<void> {
  const atts = await trx.selectFrom('volume_attachments').selectAll().where('server_id', '=', serverId).execute();
  if (atts.length === 0) return;
  await trx.deleteFrom('volume_attachments').where('server_id', '=', serverId).execute();
  for (const a of atts) {
    // A multiattach volume still attached to another server stays in-use.
    const elsewhere = await trx.selectFrom('volume_attachments').select('id').where('volume_id', '=', a.volume_id).executeTakeFirst();
    if (elsewhere) continue;
    const snaps = await trx.selectFrom('volume_snapshots').select('id').where('volume_id', '=', a.volume_id).executeTakeFirst();
    // Nova: a volume Cinder will not delete (it has snapshots) stays, detached.
    if (a.delete_on_termination === 1 && !snaps) {
      await trx.deleteFrom('volumes').where('id', '=', a.volume_id).execute();
    } else {
      await trx.updateTable('volumes').set({ status: 'available', updated_at: nowIso() }).where('id', '=', a.volume_id).execute();
    }
  }
  await syncVolumesAttached(trx, serverId);
}
