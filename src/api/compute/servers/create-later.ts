/**
 * What server create reads from microversions after 2.53 (Nova: servers.py create):
 * trusted image certificates (2.63), a requested host and node (2.74, admins) and the hostname
 * (2.90). The API-level refusals Nova makes before calling compute happen here.
 */
import type { CreateRequest } from '../../../compute/create.js';
import { badRequest, policyForbidden } from '../../../errors.js';
import { VOLUME_TYPE } from '../../../volume/defaults.js';
import type { RequestContext } from '../../context.js';

type Body = Record<string, unknown>;

type LaterFields = Pick<CreateRequest, 'trustedCerts' | 'requestedHost' | 'requestedNode' | 'hostname'>;

/**
 * 2.67 `volume_type` of a mapping (Nova: block_device.from_api and _check_requested_volume_type):
 * only for a new volume, and only a type the block storage has.
 */
export function checkVolumeTypes(mappings: unknown): void {
  for (const bdm of (Array.isArray(mappings) ? mappings : []) as Body[]) {
    const type = bdm.volume_type;
    if (typeof type !== 'string' || type === '') continue;
    if (bdm.destination_type === 'local') {
      throw badRequest('Block Device Mapping is Invalid: Specifying a volume_type with destination_type=local is not supported.');
    }
    if (bdm.source_type === 'volume') throw badRequest('Block Device Mapping is Invalid: Specifying volume type to existing volume is not supported.');
    if (type !== VOLUME_TYPE) throw badRequest(`Volume type ${type} could not be found.`);
  }
}

export function laterCreateFields(ctx: RequestContext, s: Body, o: { maxCount: number; bootFromVolume: boolean }): LaterFields {
  const out: { -readonly [K in keyof LaterFields]: LaterFields[K] } = {};
  const certs = s.trusted_image_certificates as string[] | null | undefined;
  if (certs && certs.length > 0) {
    if (o.bootFromVolume) throw badRequest('Image certificate validation is not supported when booting from volume');
    out.trustedCerts = certs;
  }
  const host = s.host as string | undefined;
  const node = s.hypervisor_hostname as string | undefined;
  if (host || node) {
    // Nova: policy compute:servers:create:requested_destination (admins), then the exclusive check.
    if (!ctx.isAdmin) throw policyForbidden('compute:servers:create:requested_destination');
    const [, zoneHost, zoneNode] = String(s.availability_zone ?? '').split(':');
    if (zoneHost || zoneNode) {
      throw badRequest('One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.');
    }
    out.requestedHost = host || undefined;
    out.requestedNode = node || undefined;
  }
  if (typeof s.hostname === 'string') {
    if (o.maxCount > 1) throw badRequest('Unable to allocate a single hostname to multiple instances');
    out.hostname = s.hostname;
  }
  return out;
}
