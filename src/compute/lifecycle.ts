/**
 * Every job kind but build: the hypervisor call, the task_state steps Nova shows on the way, and
 * the end state. Most are one row of SIMPLE_ENDS; the rest are methods below.
 */
import type { Transaction, Updateable } from 'kysely';
import type { Job } from '../jobs/queue.js';
import type { Database, Instance, InstanceRow } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { parseFlavor, resourcesOf } from './embedded-flavor.js';
import { driverInstance, type InstanceStore } from './instance-store.js';
import type { ComputeManagerDeps, Step } from './manager.js';
import { setMigrationStatus } from './migrations.js';
import { privateAddresses } from './network.js';
import { releaseInstanceNetwork } from '../network/instance-release.js';
import { releaseVolumes } from '../volume/instance-volumes.js';
import { removeMember } from './server-groups.js';
import { storeSnapshot } from './snapshots.js';
import { POWER, VM } from './states.js';

type DriverCall = 'pause' | 'unpause' | 'suspend' | 'resume' | 'powerOff' | 'powerOn' | 'rebootSoft' | 'rebootHard' | 'unrescue' | 'rescue' | 'password' | 'restore';

/** job kind → (task_state it runs in, hypervisor call, end vm_state, end power_state) */
const SIMPLE_ENDS: Readonly<Record<string, { task: string; call: DriverCall; vm: string; power: number }>> = {
  pause: { task: 'pausing', call: 'pause', vm: VM.PAUSED, power: POWER.PAUSED },
  unpause: { task: 'unpausing', call: 'unpause', vm: VM.ACTIVE, power: POWER.RUNNING },
  suspend: { task: 'suspending', call: 'suspend', vm: VM.SUSPENDED, power: POWER.SHUTDOWN },
  resume: { task: 'resuming', call: 'resume', vm: VM.ACTIVE, power: POWER.RUNNING },
  stop: { task: 'powering-off', call: 'powerOff', vm: VM.STOPPED, power: POWER.SHUTDOWN },
  start: { task: 'powering-on', call: 'powerOn', vm: VM.ACTIVE, power: POWER.RUNNING },
  reboot_soft: { task: 'rebooting', call: 'rebootSoft', vm: VM.ACTIVE, power: POWER.RUNNING },
  reboot_hard: { task: 'rebooting_hard', call: 'rebootHard', vm: VM.ACTIVE, power: POWER.RUNNING },
  rescue: { task: 'rescuing', call: 'rescue', vm: VM.RESCUED, power: POWER.RUNNING },
  unrescue: { task: 'unrescuing', call: 'unrescue', vm: VM.ACTIVE, power: POWER.RUNNING },
  change_password: { task: 'updating_password', call: 'password', vm: VM.ACTIVE, power: POWER.RUNNING },
  restore: { task: 'restoring', call: 'restore', vm: VM.ACTIVE, power: POWER.RUNNING },
};

interface Migration {
  id?: number;
  source: string;
  dest: string;
  old_vm_state: string;
}

export class LifecycleHandlers {
  constructor(private readonly d: ComputeManagerDeps, private readonly store: InstanceStore) {}

  steps(): Record<string, Step> {
    const out: Record<string, Step> = {};
    for (const kind of Object.keys(SIMPLE_ENDS)) out[kind] = (inst) => this.#simple(kind, inst);
    return {
      ...out,
      delete: (inst) => this.#delete(inst),
      soft_delete: (inst) => this.#softDelete(inst),
      rebuild: (inst) => this.#rebuild(inst),
      resize: (inst) => this.#resize(inst),
      revert_resize: (inst) => this.#revertResize(inst),
      snapshot: (inst, job) => this.#snapshot(inst, job),
      shelve: (inst, job) => this.#shelve(inst, job),
      shelve_offload: (inst) => this.#offload(inst, null),
      unshelve: (inst, job) => this.#unshelve(inst, job),
      live_migrate: (inst) => this.#move(inst, 'migrating'),
      evacuate: (inst) => this.#move(inst, 'rebuilding'),
    };
  }

  async #call(call: DriverCall, inst: Instance): Promise<void> {
    const di = driverInstance(inst);
    const drv = this.d.driver;
    switch (call) {
      case 'pause': return drv.pause(di);
      case 'unpause': return drv.unpause(di);
      case 'suspend': return drv.suspend(di);
      case 'resume': return drv.resume(di);
      case 'powerOff': return drv.powerOff(di);
      case 'powerOn': case 'restore': return drv.powerOn(di);
      case 'rebootSoft': return drv.reboot(di, false);
      case 'rebootHard': return drv.reboot(di, true);
      default: return drv.step(di, call);
    }
  }

  async #simple(kind: string, inst: Instance): Promise<void> {
    const end = SIMPLE_ENDS[kind];
    if (inst.task_state !== end.task) return;
    await this.#call(end.call, inst);
    await this.store.save(inst.uuid, end.task, { vm_state: end.vm, power_state: end.power, task_state: null });
  }

  async #delete(inst: Instance): Promise<void> {
    if (inst.task_state !== 'deleting') return;
    if (inst.host) await this.d.driver.destroy(driverInstance(inst));
    const now = nowIso();
    await this.d.db.transaction().execute(async (trx) => {
      await this.store.save(inst.uuid, 'deleting', {
        vm_state: VM.DELETED, task_state: null, power_state: POWER.NOSTATE, terminated_at: now, deleted_at: now, deleted: 1,
      }, trx);
      if (inst.host && inst.vm_state !== VM.SHELVED_OFFLOADED) await this.d.hosts.release(trx, inst.host, resourcesOf(parseFlavor(inst.flavor)));
      await this.#releasePendingMigration(trx, inst);
      await releaseInstanceNetwork(trx, inst.uuid);
      await releaseVolumes(trx, inst.uuid);
      await removeMember(trx, inst.uuid);
    });
  }

  /** A server deleted in the middle of a resize holds room on the destination too. */
  async #releasePendingMigration(trx: Transaction<Database>, inst: Instance): Promise<void> {
    const mig = this.#migration(inst);
    if (mig && inst.new_flavor && mig.dest !== inst.host) await this.d.hosts.release(trx, mig.dest, resourcesOf(parseFlavor(inst.new_flavor)));
  }

  async #softDelete(inst: Instance): Promise<void> {
    if (inst.task_state !== 'soft-deleting') return;
    if (inst.host) await this.d.driver.powerOff(driverInstance(inst));
    await this.store.save(inst.uuid, 'soft-deleting', { vm_state: VM.SOFT_DELETED, task_state: null, power_state: POWER.SHUTDOWN, deleted_at: nowIso() });
  }

  async #rebuild(inst: Instance): Promise<void> {
    if (inst.task_state !== 'rebuilding') return;
    const stopped = inst.vm_state === VM.STOPPED;
    await this.store.save(inst.uuid, 'rebuilding', { task_state: 'rebuild_block_device_mapping' });
    await this.store.save(inst.uuid, 'rebuild_block_device_mapping', { task_state: 'rebuild_spawning' });
    await this.d.driver.step(driverInstance(inst), 'rebuild');
    await this.store.save(inst.uuid, 'rebuild_spawning', {
      vm_state: stopped ? VM.STOPPED : VM.ACTIVE, power_state: stopped ? POWER.SHUTDOWN : POWER.RUNNING, task_state: null, launched_at: nowIso(),
    });
  }

  #migration(inst: Instance): Migration | undefined {
    return (JSON.parse(inst.system_metadata) as { migration?: Migration }).migration;
  }

  /** resize_prep → resize_migrating → resize_migrated → resize_finish → VERIFY_RESIZE on the destination. */
  async #resize(inst: Instance): Promise<void> {
    const mig = this.#migration(inst);
    if (inst.task_state !== 'resize_prep' || !mig || !inst.new_flavor) return;
    await this.store.save(inst.uuid, 'resize_prep', { task_state: 'resize_migrating' });
    await setMigrationStatus(this.d.db, mig.id, 'migrating');
    await this.d.driver.step(driverInstance(inst), 'migrate');
    await this.store.save(inst.uuid, 'resize_migrating', { task_state: 'resize_migrated' });
    const node = await this.d.hosts.node(mig.dest);
    await this.store.save(inst.uuid, 'resize_migrated', {
      task_state: 'resize_finish', host: mig.dest, node: node?.hypervisor_hostname ?? mig.dest,
      old_flavor: inst.flavor, flavor: inst.new_flavor, new_flavor: null,
    });
    await setMigrationStatus(this.d.db, mig.id, 'post-migrating');
    await this.d.driver.step(driverInstance({ ...inst, flavor: inst.new_flavor }, mig.dest), 'resize');
    await this.store.save(inst.uuid, 'resize_finish', { vm_state: VM.RESIZED, task_state: null });
    await setMigrationStatus(this.d.db, mig.id, 'finished');
  }

  async #revertResize(inst: Instance): Promise<void> {
    const mig = this.#migration(inst);
    if (inst.task_state !== 'resize_reverting' || !mig || !inst.old_flavor) return;
    await this.d.driver.step(driverInstance({ ...inst, flavor: inst.old_flavor }), 'revert');
    const node = await this.d.hosts.node(mig.source);
    const sys = JSON.parse(inst.system_metadata) as Record<string, unknown>;
    delete sys.migration;
    const stopped = mig.old_vm_state === VM.STOPPED;
    await this.d.db.transaction().execute(async (trx) => {
      await this.store.save(inst.uuid, 'resize_reverting', {
        vm_state: stopped ? VM.STOPPED : VM.ACTIVE, power_state: stopped ? POWER.SHUTDOWN : POWER.RUNNING, task_state: null,
        host: mig.source, node: node?.hypervisor_hostname ?? mig.source, flavor: inst.old_flavor ?? inst.flavor,
        old_flavor: null, new_flavor: null, system_metadata: JSON.stringify(sys),
      }, trx);
      await this.d.hosts.release(trx, mig.dest, resourcesOf(parseFlavor(inst.flavor)));
      await setMigrationStatus(trx, mig.id, 'reverted');
    });
  }

  /**
   * createImage (image_snapshot_pending → image_snapshot) and createBackup (image_backup), then
   * image_pending_upload → image_uploading → None; the image goes active, old backups rotate out.
   */
  async #snapshot(inst: Instance, job: Job): Promise<void> {
    let task = inst.task_state;
    if (task !== 'image_snapshot_pending' && task !== 'image_backup') return;
    const p = job.payload as { imageId: string | null; backupType: string | null; rotation: number | null };
    if (task === 'image_snapshot_pending') {
      await this.store.save(inst.uuid, task, { task_state: 'image_snapshot' });
      task = 'image_snapshot';
    }
    await this.store.save(inst.uuid, task, { task_state: 'image_pending_upload' });
    await this.store.save(inst.uuid, 'image_pending_upload', { task_state: 'image_uploading' });
    if (p.imageId) {
      await storeSnapshot(this.d.driver, this.d.images, inst, p.imageId);
    }
    if (p.rotation !== null) await this.#rotate(inst, p.backupType, p.rotation);
    await this.store.save(inst.uuid, 'image_uploading', { task_state: null });
  }

  /** Keeps the newest `rotation` backups of this type and server; deletes the rest (Nova: _rotate_backups). */
  async #rotate(inst: Instance, backupType: string | null, rotation: number): Promise<void> {
    const rows = await this.d.db.selectFrom('images').select(['id', 'properties', 'created_at']).where('owner', '=', inst.project_id)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    const backups = rows.filter((r) => {
      const props = JSON.parse(r.properties) as Record<string, unknown>;
      return props.image_type === 'backup' && props.instance_uuid === inst.uuid && props.backup_type === backupType;
    });
    for (const old of backups.slice(rotation)) await this.d.images.delete(old.id);
  }

  async #shelve(inst: Instance, job: Job): Promise<void> {
    if (inst.task_state !== 'shelving') return;
    const imageId = (job.payload as { imageId: string }).imageId;
    await this.store.save(inst.uuid, 'shelving', { task_state: 'shelving_image_pending_upload' });
    await this.d.driver.powerOff(driverInstance(inst));
    await this.store.save(inst.uuid, 'shelving_image_pending_upload', { task_state: 'shelving_image_uploading' });
    await storeSnapshot(this.d.driver, this.d.images, inst, imageId);
    const sys = { ...(JSON.parse(inst.system_metadata) as Record<string, unknown>), shelved_image_id: imageId, shelved_at: nowIso() };
    const offloadNow = this.d.config.shelvedOffloadTime === 0;
    await this.store.save(inst.uuid, 'shelving_image_uploading', {
      vm_state: VM.SHELVED, power_state: POWER.SHUTDOWN, task_state: offloadNow ? 'shelving_offloading' : null, system_metadata: JSON.stringify(sys),
    });
    if (offloadNow) {
      const shelved = await this.store.load(inst.uuid);
      if (shelved) await this.#offload(shelved, 'shelving_offloading');
    } else if (this.d.config.shelvedOffloadTime > 0) {
      await this.d.queue.enqueue(this.d.db, {
        kind: 'shelve_offload', instanceUuid: inst.uuid, host: inst.host, requestId: job.requestId, delaySeconds: this.d.config.shelvedOffloadTime,
        payload: { automatic: true },
      });
      this.d.queue.notify();
    }
  }

  /** Frees the host: SHELVED_OFFLOADED. Automatic offloads start from task_state None. */
  async #offload(inst: Instance, expected: string | null): Promise<void> {
    if (inst.vm_state !== VM.SHELVED) return;
    let from = expected ?? inst.task_state;
    if (from === null) {
      await this.store.save(inst.uuid, null, { task_state: 'shelving_offloading' });
      from = 'shelving_offloading';
    }
    if (from !== 'shelving_offloading') return;
    await this.d.driver.step(driverInstance(inst), 'offload');
    await this.d.db.transaction().execute(async (trx) => {
      await this.store.save(inst.uuid, 'shelving_offloading', {
        vm_state: VM.SHELVED_OFFLOADED, task_state: null, host: null, node: null, power_state: POWER.SHUTDOWN,
      }, trx);
      if (inst.host) await this.d.hosts.release(trx, inst.host, resourcesOf(parseFlavor(inst.flavor)));
    });
  }

  /** Live migration and evacuation: the server runs on the destination, the source's room is freed. */
  async #move(inst: Instance, task: 'migrating' | 'rebuilding'): Promise<void> {
    const mig = this.#migration(inst);
    if (inst.task_state !== task || !mig) return;
    // A live migration runs while the guest is copied: it can be forced to complete or aborted then.
    if (task === 'migrating') await setMigrationStatus(this.d.db, mig.id, 'running');
    await this.d.driver.step(driverInstance(inst, mig.dest), task === 'migrating' ? 'live-migrate' : 'rebuild');
    const node = await this.d.hosts.node(mig.dest);
    const sys = JSON.parse(inst.system_metadata) as Record<string, unknown>;
    delete sys.migration;
    const stopped = mig.old_vm_state === VM.STOPPED;
    const end = task === 'rebuilding'
      ? { vm_state: stopped ? VM.STOPPED : VM.ACTIVE, power_state: stopped ? POWER.SHUTDOWN : POWER.RUNNING }
      : {};
    await this.d.db.transaction().execute(async (trx) => {
      await this.store.save(inst.uuid, task, {
        ...end, task_state: null, host: mig.dest, node: node?.hypervisor_hostname ?? mig.dest, system_metadata: JSON.stringify(sys),
      }, trx);
      if (mig.source) await this.d.hosts.release(trx, mig.source, resourcesOf(parseFlavor(inst.flavor)));
      await setMigrationStatus(trx, mig.id, task === 'migrating' ? 'completed' : 'done');
    });
  }

  /** 2.91: `payload.host` is the host an admin named. */
  async #unshelve(inst: Instance, job: Job): Promise<void> {
    if (inst.task_state !== 'unshelving') return;
    let host = inst.host;
    if (!host) {
      const wanted = (job.payload as { host?: string }).host;
      const candidates = (await this.d.hosts.usableHosts(inst.availability_zone)).filter((h) => wanted === undefined || h === wanted);
      host = await this.d.db.transaction().execute(async (trx) => {
        const chosen = await this.d.hosts.claim(trx, candidates, resourcesOf(parseFlavor(inst.flavor)));
        if (!chosen) throw new Error('No valid host was found. There are not enough hosts available.');
        const node = await trx.selectFrom('compute_nodes').select('availability_zone').where('host', '=', chosen).executeTakeFirst();
        await this.store.save(inst.uuid, 'unshelving', {
          host: chosen, node: chosen, task_state: 'spawning', availability_zone: inst.availability_zone ?? node?.availability_zone ?? null,
        }, trx);
        return chosen;
      });
    } else {
      await this.store.save(inst.uuid, 'unshelving', { task_state: 'spawning' });
    }
    const sys = JSON.parse(inst.system_metadata) as Record<string, unknown>;
    const imageId = typeof sys.shelved_image_id === 'string' ? sys.shelved_image_id : null;
    // Nova: unshelve boots the shelved snapshot.
    await this.d.driver.spawn({ ...driverInstance(inst, host), imageRef: imageId ?? inst.image_ref });
    delete sys.shelved_image_id;
    delete sys.shelved_at;
    const changes: Updateable<InstanceRow> = { vm_state: VM.ACTIVE, power_state: POWER.RUNNING, task_state: null, system_metadata: JSON.stringify(sys) };
    if (inst.addresses === '{}') changes.addresses = JSON.stringify(privateAddresses(inst.id));
    // Nova: the shelved snapshot is deleted before the server is ACTIVE (a client that sees ACTIVE no longer finds it);
    // deleting an image that is gone already does nothing, so a re-run of this job after a crash is harmless.
    if (imageId) await this.d.images.delete(imageId);
    await this.store.save(inst.uuid, 'spawning', changes);
  }
}
