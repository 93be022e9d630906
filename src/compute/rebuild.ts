/**
 * Rebuild, API side (Nova: compute/api.py rebuild): the new image, and what the request may change
 * with it — name, metadata, access addresses, disk config, description, and from later
 * microversions the key pair (2.54), user data (2.57), trusted certificates (2.63) and hostname
 * (2.90). A volume-backed server keeps its root volume: before 2.93 only with the volume's own
 * image; from 2.93 the volume is re-imaged.
 */
import type { Transaction, Updateable } from 'kysely';
import { badRequest } from '../errors.js';
import type { Image } from '../image/service.js';
import type { Database, Instance, InstanceRow } from '../store/schema.js';
import { shortenIpv6 } from '../util/ip.js';
import { nowIso } from '../util/time.js';
import type { Actor } from './action-log.js';
import type { ComputeApiDeps } from './api.js';
import { parseFlavor } from './embedded-flavor.js';
import { withTrustedCerts } from './server-extras.js';

/** What a rebuild request asks for; `undefined` leaves a field as it is, `null` unsets it. */
export interface RebuildRequest {
  readonly imageRef: string;
  readonly name?: string;
  readonly adminPass?: string;
  readonly metadata?: Record<string, string>;
  readonly accessIPv4?: string;
  readonly accessIPv6?: string;
  readonly diskConfig?: string;
  readonly preserveEphemeral?: boolean;
  readonly description?: string | null;
  /** 2.54 */
  readonly keyName?: string | null;
  /** 2.57 */
  readonly userData?: string | null;
  /** 2.63 */
  readonly trustedCerts?: readonly string[] | null;
  /** 2.90 */
  readonly hostname?: string;
  /** 2.93: a volume-backed server's root volume takes the new image */
  readonly reimageBootVolume?: boolean;
}

/** The image, and the key pair a 2.54 request names, resolved before the transaction. */
export async function rebuildInputs(d: ComputeApiDeps, actor: Actor, r: RebuildRequest): Promise<{ image: Image; key: { name: string; public_key: string } | null }> {
  // Nova: the key pair of the caller (users own keys), not of the server's owner; looked up before the image.
  const key = typeof r.keyName === 'string' ? await d.keypairs.get(actor.userId, r.keyName) : null;
  if (typeof r.keyName === 'string' && !key) throw badRequest('Invalid key_name provided.');
  const image = await d.images.get(r.imageRef, actor.projectId, actor.isAdmin);
  if (!image) throw badRequest('Cannot find image for rebuild');
  if (image.status !== 'active') throw badRequest(`Image ${r.imageRef} is not active.`);
  return { image, key };
}

/** Inside the rebuild's transaction: the checks that need the server, and the columns to set. */
export async function rebuildChanges(
  trx: Transaction<Database>, inst: Instance, r: RebuildRequest, image: Image, key: { name: string; public_key: string } | null,
): Promise<Updateable<InstanceRow>> {
  const flavor = parseFlavor(inst.flavor);
  if (image.min_ram > flavor.memory_mb) throw badRequest("Flavor's memory is too small for requested image.");
  if (flavor.root_gb > 0 && image.min_disk > flavor.root_gb) throw badRequest("Flavor's disk is too small for requested image.");
  const volumeBacked = await checkVolumeBacked(trx, inst, r, image.id);
  return {
    ...(volumeBacked ? {} : { image_ref: image.id }),
    ...(r.name !== undefined ? { display_name: r.name } : {}),
    ...(r.metadata !== undefined ? { metadata: JSON.stringify(r.metadata) } : {}),
    ...(r.accessIPv4 !== undefined ? { access_ip_v4: r.accessIPv4 } : {}),
    ...(r.accessIPv6 !== undefined ? { access_ip_v6: r.accessIPv6 ? shortenIpv6(r.accessIPv6) : r.accessIPv6 } : {}),
    ...(r.diskConfig !== undefined ? { disk_config: r.diskConfig } : {}),
    ...(r.description !== undefined ? { display_description: r.description } : {}),
    ...(r.keyName !== undefined ? { key_name: key?.name ?? null, key_data: key?.public_key ?? null } : {}),
    ...(r.userData !== undefined ? { user_data: r.userData } : {}),
    ...(r.trustedCerts !== undefined ? { system_metadata: withTrustedCerts(inst.system_metadata, r.trustedCerts) } : {}),
    ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
  };
}

/**
 * Nova: a volume-backed server cannot take trusted certificates, and before 2.93 cannot change
 * its image (the root volume keeps it); from 2.93 the root volume is re-imaged. True when the
 * server boots from a volume.
 */
async function checkVolumeBacked(trx: Transaction<Database>, inst: Instance, r: RebuildRequest, imageId: string): Promise<boolean> {
  const root = await trx.selectFrom('volume_attachments as a').innerJoin('volumes as v', 'v.id', 'a.volume_id')
    .select(['v.id', 'v.image_id']).where('a.server_id', '=', inst.uuid).where('a.boot_index', '=', 0).executeTakeFirst();
  if (!root && inst.image_ref !== '') return false;
  if (r.trustedCerts) throw badRequest('Image certificate validation is not supported for volume-backed servers.');
  if (root?.image_id !== imageId) {
    if (!r.reimageBootVolume) {
      throw badRequest(`Image ${imageId} is unacceptable: Unable to rebuild with a different image for a volume-backed server.`);
    }
    if (root) await trx.updateTable('volumes').set({ image_id: imageId, updated_at: nowIso() }).where('id', '=', root.id).execute();
  }
  return true;
}
