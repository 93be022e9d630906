/**
 * Server create, API side (Nova: compute/api.py create → _provision_instances): resolve flavor,
 * image and key pair, check zone and quotas, then write the servers, their "create" actions and
 * their build jobs in one transaction. The build itself runs in the manager: from the job, or,
 * when every step is instant, inside this transaction (ComputeManager.runInline).
 */
import type { Kysely } from 'kysely';
import { badRequest, policyForbidden } from '../errors.js';
import type { Image, ImageService } from '../image/service.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Database, Instance } from '../store/schema.js';
import { hex, isUuid, password, uuid } from '../util/ids.js';
import { attachBlockDevices, type BlockDevicePlan } from '../volume/instance-volumes.js';
import { nowIso } from '../util/time.js';
import { recordAction, type Actor } from './action-log.js';
import { embedFlavor, type EmbeddedFlavor } from './embedded-flavor.js';
import type { Flavor, FlavorService } from './flavors.js';
import type { HostService } from './hosts.js';
import type { KeypairService } from './keypairs.js';
import type { QuotaService } from './quotas.js';
import { POWER, VM } from './states.js';
import { PRIVATE_NETWORK_ID } from './network.js';
import { bindGroups, groupsForCreate } from '../network/instance-security-groups.js';
import type { SecurityGroupRow } from '../network/tables.js';
import { unlimited } from './usage.js';
import { allowedInstances, checkInjectedFiles, checkMetadataItems, type QuotaScopes } from './quota-check.js';
import type { Engine } from '../store/dialect.js';
import { addMembers, requestedGroup } from './server-groups.js';
import { shortenIpv6 } from '../util/ip.js';
import { requestedDestination, TRUSTED_CERTS_KEY } from './server-extras.js';
import { memoised, StoreMemo, type TableWrites } from '../store/table-writes.js';
import { insertedId, prepared, returningIdOnPostgres } from '../store/prepared.js';

export interface CreateRequest {
  readonly name: string;
  /** image id, or '' when booting from a volume */
  readonly imageRef: string;
  readonly flavorRef: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly personality?: ReadonlyArray<{ path: string; contents: string }>;
  readonly userData?: string;
  readonly keyName?: string;
  readonly availabilityZone?: string;
  readonly accessIPv4?: string;
  readonly accessIPv6?: string;
  readonly diskConfig?: 'AUTO' | 'MANUAL';
  readonly configDrive?: boolean;
  readonly minCount: number;
  readonly maxCount: number;
  readonly securityGroups?: readonly string[];
  readonly adminPass?: string;
  readonly hints?: Readonly<Record<string, unknown>>;
  readonly bootFromVolume?: boolean;
  /** checked block device mappings: their volumes are created or attached with the server */
  readonly blockDevices?: readonly BlockDevicePlan[];
  readonly description?: string | null;
  /** 2.52: the new servers' tags */
  readonly tags?: readonly string[];
  /** the request's `networks`: a list of {uuid, port, fixed_ip}, or "auto" / "none" */
  readonly networks?: ReadonlyArray<{ uuid?: string; port?: string | null; fixed_ip?: string }> | 'auto' | 'none';
  /** 2.63: trusted image certificate ids */
  readonly trustedCerts?: readonly string[];
  /** 2.74: the host and/or node an admin asks for */
  readonly requestedHost?: string;
  readonly requestedNode?: string;
  /** 2.90: the hostname (otherwise derived from the name) */
  readonly hostname?: string;
}

/** Nova: the networks a server asks for must exist (one network here: `private`); ports are not served. */
function checkNetworks(networks: CreateRequest['networks']): void {
  if (!Array.isArray(networks)) return;
  for (const net of networks) {
    if (net.port) throw badRequest(`Port ${net.port} could not be found.`);
    if (net.uuid === undefined) continue;
    if (!isUuid(net.uuid)) throw badRequest(`Bad networks format: network uuid is not in proper format (${net.uuid})`);
    if (net.uuid !== PRIVATE_NETWORK_ID) throw badRequest(`Network ${net.uuid} could not be found.`);
  }
}

export interface CreateResult {
  readonly instances: Instance[];
  readonly reservationId: string;
  readonly adminPass: string;
}

export interface CreateDeps {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  readonly queue: JobQueue;
  readonly flavors: FlavorService;
  readonly images: ImageService;
  readonly keypairs: KeypairService;
  readonly hosts: HostService;
  readonly quotas: QuotaService;
  /** only where this process is the store's one writer (table-writes.ts) */
  readonly writes?: TableWrites;
}

/** The INSERT of one server (#row gives every row the same columns: all but id), built once: store/prepared.ts. */
const insertOne = prepared<Omit<Instance, 'id'>>((db, arg, first) => returningIdOnPostgres(db,
  db.insertInto('instances').values(Object.fromEntries(Object.keys(first).map((k) => [k, arg(k as Exclude<keyof Instance, 'id'>)])) as never)));

/** The most servers one create request builds. */
export const MAX_PER_REQUEST = 1000;

const truthy = (v: unknown): boolean => typeof v === 'string' ? /^(true|1|yes|on)$/i.test(v) : v === true;

/** Nova: utils.sanitize_hostname */
export function hostnameFor(name: string): string {
  const h = name.toLowerCase().replace(/[ _]/g, '-').replace(/[^\w.-]+/g, '').replace(/^[.-]+|[.-]+$/g, '').slice(0, 63);
  return h || 'server';
}

export class ServerCreator {
  /** the security groups creates asked for, while nothing wrote `security_groups` */
  readonly #groups: StoreMemo<SecurityGroupRow[]> | undefined;

  constructor(private readonly d: CreateDeps) {
    this.#groups = d.writes && new StoreMemo(d.writes, ['security_groups']);
  }

  async create(actor: Actor, req: CreateRequest): Promise<CreateResult> {
    const flavor = await this.#flavor(actor, req.flavorRef);
    const image = req.bootFromVolume && !req.imageRef ? null : await this.#image(actor, req.imageRef, flavor);
    const key = req.keyName === undefined ? null : await this.d.keypairs.get(actor.userId, req.keyName);
    if (req.keyName !== undefined && !key) throw badRequest('Invalid key_name provided.');
    const zone = await requestedDestination(this.d.hosts, req, await this.#zone(actor, req.availabilityZone));
    const securityGroups = await memoised(this.#groups, JSON.stringify([actor.projectId, actor.isAdmin, req.securityGroups ?? []]),
      () => groupsForCreate(this.d.db, actor, req.securityGroups));
    checkNetworks(req.networks);
    const scopes = await this.d.quotas.scopes(actor.projectId, actor.userId);
    const group = await requestedGroup(this.d.db, actor, req.hints);
    checkMetadataItems(Object.keys(req.metadata ?? {}).length, scopes);
    checkInjectedFiles(req.personality ?? [], scopes);
    const adminPass = req.adminPass ?? password();
    const reservationId = `r-${hex(4)}`;
    const embedded = embedFlavor(flavor);
    const now = nowIso();

    let queued = false;
    const instances = await this.d.db.transaction().execute(async (trx) => {
      const count = await this.#allowedCount(trx, actor, embedded, req, scopes);
      const rows: Array<Omit<Instance, 'id'>> = [];
      for (let i = 0; i < count; i++) {
        const name = count > 1 ? `${req.name}-${i + 1}` : req.name;
        rows.push(this.#row(actor, req, { name, image, embedded, key, zone, reservationId, index: i, now }));
      }
      // In slices: one INSERT of many rows would pass SQLite's limit of bound variables per statement.
      const inserted: Instance[] = [];
      if (rows.length === 1) {
        // No RETURNING: in SQLite it costs twice the INSERT. The row is what was written, and its id.
        inserted.push({ ...rows[0], id: insertedId(await insertOne(trx, rows[0])) });
      } else {
        for (let i = 0; i < rows.length; i += 100) {
          inserted.push(...await trx.insertInto('instances').values(rows.slice(i, i + 100)).returningAll().execute());
        }
      }
      if (group) await addMembers(trx, this.d.engine, { group, userId: actor.userId, scopes }, inserted.map((i) => i.uuid));
      for (const inst of inserted) {
        await recordAction(trx, actor, inst.uuid, 'create');
        const groupNames = await bindGroups(trx, inst, securityGroups);
        // The row as this transaction leaves it (attaching volumes changes it further: then it is read back).
        const row = req.blockDevices?.length ? undefined : { ...inst, security_groups: groupNames };
        if (req.blockDevices?.length) await attachBlockDevices(trx, actor, inst.uuid, req.blockDevices);
        if (await this.d.queue.enqueue(trx, {
          kind: 'build', instanceUuid: inst.uuid, requestId: actor.requestId, instance: row,
          payload: { zone: zone.zone, forcedHost: zone.host, hints: req.hints ?? {}, adminPass },
        })) queued = true;
      }
      return inserted;
    });
    if (queued) this.d.queue.notify();
    return { instances, reservationId, adminPass };
  }

  async #flavor(actor: Actor, ref: string): Promise<Flavor> {
    const flavor = await this.d.flavors.get(ref, actor.projectId, actor.isAdmin);
    if (!flavor) throw badRequest('Invalid flavorRef provided.');
    if (flavor.disabled) throw badRequest('Flavor is disabled.');
    return flavor;
  }

  async #image(actor: Actor, ref: string, flavor: Flavor): Promise<Image> {
    if (!ref) throw badRequest('Missing imageRef attribute');
    const image = await this.d.images.get(ref, actor.projectId, actor.isAdmin);
    if (!image) throw badRequest('Can not find requested image');
    if (image.status !== 'active') throw badRequest(`Image ${ref} is not active.`);
    if (image.min_ram > flavor.memory_mb) throw badRequest("Flavor's memory is too small for requested image.");
    if (flavor.root_gb > 0 && image.min_disk > flavor.root_gb) throw badRequest("Flavor's disk is too small for requested image.");
    return image;
  }

  /** `zone`, `zone:host`, `zone::node` or `zone:host:node` (the host part needs admin). */
  async #zone(actor: Actor, az: string | undefined): Promise<{ zone: string | null; host: string | null }> {
    if (az === undefined || az === '') return { zone: null, host: null };
    const [zone, host, node] = az.split(':');
    if (host || node) {
      if (!actor.isAdmin) throw policyForbidden('os_compute_api:servers:create:forced_host');
    }
    const forced = host || node || null;
    const services = await this.d.hosts.services();
    const computes = services.filter((s) => s.binary === 'nova-compute');
    if (zone && !computes.some((s) => s.availability_zone === zone)) {
      throw badRequest('The requested availability zone is not available');
    }
    if (forced && !computes.some((s) => s.host === forced)) throw badRequest(`Compute host ${forced} could not be found.`);
    return { zone: zone || null, host: forced };
  }

  /** How many servers fit the quotas: max_count if possible, else at least min_count, else 403. */
  async #allowedCount(trx: Kysely<Database>, actor: Actor, f: EmbeddedFlavor, req: CreateRequest, scopes: QuotaScopes): Promise<number> {
    // Novum: one request builds at most MAX_PER_REQUEST servers, whatever the quota (Nova has no bound:
    // an unlimited project asking max_count=1e308 would build rows until memory ran out).
    if (req.minCount > MAX_PER_REQUEST) throw badRequest(`min_count must be <= ${MAX_PER_REQUEST}`);
    const maxCount = Math.min(req.maxCount, MAX_PER_REQUEST);
    if (unlimited(scopes.project) && unlimited(scopes.user)) return maxCount;
    return allowedInstances(trx, this.d.engine, {
      projectId: actor.projectId, userId: actor.userId, vcpus: f.vcpus, memoryMb: f.memory_mb, minCount: req.minCount, maxCount,
    }, scopes);
  }

  #row(actor: Actor, req: CreateRequest, o: {
    name: string; image: Image | null; embedded: EmbeddedFlavor; key: { name: string; public_key: string } | null;
    zone: { zone: string | null }; reservationId: string; index: number; now: string;
  }): Omit<Instance, 'id'> {
    const props = o.image?.properties ?? {};
    const diskConfig = req.diskConfig ?? (truthy(props.auto_disk_config) ? 'AUTO' : 'MANUAL');
    const sysmeta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) sysmeta[`image_${k}`] = v;
    if (req.hints && Object.keys(req.hints).length) sysmeta.scheduler_hints = req.hints;
    if (req.personality?.length) sysmeta.personality_paths = req.personality.map((p) => p.path);
    if (req.trustedCerts?.length) sysmeta[TRUSTED_CERTS_KEY] = [...req.trustedCerts];
    return {
      uuid: uuid(), project_id: actor.projectId, user_id: actor.userId, display_name: o.name,
      display_description: req.description ?? null, hostname: req.hostname ?? hostnameFor(o.name),
      vm_state: VM.BUILDING, task_state: 'scheduling', power_state: POWER.NOSTATE,
      host: null, node: null, availability_zone: o.zone.zone,
      flavor: JSON.stringify(o.embedded), new_flavor: null, old_flavor: null,
      image_ref: o.image?.id ?? '', kernel_id: String(props.kernel_id ?? ''), ramdisk_id: String(props.ramdisk_id ?? ''),
      key_name: o.key?.name ?? null, key_data: o.key?.public_key ?? null, user_data: req.userData ?? null,
      config_drive: req.configDrive ? 'True' : '', disk_config: diskConfig,
      access_ip_v4: req.accessIPv4 ?? null, access_ip_v6: req.accessIPv6 ? shortenIpv6(req.accessIPv6) : req.accessIPv6 ?? null, tags: JSON.stringify([...new Set(req.tags ?? [])]),
      reservation_id: o.reservationId, launch_index: o.index, root_device_name: null,
      metadata: JSON.stringify(req.metadata ?? {}), addresses: '{}',
      security_groups: JSON.stringify([...new Set(req.securityGroups?.length ? req.securityGroups : ['default'])]),
      locked: 0, locked_by: null, locked_reason: null, progress: 0, password: '', fault: null,
      system_metadata: JSON.stringify(sysmeta), launched_at: null, terminated_at: null,
      created_at: o.now, updated_at: o.now, deleted_at: null, deleted: 0, volumes_attached: '[]',
    };
  }
}
