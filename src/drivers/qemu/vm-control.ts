/**
 * The running machines: one QMP connection per machine (reconnected after a Novum restart from
 * the socket in its directory), start and boot-marker waits (at most `maxParallelBoots` at once),
 * and stopping — ACPI power button with a fallback to `quit`, then SIGKILL.
 */
import type { HypervisorPowerState } from '../driver.js';
import { BOOT_MARKER } from './guest-scripts.js';
import { consoleSize, instanceFiles, livePid, waitConsole, waitExit, type InstanceFiles } from './instance-files.js';
import { startMachine, type MachineSpec } from './machine.js';
import { QmpClient, type QmpEvent } from './qmp-client.js';

/** QMP's run states → Nova's power states (Nova libvirt: LIBVIRT_POWER_STATE). */
export function powerOf(status: string): HypervisorPowerState {
  if (status === 'running') return 'running';
  if (status === 'shutdown') return 'shutdown';
  if (['guest-panicked', 'internal-error', 'io-error'].includes(status)) return 'crashed';
  return 'paused';
}

export class VmControl {
  readonly #conns = new Map<string, QmpClient>();
  #listener: ((uuid: string, state: HypervisorPowerState) => void) | null = null;
  #booting = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(private readonly dataDir: string, private readonly bootTimeoutMs: number, private readonly maxParallelBoots = 2) {}

  files(uuid: string): InstanceFiles {
    return instanceFiles(this.dataDir, uuid);
  }

  setListener(listener: (uuid: string, state: HypervisorPowerState) => void): void {
    this.#listener = listener;
  }

  /** The QMP connection of a running machine (connecting if needed), or null when it is not running. */
  async qmp(uuid: string): Promise<QmpClient | null> {
    const open = this.#conns.get(uuid);
    if (open && !open.closed) return open;
    const files = this.files(uuid);
    if (livePid(files) === null) return null;
    const client = await QmpClient.connect(files.qmp);
    this.#conns.set(uuid, client);
    client.on('event', (e: QmpEvent) => this.#onEvent(uuid, e));
    client.on('close', () => {
      if (this.#conns.get(uuid) === client) this.#conns.delete(uuid);
      // The machine exited (or crashed) without us: the guest powered off.
      setTimeout(() => { if (livePid(files) === null) this.#listener?.(uuid, 'shutdown'); }, 200).unref();
    });
    return client;
  }

  /** Like qmp(), but the machine must be running. */
  async require(uuid: string, what: string): Promise<QmpClient> {
    const c = await this.qmp(uuid);
    if (!c) throw new Error(`Cannot ${what}: the virtual machine of ${uuid} is not running`);
    return c;
  }

  #onEvent(uuid: string, e: QmpEvent): void {
    const state = e.event === 'STOP' ? 'paused' : e.event === 'RESUME' ? 'running' : e.event === 'SHUTDOWN' ? 'shutdown' : null;
    if (state) this.#listener?.(uuid, state);
  }

  async #slot<T>(work: () => Promise<T>): Promise<T> {
    while (this.#booting >= this.maxParallelBoots) await new Promise<void>((r) => this.#waiters.push(r));
    this.#booting++;
    try {
      return await work();
    } finally {
      this.#booting--;
      this.#waiters.shift()?.();
    }
  }

  /** Starts the machine and waits for the guest's boot marker if its image promises one; on failure the machine is killed. */
  boot(uuid: string, spec: MachineSpec): Promise<void> {
    return this.#slot(async () => {
      const files = this.files(uuid);
      const from = consoleSize(files);
      await startMachine(files, spec);
      await this.qmp(uuid);
      // Nova libvirt: ACTIVE once the domain runs; only the sample's guests announce that they are up.
      if (!spec.bootMarker) return;
      try {
        await waitConsole(files, from, BOOT_MARKER, this.bootTimeoutMs, () => livePid(files) === null);
      } catch (err) {
        await this.kill(uuid);
        throw err;
      }
    });
  }

  /** After system_reset: waits for the next boot marker. */
  async waitBoot(uuid: string, from: number): Promise<void> {
    const files = this.files(uuid);
    await waitConsole(files, from, BOOT_MARKER, this.bootTimeoutMs, () => livePid(files) === null);
  }

  /** Starts the machine waiting for its saved memory, then lets it run on (no reboot). */
  restore(uuid: string, spec: MachineSpec): Promise<void> {
    return this.#slot(async () => {
      const files = this.files(uuid);
      await startMachine(files, spec, true);
      const qmp = await this.require(uuid, 'resume');
      const deadline = Date.now() + this.bootTimeoutMs;
      for (;;) {
        const { status } = await qmp.execute<{ status: string }>('query-status');
        if (status !== 'inmigrate') break;
        if (Date.now() > deadline) throw new Error('the saved memory was not loaded in time');
        await new Promise((r) => setTimeout(r, 50));
      }
      await qmp.execute('cont');
    });
  }

  /** ACPI power button; `quit` when the guest has not powered off within timeoutMs. */
  async powerDown(uuid: string, timeoutMs: number): Promise<void> {
    const qmp = await this.qmp(uuid);
    if (!qmp) return;
    const { status } = await qmp.execute<{ status: string }>('query-status');
    // A paused guest cannot hear the button.
    if (status === 'running') {
      await qmp.execute('system_powerdown');
      if (await qmp.waitClosed(timeoutMs)) {
        await this.#reap(uuid);
        return;
      }
    }
    await this.kill(uuid);
  }

  /** `quit` (SIGKILL if QMP does not answer); resolves once the process is gone. */
  async kill(uuid: string): Promise<void> {
    const qmp = await this.qmp(uuid).catch(() => null);
    if (qmp) await qmp.execute('quit', undefined, 3000).catch(() => undefined);
    await this.#reap(uuid);
  }

  async #reap(uuid: string): Promise<void> {
    const files = this.files(uuid);
    const pid = livePid(files);
    if (pid !== null && !(await waitExit(pid, 5000))) {
      process.kill(pid, 'SIGKILL');
      await waitExit(pid, 5000);
    }
    this.#conns.get(uuid)?.close();
    this.#conns.delete(uuid);
  }

  /** Drops every connection; the machines keep running. */
  closeAll(): void {
    for (const c of this.#conns.values()) {
      c.removeAllListeners('close');
      c.close();
    }
    this.#conns.clear();
  }
}
