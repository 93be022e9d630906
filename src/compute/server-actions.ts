/**
 * Server actions, API side. Most are a row of SIMPLE: allowed states, transitional task_state
 * and the job that finishes them. The others need a flavor, an image or a host first.
 */
import type { Transaction } from 'kysely';
import { badRequest, instanceLocked, invalidState, policyForbidden } from '../errors.js';
import type { Database, Instance } from '../store/schema.js';
import { password } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import { recordAction, type Actor } from './action-log.js';
import type { ComputeApiDeps } from './api.js';
import { embedFlavor, parseFlavor, resourcesOf } from './embedded-flavor.js';
import type { InstanceQueries } from './instance-queries.js';
import { snapshotImage } from './snapshots.js';
import type { Transitions } from './transition.js';
import { GUARDS, violation } from './states.js';
import { checkMetadataItems, checkUpsize } from './quota-check.js';
import { setMigrationStatus, startMigration } from './migrations.js';
import { unshelveServer, type UnshelveOptions } from './unshelve.js';
import { rebuildChanges, rebuildInputs, type RebuildRequest } from './rebuild.js';
import { checkMigrateHost, computeHosts, imagePropertiesOf, isVolumeBacked } from './server-extras.js';

interface Simple {
  readonly guard: string;
  readonly name: string;
  readonly record: string;
  readonly task: string;
  readonly lock?: boolean;
  /** the admin-only policy rule, when members may not do this */
  readonly admin?: string;
}

/** Actions that only move the server through a task_state to an end state the manager sets. */
export const SIMPLE: Readonly<Record<string, Simple>> = {
  pause: { guard: 'pause', name: 'pause', record: 'pause', task: 'pausing' },
  unpause: { guard: 'unpause', name: 'unpause', record: 'unpause', task: 'unpausing' },
  suspend: { guard: 'suspend', name: 'suspend', record: 'suspend', task: 'suspending' },
  resume: { guard: 'resume', name: 'resume', record: 'resume', task: 'resuming' },
  stop: { guard: 'stop', name: 'stop', record: 'stop', task: 'powering-off' },
  start: { guard: 'start', name: 'start', record: 'start', task: 'powering-on' },
  reboot_soft: { guard: 'rebootSoft', name: 'reboot', record: 'reboot', task: 'rebooting' },
  reboot_hard: { guard: 'rebootHard', name: 'reboot', record: 'reboot', task: 'rebooting_hard' },
  unrescue: { guard: 'unrescue', name: 'unrescue', record: 'unrescue', task: 'unrescuing' },
  revert_resize: { guard: 'revertResize', name: 'revertResize', record: 'revertResize', task: 'resize_reverting' },
  shelve_offload: { guard: 'shelveOffload', name: 'shelveOffload', record: 'shelveOffload', task: 'shelving_offloading', admin: 'os_compute_api:os-shelve:shelve_offload' },
  unshelve: { guard: 'unshelve', name: 'unshelve', record: 'unshelve', task: 'unshelving' },
  restore: { guard: 'restore', name: 'restore', record: 'restore', task: 'restoring' },
  force_delete: { guard: 'forceDelete', name: 'forceDelete', record: 'delete', task: 'deleting' },
};

type Trx = Transaction<Database>;

export class ServerActions {
  constructor(
    private readonly d: ComputeApiDeps,
    private readonly t: Transitions,
    private readonly q: InstanceQueries,
  ) {}

  /** Runs a SIMPLE action; the job has the action's own kind (force_delete runs as delete). */
  async simple(actor: Actor, uuid: string, kind: string): Promise<Instance> {
    const s = SIMPLE[kind];
    if (s.admin && !actor.isAdmin) throw policyForbidden(s.admin);
    return this.t.apply(actor, uuid, {
      guard: s.guard, name: s.name, record: s.record, checkLock: s.lock ?? true, taskState: s.task,
      job: { kind: kind === 'force_delete' ? 'delete' : kind },
    });
  }

  async changePassword(actor: Actor, uuid: string, adminPass: string): Promise<void> {
    await this.t.apply(actor, uuid, {
      guard: 'changePassword', name: 'changePassword', record: 'changePassword', checkLock: true,
      taskState: 'updating_password', job: { kind: 'change_password', payload: { adminPass } },
    });
  }

  /**
   * rescue; a volume-backed server only from 2.87 (`allowVolumeBacked`) and only with an image
   * that names the rescue bus and device (Nova: hw_rescue_bus, hw_rescue_device).
   */
  async rescue(actor: Actor, uuid: string, adminPass: string | undefined, rescueImageRef: string | undefined, allowVolumeBacked = false): Promise<string> {
    const rescueImage = rescueImageRef === undefined ? null : await this.d.images.get(rescueImageRef, actor.projectId, actor.isAdmin);
    if (rescueImageRef !== undefined && !rescueImage) throw badRequest(`Requested rescue image '${rescueImageRef}' is not supported`);
    const pass = adminPass ?? password();
    await this.t.apply(actor, uuid, {
      guard: 'rescue', name: 'rescue', record: 'rescue', checkLock: true, taskState: 'rescuing',
      within: async (trx, inst) => {
        if (!(await isVolumeBacked(trx, inst))) return;
        const props = rescueImage ? rescueImage.properties : imagePropertiesOf(inst);
        const stable = props.hw_rescue_bus !== undefined && props.hw_rescue_device !== undefined;
        if (!allowVolumeBacked || !stable) throw badRequest(`Instance ${uuid} cannot be rescued: Cannot rescue a volume-backed instance`);
      },
      job: { kind: 'rescue', payload: { rescueImageRef: rescueImageRef ?? null } },
    });
    return pass;
  }

  /** unshelve with a zone (2.77) or host (2.91): compute/unshelve.ts. */
  async unshelve(actor: Actor, uuid: string, opts: UnshelveOptions): Promise<void> {
    await unshelveServer(this.d.hosts, this.t, this.q, actor, uuid, opts);
  }

  /** rebuild (compute/rebuild.ts): the server's new image and attributes; answers the server and its password. */
  async rebuild(actor: Actor, uuid: string, r: RebuildRequest): Promise<{ instance: Instance; adminPass: string }> {
    const { image, key } = await rebuildInputs(this.d, actor, r);
    const pass = r.adminPass ?? password();
    const scopes = r.metadata ? await this.d.quotas.scopes(actor.projectId, actor.userId) : null;
    const instance = await this.t.apply(actor, uuid, {
      guard: 'rebuild', name: 'rebuild', record: 'rebuild', checkLock: true, taskState: 'rebuilding',
      within: (trx, inst) => {
        // Nova: _checks_for_create_and_rebuild — the new metadata within metadata_items.
        if (scopes) checkMetadataItems(Object.keys(r.metadata ?? {}).length, scopes);
        return rebuildChanges(trx, inst, r, image, key);
      },
      job: { kind: 'rebuild' },
    });
    return { instance, adminPass: pass };
  }

  /** resize (a new flavor) and migrate (the same flavor, admin): claim a destination host now. */
  async resize(actor: Actor, uuid: string, flavorRef: string | null, diskConfig?: string, host?: string): Promise<void> {
    const migrate = flavorRef === null;
    if (migrate && !actor.isAdmin) throw policyForbidden(`os_compute_api:os-migrate-server:migrate${host ? ':host' : ''}`);
    const newFlavor = migrate ? null : await this.d.flavors.get(flavorRef, actor.projectId, actor.isAdmin);
    if (!migrate && !newFlavor) throw badRequest('Unable to locate requested flavor.');
    // Nova (_check_quota_for_upsize): the quota of the server's own project, not the caller's.
    const owner = migrate ? null : await this.q.get(actor, uuid);
    const scopes = owner === null ? null : await this.d.quotas.scopes(owner.project_id, owner.user_id);
    const usable = await this.d.hosts.usableHosts();
    const known = host === undefined ? [] : await computeHosts(this.d.hosts);
    await this.t.apply(actor, uuid, {
      guard: migrate ? 'migrate' : 'resize', name: migrate ? 'migrate' : 'resize', record: migrate ? 'migrate' : 'resize',
      checkLock: true, taskState: 'resize_prep',
      within: async (trx, inst) => {
        const current = parseFlavor(inst.flavor);
        const target = newFlavor ? embedFlavor(newFlavor) : current;
        if (newFlavor && newFlavor.flavorid === current.id) throw badRequest('When resizing, instances must change flavor!');
        if (scopes) {
          const growth = { cores: target.vcpus - current.vcpus, ram: target.memory_mb - current.memory_mb };
          await checkUpsize(trx, this.d.engine, { projectId: inst.project_id, userId: inst.user_id }, growth, scopes);
        }
        if (host !== undefined) checkMigrateHost(known, inst, host);
        // Nova: allow_resize_to_same_host lets a resize (never a cold migration) stay on its host.
        const sameHost = !migrate && this.d.config.allowResizeToSameHost;
        const dest = await this.#claimElsewhere(trx, usable, inst, resourcesOf(target), migrate ? 'cold migrate' : 'resize', host, sameHost);
        const id = await startMigration(trx, actor, inst, {
          type: migrate ? 'migration' : 'resize', dest, newFlavorJson: JSON.stringify(target), status: 'pre-migrating',
        });
        const sys = { ...JSON.parse(inst.system_metadata), migration: { id, source: inst.host, dest, old_vm_state: inst.vm_state } };
        return {
          new_flavor: JSON.stringify(target), system_metadata: JSON.stringify(sys),
          ...(diskConfig ? { disk_config: diskConfig } : {}),
        };
      },
      job: { kind: 'resize' },
    });
  }

  /** Claims room on another usable host, or also on its own host when `sameHost` (Nova: allow_resize_to_same_host). */
  async #claimElsewhere(
    trx: Trx, usable: readonly string[], inst: Instance, res: { vcpus: number; memoryMb: number; diskGb: number }, what: string, wanted?: string, sameHost = false,
  ): Promise<string> {
    const candidates = usable.filter((h) => (sameHost || h !== inst.host) && (wanted === undefined || h === wanted));
    const dest = await this.d.hosts.claim(trx, candidates, res);
    if (!dest) throw badRequest(`No valid host was found. No valid host found for ${what}`);
    return dest;
  }

  /** confirmResize finishes at once (Nova answers 204): the source host's resources are freed. */
  async confirmResize(actor: Actor, uuid: string): Promise<void> {
    await this.t.apply(actor, uuid, {
      guard: 'confirmResize', name: 'confirmResize', record: 'confirmResize', checkLock: true, taskState: null,
      within: async (trx, inst) => {
        const sys = JSON.parse(inst.system_metadata) as { migration?: { id?: number; source: string; old_vm_state: string } };
        const old = inst.old_flavor ? parseFlavor(inst.old_flavor) : null;
        if (sys.migration?.source && old) await this.d.hosts.release(trx, sys.migration.source, resourcesOf(old));
        await setMigrationStatus(trx, sys.migration?.id, 'confirmed');
        const vm = sys.migration?.old_vm_state === 'stopped' ? 'stopped' : 'active';
        delete sys.migration;
        return { vm_state: vm, old_flavor: null, new_flavor: null, system_metadata: JSON.stringify(sys) };
      },
    });
  }

  async snapshot(actor: Actor, uuid: string, kind: 'createImage' | 'createBackup', opts: {
    name: string; metadata?: Record<string, string>; backupType?: string; rotation?: number;
  }): Promise<string | null> {
    const inst = await this.#precheck(actor, uuid, kind, false);
    // Nova: a backup with rotation 0 creates no image and only removes the old backups.
    const image = opts.rotation === 0 ? null : await snapshotImage(this.d.images, actor, inst, {
      name: opts.name, metadata: opts.metadata ?? {}, imageType: kind === 'createImage' ? 'snapshot' : 'backup', backupType: opts.backupType,
    });
    await this.#withImage(image?.id ?? null, () => this.t.apply(actor, uuid, {
      guard: kind, name: kind, record: kind, checkLock: false,
      taskState: kind === 'createImage' ? 'image_snapshot_pending' : 'image_backup',
      job: { kind: 'snapshot', payload: { imageId: image?.id ?? null, backupType: opts.backupType ?? null, rotation: opts.rotation ?? null } },
    }));
    return image?.id ?? null;
  }

  /** shelve snapshots the server into `<name>-shelved`, which unshelve deletes. */
  async shelve(actor: Actor, uuid: string): Promise<void> {
    const inst = await this.#precheck(actor, uuid, 'shelve', true);
    const image = await snapshotImage(this.d.images, actor, inst, { name: `${inst.display_name}-shelved`, metadata: {}, imageType: 'snapshot' });
    await this.#withImage(image.id, () => this.t.apply(actor, uuid, {
      guard: 'shelve', name: 'shelve', record: 'shelve', checkLock: true, taskState: 'shelving',
      job: { kind: 'shelve', payload: { imageId: image.id } },
    }));
  }

  /** The state checks, before creating an image the action would then not use. */
  async #precheck(actor: Actor, uuid: string, action: string, checkLock: boolean): Promise<Instance> {
    const inst = await this.q.get(actor, uuid);
    if (checkLock && inst.locked && !actor.isAdmin) throw instanceLocked(uuid);
    const bad = violation(GUARDS[action], inst.vm_state, inst.task_state);
    if (bad) throw invalidState(action, uuid, bad.attr, bad.state);
    return inst;
  }

  /** Runs the transition; if it is refused, the image made for it is deleted again. */
  async #withImage(imageId: string | null, apply: () => Promise<Instance>): Promise<void> {
    try {
      await apply();
    } catch (err) {
      if (imageId) await this.d.images.delete(imageId);
      throw err;
    }
  }

  async resetState(actor: Actor, uuid: string, state: 'active' | 'error'): Promise<void> {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:os-admin-actions:reset_state');
    await this.q.get(actor, uuid);
    await this.d.db.updateTable('instances').set({ vm_state: state, task_state: null, updated_at: nowIso() }).where('uuid', '=', uuid).execute();
  }

  /** injectNetworkInfo and resetNetwork: admin, lock-checked, nothing to change in a simulation. */
  /** trigger_crash_dump (2.17): an NMI to the guest; the simulated guest has nothing to dump. */
  async triggerCrashDump(actor: Actor, uuid: string): Promise<void> {
    await this.t.apply(actor, uuid, {
      guard: 'trigger_crash_dump', name: 'trigger_crash_dump', record: 'trigger_crash_dump', checkLock: true, taskState: null,
    });
  }

  async networkAction(actor: Actor, uuid: string, action: 'injectNetworkInfo' | 'resetNetwork'): Promise<void> {
    const rule = action === 'injectNetworkInfo' ? 'inject_network_info' : 'reset_network';
    if (!actor.isAdmin) throw policyForbidden(`os_compute_api:os-admin-actions:${rule}`);
    await this.q.get(actor, uuid);
    await this.d.db.transaction().execute((trx) => recordAction(trx, actor, uuid, action === 'injectNetworkInfo' ? 'inject_network_info' : 'reset_network'));
  }
}
