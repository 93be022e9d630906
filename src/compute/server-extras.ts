/**
 * What the server views of later microversions need beyond the instance row: the server's group
 * (2.71), its trusted image certificates (2.63, kept in system_metadata as Nova keeps them in
 * instance_extra) and its NUMA topology (2.78).
 */
import type { Kysely } from 'kysely';
import { badRequest } from '../errors.js';
import type { HostService } from './hosts.js';
import type { Database, Instance } from '../store/schema.js';
import type { ServerGroupTables } from './server-groups.js';

/** The system_metadata key of the trusted image certificate ids. */
export const TRUSTED_CERTS_KEY = 'trusted_image_certificates';

/** The uuids of the groups the server belongs to (at most one, Nova: InstanceGroup.get_by_instance_uuid). */
export async function serverGroupsOf(db: Kysely<Database>, instanceUuid: string): Promise<string[]> {
  const g = db.withTables<ServerGroupTables>();
  const rows = await g.selectFrom('server_group_members').select('group_uuid').where('instance_uuid', '=', instanceUuid).execute();
  return rows.map((r) => r.group_uuid);
}

/** The server's trusted image certificate ids, or null when it has none (Nova shows null). */
export function trustedCertsOf(inst: Pick<Instance, 'system_metadata'>): string[] | null {
  const sys = JSON.parse(inst.system_metadata) as Record<string, unknown>;
  const certs = sys[TRUSTED_CERTS_KEY];
  return Array.isArray(certs) && certs.length > 0 ? certs.map(String) : null;
}

/** system_metadata with the certificates set (null or an empty list removes them). */
export function withTrustedCerts(systemMetadata: string, certs: readonly string[] | null): string {
  const sys = JSON.parse(systemMetadata) as Record<string, unknown>;
  if (certs && certs.length > 0) sys[TRUSTED_CERTS_KEY] = [...certs];
  else delete sys[TRUSTED_CERTS_KEY];
  return JSON.stringify(sys);
}

/** Nova (compute_utils.is_volume_backed_instance): no image, or a root volume (boot index 0). */
export async function isVolumeBacked(trx: Kysely<Database>, inst: Instance): Promise<boolean> {
  if (inst.image_ref === '') return true;
  const root = await trx.selectFrom('volume_attachments').select('id').where('server_id', '=', inst.uuid).where('boot_index', '=', 0).executeTakeFirst();
  return root !== undefined;
}

/** The server's image properties (kept in system_metadata as image_<key>, as Nova does). */
export function imagePropertiesOf(inst: Pick<Instance, 'system_metadata'>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(JSON.parse(inst.system_metadata) as Record<string, unknown>)) {
    if (k.startsWith('image_')) props[k.slice('image_'.length)] = v;
  }
  return props;
}

/** 2.56 migrate to a named host (Nova: compute/api.py resize with host_name): not its own, and a known compute host. */
export function checkMigrateHost(computeHosts: readonly string[], inst: Instance, host: string): void {
  if (host === inst.host) throw badRequest('Cannot migrate to the host where the server exists.');
  if (!computeHosts.includes(host)) throw badRequest(`Compute host ${host} could not be found.`);
}

/** The names of all compute hosts (up or not). Not inside a transaction: it reads through the root handle. */
export async function computeHosts(hosts: HostService): Promise<string[]> {
  return (await hosts.services()).filter((s) => s.binary === 'nova-compute').map((s) => s.host);
}

/**
 * 2.74: the host and/or node an admin asked for must exist (Nova: _validate_host_or_node, 400
 * ComputeHostNotFound); the build is then placed there. Returns the zone with that host forced.
 */
export async function requestedDestination<Z extends { zone: string | null; host: string | null }>(
  hosts: HostService, req: { requestedHost?: string; requestedNode?: string }, zone: Z,
): Promise<Z> {
  const { requestedHost: host, requestedNode: node } = req;
  if (!host && !node) return zone;
  const computes = (await hosts.services()).filter((s) => s.binary === 'nova-compute').map((s) => s.host);
  // Simulated hosts have one node each, named as the host.
  if (host && !computes.includes(host)) throw badRequest(`Compute host ${host} could not be found.`);
  if (node && (!computes.includes(node) || (host && node !== host))) throw badRequest(`Compute host ${node} could not be found.`);
  return { ...zone, host: host ?? node ?? null };
}
