/**
 * Admin moves of a server to another host (Nova: compute/api.py live_migrate and evacuate):
 * the destination is checked and claimed in the same transaction as the state change.
 */
import type { Transaction } from 'kysely';
import { badRequest, policyForbidden } from '../errors.js';
import type { Database, Instance } from '../store/schema.js';
import { password } from '../util/ids.js';
import type { Actor } from './action-log.js';
import { parseFlavor, resourcesOf } from './embedded-flavor.js';
import type { HostService } from './hosts.js';
import type { InstanceQueries } from './instance-queries.js';
import type { Transitions } from './transition.js';
import { startMigration } from './migrations.js';

export class HostMoves {
  constructor(
    private readonly hosts: HostService,
    private readonly t: Transitions,
    private readonly q: InstanceQueries,
  ) {}

  /** os-migrateLive: to `host`, or one the scheduler picks when host is null. */
  async liveMigrate(actor: Actor, uuid: string, host: string | null, force = false): Promise<void> {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:os-migrate-server:migrate_live');
    const inst = await this.q.get(actor, uuid);
    const candidates = await this.#destinations(inst, host, force);
    await this.t.apply(actor, uuid, {
      guard: 'os-migrateLive', name: 'os-migrateLive', record: 'live-migration', checkLock: true, taskState: 'migrating',
      within: async (trx, current) => ({ system_metadata: await this.#claim(trx, actor, current, candidates, 'live-migration') }),
      job: { kind: 'live_migrate' },
    });
  }

  /** evacuate: only when the server's host is down; answers the admin password unless on shared storage. */
  async evacuate(actor: Actor, uuid: string, o: { host: string | null; onSharedStorage: boolean; adminPass?: string; force?: boolean }): Promise<string | null> {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:os-evacuate');
    if (o.adminPass !== undefined && o.onSharedStorage) throw badRequest("admin password can't be changed on existing disk");
    const inst = await this.q.get(actor, uuid);
    const services = await this.hosts.services();
    const source = services.find((s) => s.binary === 'nova-compute' && s.host === inst.host);
    if (source && this.hosts.isUp(source)) throw badRequest(`Compute service of ${inst.host} is still in use.`);
    const candidates = await this.#destinations(inst, o.host, o.force ?? false);
    await this.t.apply(actor, uuid, {
      guard: 'evacuate', name: 'evacuate', record: 'evacuate', checkLock: false, taskState: 'rebuilding',
      within: async (trx, current) => ({ system_metadata: await this.#claim(trx, actor, current, candidates, 'evacuation') }),
      // The source host is down: the destination's compute process rebuilds the server.
      job: { kind: 'evacuate', host: (changed) => (JSON.parse(changed.system_metadata) as { migration: { dest: string } }).migration.dest },
    });
    return o.onSharedStorage ? null : (o.adminPass ?? password());
  }

  /**
   * Usable hosts other than the server's own; a named host must exist and be up (Nova's 400s).
   * `force` (2.29/2.30) bypasses the scheduler: a disabled host is taken as well.
   */
  async #destinations(inst: Instance, host: string | null, force = false): Promise<string[]> {
    const usable = (await this.hosts.usableHosts()).filter((h) => h !== inst.host);
    if (host === null) return usable;
    const services = await this.hosts.services();
    const service = services.find((s) => s.binary === 'nova-compute' && s.host === host);
    if (!service) throw badRequest(`Compute host ${host} could not be found.`);
    if (host === inst.host) throw badRequest(`Unable to migrate instance (${inst.uuid}) to current host (${host}).`);
    const reachable = usable.includes(host) || (force && this.hosts.isUp(service));
    if (!reachable) throw badRequest(`Compute service of ${host} is unavailable at this time.`);
    return [host];
  }

  async #claim(trx: Transaction<Database>, actor: Actor, inst: Instance, candidates: string[], type: 'live-migration' | 'evacuation'): Promise<string> {
    const dest = await this.hosts.claim(trx, candidates, resourcesOf(parseFlavor(inst.flavor)));
    if (!dest) throw badRequest(`No valid host was found. No valid host found for ${type === 'evacuation' ? 'evacuate' : 'live migration'}`);
    const id = await startMigration(trx, actor, inst, { type, dest, status: type === 'evacuation' ? 'accepted' : 'queued' });
    const sys = JSON.parse(inst.system_metadata) as Record<string, unknown>;
    return JSON.stringify({ ...sys, migration: { id, source: inst.host, dest, old_vm_state: inst.vm_state } });
  }
}
