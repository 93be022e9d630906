/**
 * The network domain as the composition root builds it: floating IPs, console access, the
 * guest-facing sub-resources (console log, diagnostics, posted password), the Neutron read model
 * and security groups.
 */
import type { Kysely } from 'kysely';
import type { ComputeApi } from '../compute/api.js';
import type { QuotaService } from '../compute/quotas.js';
import type { Database } from '../store/schema.js';
import { ConsoleService } from './console-auth.js';
import { FloatingIpService } from './floating-ips.js';
import { GuestService, type Hypervisor } from './guest.js';
import { NeutronService } from './neutron.js';
import { NeutronFloatingIps } from './neutron-floating-ips.js';
import { NovaSecurityGroups } from './nova-security-groups.js';
import { SecurityGroupStore } from './security-group-store.js';

/** What the network domain needs from the rest of Novum. */
export interface NetworkDomainDeps {
  readonly db: Kysely<Database>;
  readonly compute: ComputeApi;
  readonly quotas: QuotaService;
  /** the compute manager: console log and diagnostics come from the server's hypervisor */
  readonly hypervisor: Hypervisor;
}

export class NetworkDomain {
  readonly floatingIps: FloatingIpService;
  readonly consoles: ConsoleService;
  readonly guest: GuestService;
  readonly neutron: NeutronService;
  /** Neutron's floating IP writes */
  readonly neutronFloatingIps: NeutronFloatingIps;
  /** security groups and rules as Neutron serves them */
  readonly securityGroups: SecurityGroupStore;
  /** Nova's os-security-groups proxy and the servers' groups */
  readonly novaSecurityGroups: NovaSecurityGroups;

  constructor(d: NetworkDomainDeps) {
    this.floatingIps = new FloatingIpService(d);
    this.consoles = new ConsoleService(d);
    this.guest = new GuestService(d);
    this.neutron = new NeutronService({ db: d.db, floatingIps: this.floatingIps });
    this.neutronFloatingIps = new NeutronFloatingIps({ floatingIps: this.floatingIps, neutron: this.neutron });
    this.securityGroups = new SecurityGroupStore({ db: d.db, engine: d.quotas.engine, quotas: d.quotas });
    this.novaSecurityGroups = new NovaSecurityGroups({ db: d.db, store: this.securityGroups, compute: d.compute });
  }
}
