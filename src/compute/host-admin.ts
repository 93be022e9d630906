/**
 * Host administration (Nova: os-availability-zone, os-services, os-hosts over HostAPI): zones
 * from the services' zones, enabling and disabling services, and the simulated hosts' answers to
 * maintenance and power requests (those of Nova's fake virt driver).
 */
import { badRequest, conflict, notFound } from '../errors.js';
import type { Instance, Service } from '../store/schema.js';
import { parseFlavor } from './embedded-flavor.js';
import { INTERNAL_ZONE, type HostService } from './hosts.js';

/** One service in a zone's detail: `available` = up, `active` = enabled. */
export interface ZoneService {
  readonly available: boolean;
  readonly active: boolean;
  /** stored timestamp of the service's last report */
  readonly updatedAt: string;
}

/** A zone as os-availability-zone shows it; `hosts` only for the detail of an available zone. */
export interface Zone {
  readonly name: string;
  readonly available: boolean;
  readonly hosts: Record<string, Record<string, ZoneService>> | null;
}

/** A service with what os-services derives from it. */
export interface ServiceState {
  readonly service: Service;
  readonly up: boolean;
  /** stored timestamp of the last change or report, whichever is later */
  readonly updatedAt: string;
}

/** A line of GET /os-hosts/{host}: totals, current use, or one project's servers. */
export interface HostResource {
  readonly project: string;
  readonly cpu: number;
  readonly memory_mb: number;
  readonly disk_gb: number;
}

export type PowerAction = 'startup' | 'shutdown' | 'reboot';

/** Nova: HostMappingNotFound — only hosts running nova-compute are mapped to a cell. */
export const hostNotMapped = (host: string) => notFound(`Host '${host}' is not mapped to any cell`);

const COMPUTE = 'nova-compute';
/** API services report no state and are never listed (Nova: bug 1543625). */
const API_SERVICES = new Set(['nova-osapi_compute', 'nova-metadata']);

export class HostAdmin {
  constructor(private readonly hosts: HostService) {}

  /** Zones with an enabled service are available, the others not (Nova: get_availability_zones). */
  async zones(detail: boolean): Promise<Zone[]> {
    const services = (await this.hosts.services()).filter((s) => !API_SERVICES.has(s.binary));
    const enabled = services.filter((s) => !s.disabled);
    const available = [...new Set(enabled.map((s) => s.availability_zone))].sort();
    const unavailable = [...new Set(services.map((s) => s.availability_zone))].filter((z) => !available.includes(z)).sort();
    const out: Zone[] = available.map((name) => ({ name, available: true, hosts: detail ? this.#zoneHosts(enabled, name) : null }));
    return out.concat(unavailable.map((name) => ({ name, available: false, hosts: null })));
  }

  #zoneHosts(enabled: Service[], zone: string): Record<string, Record<string, ZoneService>> {
    const hosts: Record<string, Record<string, ZoneService>> = {};
    const inZone = enabled.filter((s) => s.availability_zone === zone).sort((a, b) => a.host.localeCompare(b.host));
    for (const s of inZone) {
      (hosts[s.host] ??= {})[s.binary] = { available: this.hosts.isUp(s), active: !s.disabled, updatedAt: latest(s) };
    }
    return hosts;
  }

  /** The zones GET /os-availability-zone lists: every zone but the internal one. */
  async userZones(): Promise<Zone[]> {
    return (await this.zones(false)).filter((z) => z.name !== INTERNAL_ZONE);
  }

  async services(filter: { host?: string; binary?: string } = {}): Promise<ServiceState[]> {
    return (await this.hosts.services())
      .filter((s) => !API_SERVICES.has(s.binary) && (!filter.host || s.host === filter.host) && (!filter.binary || s.binary === filter.binary))
      .map((s) => ({ service: s, up: this.hosts.isUp(s), updatedAt: latest(s) }));
  }

  /** The nova-compute service of `host`; 404 as Nova's host mapping lookup when there is none. */
  async computeService(host: string): Promise<Service> {
    const svc = (await this.hosts.services()).find((s) => s.host === host && s.binary === COMPUTE);
    if (!svc) throw hostNotMapped(host);
    return svc;
  }

  /** PUT /os-services/{enable,disable,disable-log-reason}: only compute services can change. */
  async setServiceDisabled(host: string, binary: string, disabled: boolean, reason: string | null): Promise<void> {
    const svc = await this.#updatable(host, binary);
    await this.hosts.updateService(svc.id, { disabled: disabled ? 1 : 0, disabled_reason: disabled ? reason : null });
  }

  /** PUT /os-services/force-down (2.11): a forced-down service is down whatever it reports. */
  async setForcedDown(host: string, binary: string, forcedDown: boolean): Promise<void> {
    const svc = await this.#updatable(host, binary);
    await this.hosts.updateService(svc.id, { forced_down: forcedDown ? 1 : 0 });
  }

  async #updatable(host: string, binary: string): Promise<Service> {
    if (binary !== COMPUTE) {
      throw badRequest(`Updating a ${binary} service is not supported. Only nova-compute services can be updated.`);
    }
    const svc = await this.computeService(host);
    return svc;
  }

  /** A service by its uuid (2.53), with its state; 404 `Service <id> could not be found.` */
  async serviceByUuid(uuid: string): Promise<ServiceState> {
    const svc = (await this.hosts.services()).find((s) => s.uuid === uuid);
    if (!svc) throw notFound(`Service ${uuid} could not be found.`);
    return { service: svc, up: this.hosts.isUp(svc), updatedAt: latest(svc) };
  }

  /** PUT /os-services/{uuid} (2.53): only a compute service's status, reason and forced_down change. */
  async updateService(uuid: string, patch: { disabled?: boolean; reason?: string | null; forcedDown?: boolean }): Promise<ServiceState> {
    const { service } = await this.serviceByUuid(uuid);
    if (service.binary !== COMPUTE) {
      throw badRequest(`Updating a ${service.binary} service is not supported. Only nova-compute services can be updated.`);
    }
    await this.hosts.updateService(service.id, {
      ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0, disabled_reason: patch.disabled ? patch.reason ?? null : null } : {}),
      ...(patch.forcedDown !== undefined ? { forced_down: patch.forcedDown ? 1 : 0 } : {}),
    });
    return this.serviceByUuid(uuid);
  }

  /** DELETE /os-services/{id}: refused while the compute host still has servers. */
  async deleteService(id: number | string): Promise<void> {
    const svc = typeof id === 'number' ? await this.hosts.serviceById(id) : (await this.hosts.services()).find((s) => s.uuid === id);
    if (!svc) throw notFound(`Service ${id} not found.`);
    if (svc.binary === COMPUTE && (await this.hosts.instancesOnHost(svc.host)).length > 0) {
      throw conflict('Unable to delete compute service that is hosting instances. Migrate or delete the instances first.');
    }
    await this.hosts.deleteService(svc);
  }

  /** GET /os-hosts: one line per enabled service (Nova lists no disabled ones), `zone` filtering. */
  async hostList(zone?: string): Promise<Service[]> {
    return (await this.hosts.services())
      .filter((s) => !s.disabled && !API_SERVICES.has(s.binary) && (!zone || s.availability_zone === zone));
  }

  /** GET /os-hosts/{host}: capacity, use, the sum of its servers' flavors, then per project. */
  async hostResources(host: string): Promise<HostResource[]> {
    await this.computeService(host);
    const node = await this.hosts.node(host);
    if (!node) throw notFound(`Compute host ${host} could not be found.`);
    const servers = await this.hosts.instancesOnHost(host);
    const out: HostResource[] = [
      { project: '(total)', cpu: node.vcpus, memory_mb: node.memory_mb, disk_gb: node.local_gb },
      { project: '(used_now)', cpu: node.vcpus_used, memory_mb: node.memory_mb_used, disk_gb: node.local_gb_used },
      sumOf('(used_max)', servers),
    ];
    const projects = [...new Set(servers.map((s) => s.project_id))];
    return out.concat(projects.map((p) => sumOf(p, servers.filter((s) => s.project_id === p))));
  }

  /**
   * PUT /os-hosts/{host} status: the host stops or resumes taking new servers. Nova's fake driver
   * only echoes the request; here it sets the compute service's disabled flag, as os-services does.
   */
  async setHostEnabled(host: string, enabled: boolean): Promise<'enabled' | 'disabled'> {
    const svc = await this.computeService(host);
    await this.hosts.updateService(svc.id, { disabled: enabled ? 0 : 1, disabled_reason: null });
    return enabled ? 'enabled' : 'disabled';
  }

  /** Nova's fake driver answers maintenance requests without keeping any state; so does Novum. */
  async setHostMaintenance(host: string, on: boolean): Promise<'on_maintenance' | 'off_maintenance'> {
    await this.computeService(host);
    return on ? 'on_maintenance' : 'off_maintenance';
  }

  /** Nova's fake driver answers a power action with the action and does nothing. */
  async powerAction(host: string, action: PowerAction): Promise<PowerAction> {
    await this.computeService(host);
    return action;
  }
}

function latest(s: Service): string {
  return s.last_seen_at > s.updated_at ? s.last_seen_at : s.updated_at;
}

function sumOf(project: string, servers: readonly Instance[]): HostResource {
  let cpu = 0;
  let memory = 0;
  let disk = 0;
  for (const s of servers) {
    const f = parseFlavor(s.flavor);
    cpu += f.vcpus;
    memory += f.memory_mb;
    disk += f.root_gb + f.ephemeral_gb;
  }
  return { project, cpu, memory_mb: memory, disk_gb: disk };
}
