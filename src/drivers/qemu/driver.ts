/**
 * The QEMU hypervisor (Nova: nova/virt/libvirt, without libvirt): every server is a QEMU virtual
 * machine in `<data-dir>/instances/<uuid>/`, started daemonized and driven over QMP. BUILD ends
 * when the guest prints its boot marker on the serial console (images that promise one; any other
 * guest once QEMU runs it, as libvirt's domain is running); suspend saves the memory to a file
 * and resume restores it with `-incoming`; a restart of Novum reconnects to the running machines.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ComputeDriver, Diagnostics, DriverInstance, DriverVolume, HypervisorPowerState, SnapshotData } from '../driver.js';
import { machineDiagnostics, plugVolume, snapshotDisk, unplugVolume, volumeFile } from './disk-ops.js';
import { consoleSize, livePid, readConsole } from './instance-files.js';
import type { ImageSource } from './image-source.js';
import { createOverlay, loadSpec, qemuImg, saveSpec, type MachineSpec } from './machine.js';
import { powerOf, VmControl } from './vm-control.js';

/** How the QEMU driver runs. */
export interface QemuDriverOptions {
  readonly dataDir: string;
  readonly images: ImageSource;
  /** the accelerator, decided before the first boot */
  readonly accel: () => Promise<'tcg' | 'kvm'>;
  /** how long a guest may take to print its boot marker */
  readonly bootTimeoutMs: number;
  /** how long the ACPI power button may take before `quit` (Nova: shutdown_timeout) */
  readonly shutdownTimeoutMs: number;
}

/** Nova libvirt: MAX_CONSOLE_BYTES — the console log is cut to its newest 100 KiB. */
const MAX_CONSOLE_BYTES = 100 * 1024;

export class QemuDriver implements ComputeDriver {
  readonly instantSteps = false;
  readonly #vms: VmControl;
  /** servers that were running when a resize started (a stopped server stays stopped) */
  readonly #resizeRunning = new Set<string>();

  constructor(private readonly o: QemuDriverOptions) {
    this.#vms = new VmControl(o.dataDir, o.bootTimeoutMs);
  }

  async #spec(inst: DriverInstance): Promise<MachineSpec> {
    const src = await this.o.images.resolve(inst.imageRef);
    return {
      name: inst.name, memoryMb: inst.memoryMb, vcpus: inst.vcpus, accel: await this.o.accel(),
      kernel: src.kernel, initrd: src.initrd, cmdline: src.cmdline, diskFormat: src.diskFormat, bootMarker: src.bootMarker, volumes: [],
    };
  }

  /** A fresh overlay on the server's image (spawn, rebuild). */
  async #freshDisk(inst: DriverInstance): Promise<MachineSpec> {
    const files = this.#vms.files(inst.uuid);
    mkdirSync(files.dir, { recursive: true });
    const src = await this.o.images.resolve(inst.imageRef);
    rmSync(files.disk, { force: true });
    await createOverlay(files.disk, src.disk, src.diskFormat, inst.rootGb);
    const old = loadSpec(files);
    const spec = { ...(await this.#spec(inst)), volumes: old?.volumes ?? [] };
    saveSpec(files, spec);
    return spec;
  }

  async spawn(inst: DriverInstance): Promise<void> {
    await this.#vms.kill(inst.uuid);
    rmSync(this.#vms.files(inst.uuid).dir, { recursive: true, force: true });
    await this.#vms.boot(inst.uuid, await this.#freshDisk(inst));
  }

  async destroy(inst: DriverInstance): Promise<void> {
    await this.#vms.kill(inst.uuid);
    rmSync(this.#vms.files(inst.uuid).dir, { recursive: true, force: true });
  }

  async reboot(inst: DriverInstance, _hard: boolean): Promise<void> {
    const qmp = await this.#vms.qmp(inst.uuid);
    if (!qmp) return this.powerOn(inst);
    const from = consoleSize(this.#vms.files(inst.uuid));
    await qmp.execute('system_reset');
    const { status } = await qmp.execute<{ status: string }>('query-status');
    if (status !== 'running') await qmp.execute('cont');
    if (loadSpec(this.#vms.files(inst.uuid))?.bootMarker) await this.#vms.waitBoot(inst.uuid, from);
  }

  powerOff(inst: DriverInstance): Promise<void> {
    return this.#vms.powerDown(inst.uuid, this.o.shutdownTimeoutMs);
  }

  async powerOn(inst: DriverInstance): Promise<void> {
    const files = this.#vms.files(inst.uuid);
    if (livePid(files) !== null) return;
    // A fresh boot discards memory saved by a suspend.
    rmSync(files.memory, { force: true });
    await this.#vms.boot(inst.uuid, this.#loaded(inst));
  }

  #loaded(inst: DriverInstance): MachineSpec {
    const spec = loadSpec(this.#vms.files(inst.uuid));
    if (!spec) throw new Error(`The virtual machine of ${inst.uuid} has no disk on this host`);
    return spec;
  }

  async pause(inst: DriverInstance): Promise<void> {
    await (await this.#vms.require(inst.uuid, 'pause')).execute('stop');
  }

  async unpause(inst: DriverInstance): Promise<void> {
    await (await this.#vms.require(inst.uuid, 'unpause')).execute('cont');
  }

  /** The memory goes to memory.state (migrate to a file), then QEMU exits. */
  async suspend(inst: DriverInstance): Promise<void> {
    const qmp = await this.#vms.require(inst.uuid, 'suspend');
    const files = this.#vms.files(inst.uuid);
    await qmp.execute('stop');
    await qmp.execute('migrate', { uri: `exec:cat > ${files.memory}` });
    for (;;) {
      const { status, 'error-desc': error } = await qmp.execute<{ status: string; 'error-desc'?: string }>('query-migrate');
      if (status === 'completed') break;
      if (status === 'failed' || status === 'cancelled') throw new Error(`saving the memory failed: ${error ?? status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.#vms.kill(inst.uuid);
  }

  async resume(inst: DriverInstance): Promise<void> {
    const files = this.#vms.files(inst.uuid);
    if (livePid(files) !== null) return;
    await this.#vms.restore(inst.uuid, this.#loaded(inst));
    rmSync(files.memory, { force: true });
  }

  async snapshot(inst: DriverInstance, imageId: string): Promise<SnapshotData> {
    return snapshotDisk(this.#vms.files(inst.uuid), await this.#vms.qmp(inst.uuid), imageId);
  }

  async step(inst: DriverInstance, what: string): Promise<void> {
    const files = this.#vms.files(inst.uuid);
    const running = livePid(files) !== null;
    switch (what) {
      case 'rescue': return this.#rescue(inst);
      case 'unrescue': {
        await this.#vms.kill(inst.uuid);
        const { rescueDisk: _, ...spec } = this.#loaded(inst);
        saveSpec(files, spec);
        rmSync(files.rescueDisk, { force: true });
        return this.#vms.boot(inst.uuid, spec);
      }
      case 'rebuild': {
        await this.#vms.kill(inst.uuid);
        const spec = await this.#freshDisk(inst);
        // Nova: a server rebuilt while stopped stays stopped.
        return running ? this.#vms.boot(inst.uuid, spec) : undefined;
      }
      case 'migrate':
        if (running) this.#resizeRunning.add(inst.uuid);
        return this.powerOff(inst);
      case 'resize': case 'revert': return this.#resize(inst, what === 'revert' || this.#resizeRunning.delete(inst.uuid));
      case 'offload': return this.destroy(inst);
      default: return undefined;
    }
  }

  /** Boots the server's image from a fresh overlay as vda, with the server's own disk as vdb. */
  async #rescue(inst: DriverInstance): Promise<void> {
    const files = this.#vms.files(inst.uuid);
    await this.#vms.kill(inst.uuid);
    const src = await this.o.images.resolve(inst.imageRef);
    rmSync(files.rescueDisk, { force: true });
    await createOverlay(files.rescueDisk, src.disk, src.diskFormat, 0);
    const spec: MachineSpec = { ...this.#loaded(inst), rescueDisk: files.rescueDisk };
    saveSpec(files, spec);
    await this.#vms.boot(inst.uuid, spec);
  }

  /** New CPU and RAM take effect on the next start; the disk grows (never shrinks) with qemu-img resize. */
  async #resize(inst: DriverInstance, boot: boolean): Promise<void> {
    const files = this.#vms.files(inst.uuid);
    await this.#vms.kill(inst.uuid);
    const info = JSON.parse(await qemuImg(['info', '--output=json', '-U', files.disk])) as { 'virtual-size': number };
    if (inst.rootGb * 1024 ** 3 > info['virtual-size']) await qemuImg(['resize', '-q', files.disk, `${inst.rootGb}G`]);
    const spec: MachineSpec = { ...this.#loaded(inst), memoryMb: inst.memoryMb, vcpus: inst.vcpus };
    saveSpec(files, spec);
    if (boot) await this.#vms.boot(inst.uuid, spec);
  }

  async consoleOutput(inst: DriverInstance): Promise<string> {
    return readConsole(this.#vms.files(inst.uuid), 0, MAX_CONSOLE_BYTES);
  }

  async diagnostics(inst: DriverInstance): Promise<Diagnostics> {
    const qmp = await this.#vms.qmp(inst.uuid);
    if (!qmp) return { cpuTimeNs: 0, memoryMb: inst.memoryMb, uptimeSeconds: 0, nics: [], disks: [] };
    return machineDiagnostics(this.#vms.files(inst.uuid), qmp, inst.memoryMb);
  }

  async powerState(inst: DriverInstance): Promise<HypervisorPowerState | null> {
    const files = this.#vms.files(inst.uuid);
    const qmp = await this.#vms.qmp(inst.uuid).catch(() => null);
    if (!qmp) return loadSpec(files) ? 'shutdown' : null;
    const { status } = await qmp.execute<{ status: string }>('query-status');
    return powerOf(status);
  }

  watch(listener: (uuid: string, state: HypervisorPowerState) => void): void {
    this.#vms.setListener(listener);
  }

  async attachVolume(inst: DriverInstance, volume: DriverVolume): Promise<void> {
    const file = await volumeFile(this.o.dataDir, volume);
    await plugVolume(this.#vms.files(inst.uuid), await this.#vms.qmp(inst.uuid), volume.id, file);
  }

  async detachVolume(inst: DriverInstance, volumeId: string): Promise<void> {
    await unplugVolume(this.#vms.files(inst.uuid), await this.#vms.qmp(inst.uuid), volumeId);
  }

  /** QEMU's VNC server of a running machine (`-vnc unix:vnc.sock`). */
  openVnc(uuid: string): Promise<Duplex> {
    const files = this.#vms.files(uuid);
    if (livePid(files) === null) return Promise.reject(new Error(`The virtual machine of ${uuid} is not running`));
    return new Promise((resolve, reject) => {
      const sock = connect(files.vnc);
      sock.once('connect', () => resolve(sock)).once('error', reject);
    });
  }

  async close(): Promise<void> {
    this.#vms.closeAll();
  }
}
