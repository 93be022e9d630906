/**
 * Reads a server create's `block_device_mapping` (legacy) or `block_device_mapping_v2` into
 * block-device requests (Nova: block_device.py BlockDeviceDict.from_api / from_legacy_mapping),
 * with Nova's 400s for malformed mappings. Whether the volumes exist is the domain's check.
 */
import { invalidBdm } from '../../../volume/errors.js';
import type { BlockDeviceRequest } from '../../../volume/block-devices.js';
import { asBool } from '../../parameter-types.js';

type Raw = Record<string, unknown>;
type Source = BlockDeviceRequest['source'];

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

/** Nova: block_device.get_device_letter — `vda`, `/dev/xvda`, `sda` → `a`. */
const deviceLetter = (name: string): string => name.replace(/^\/dev\//, '').replace(/^(xv|v|s|h)d/, '').replace(/\d+$/, '');

/** Legacy mappings: the one on device letter `a` is the root disk. */
function fromLegacy(bdm: Raw): BlockDeviceRequest | null {
  const volume = str(bdm.volume_id) ?? (bdm.source_type === 'volume' ? str(bdm.uuid) : null);
  const snapshot = str(bdm.snapshot_id) ?? (bdm.source_type === 'snapshot' ? str(bdm.uuid) : null);
  if (!volume && !snapshot) return null;
  const device = str(bdm.device_name);
  return {
    source: volume ? 'volume' : 'snapshot', destination: 'volume', uuid: volume ?? snapshot,
    bootIndex: device && deviceLetter(device) === 'a' ? 0 : null, size: int(bdm.volume_size),
    deviceName: device, deleteOnTermination: asBool(bdm.delete_on_termination),
  };
}

function fromV2(bdm: Raw, imageRef: string): BlockDeviceRequest | null {
  const source = (str(bdm.source_type) ?? (bdm.volume_id ? 'volume' : bdm.snapshot_id ? 'snapshot' : bdm.image_id ? 'image' : 'blank')) as Source;
  const id = str(bdm.uuid) ?? str(bdm[`${source}_id`]);
  if (source === 'blank' && str(bdm.uuid)) throw invalidBdm('Invalid device UUID.');
  if (source !== 'blank' && !id) throw invalidBdm('Missing device UUID.');
  const destination = (str(bdm.destination_type) ?? (source === 'volume' || source === 'snapshot' ? 'volume' : 'local')) as 'volume' | 'local';
  const index = int(bdm.boot_index);
  const bootIndex = index === null || index < 0 ? null : index;
  if (source === 'image' && destination === 'local') {
    // Nova: only the image the server boots from (imageRef, boot_index 0) may map to a local disk.
    if (!(imageRef && bootIndex === 0)) throw invalidBdm('Mapping image to local is not supported.');
    return null;
  }
  if (destination === 'local') return null;
  return {
    source, destination, uuid: source === 'blank' ? null : id, bootIndex, size: int(bdm.volume_size),
    deviceName: str(bdm.device_name), deleteOnTermination: asBool(bdm.delete_on_termination),
  };
}

/** The volume-backed mappings of a create request (swap and ephemeral disks need no volume). */
export function blockDeviceRequests(legacy: readonly Raw[] | undefined, v2: readonly Raw[] | undefined, imageRef: string): BlockDeviceRequest[] {
  const out: BlockDeviceRequest[] = [];
  for (const bdm of legacy ?? []) {
    const r = fromLegacy(bdm);
    if (r) out.push(r);
  }
  for (const bdm of v2 ?? []) {
    const r = fromV2(bdm, imageRef);
    if (r) out.push(r);
  }
  return out;
}
