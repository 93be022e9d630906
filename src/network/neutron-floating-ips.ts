/**
 * Neutron's floating IP writes (POST/PUT/DELETE /v2.0/floatingips) over the same floating IPs
 * Nova's os-floating-ips proxy manages: allocate on an external network, bind to a server's
 * port (its fixed address), unbind, release. Callers resolve the network and port first.
 */
import type { Actor } from '../compute/action-log.js';
import type { FloatingIp, FloatingIpService } from './floating-ips.js';
import type { FloatingIpPort, NeutronService, Port } from './neutron.js';
import type { NetworkDef } from './topology.js';

export class NeutronFloatingIps {
  readonly #floating: FloatingIpService;
  readonly #neutron: NeutronService;

  constructor(deps: { floatingIps: FloatingIpService; neutron: NeutronService }) {
    this.#floating = deps.floatingIps;
    this.#neutron = deps.neutron;
  }

  /** A new floating IP on `network`, bound to `port` when one is given. */
  async create(actor: Actor, network: NetworkDef, port: Port | null): Promise<FloatingIpPort> {
    const fip = await this.#floating.allocate(actor, network.name);
    if (port) await this.#floating.associate(actor, port.deviceId, fip.address, port.fixedAddress);
    return this.#reread(actor, fip.id);
  }

  /** Binds `fip` to `port` (moving it if bound elsewhere), or unbinds it when `port` is null. */
  async bind(actor: Actor, fip: FloatingIp, port: Port | null): Promise<FloatingIpPort> {
    if (port) {
      await this.#floating.associate(actor, port.deviceId, fip.address, port.fixedAddress);
    } else if (fip.instance_uuid) {
      await this.#floating.disassociate(actor, fip.instance_uuid, fip.address);
    }
    return this.#reread(actor, fip.id);
  }

  /** Releases it (unbinding it first). */
  async delete(actor: Actor, fip: FloatingIp): Promise<void> {
    await this.#floating.release(actor, fip.id);
  }

  async #reread(actor: Actor, id: string): Promise<FloatingIpPort> {
    const found = (await this.#neutron.floatingIps(actor)).find((f) => f.fip.id === id);
    if (!found) throw new Error(`floating IP ${id} vanished`);
    return found;
  }
}
