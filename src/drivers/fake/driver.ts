/**
 * The simulated hypervisor (Nova: nova/virt/fake.py): every operation succeeds after a
 * configurable delay, a console log grows with each event, and counters grow with uptime.
 */
import type { Duplex } from 'node:stream';
import type { ComputeDriver, Diagnostics, DriverInstance } from '../driver.js';
import { fakeVncConnection } from './vnc.js';

interface FakeVm {
  bootedAt: number;
  console: string[];
}

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export class FakeDriver implements ComputeDriver {
  readonly #delayMs: number;
  readonly #vms = new Map<string, FakeVm>();

  constructor(opts: { delayMs: number }) {
    this.#delayMs = opts.delayMs;
  }

  get instantSteps(): boolean {
    return this.#delayMs === 0;
  }

  #vm(inst: DriverInstance): FakeVm {
    let vm = this.#vms.get(inst.uuid);
    if (!vm) {
      vm = { bootedAt: Date.now(), console: [] };
      this.#vms.set(inst.uuid, vm);
    }
    return vm;
  }

  #log(inst: DriverInstance, line: string): void {
    const vm = this.#vm(inst);
    const t = ((Date.now() - vm.bootedAt) / 1000).toFixed(6).padStart(12);
    vm.console.push(`[${t}] ${line}`);
    if (vm.console.length > 1000) vm.console.splice(0, vm.console.length - 1000);
  }

  #boot(inst: DriverInstance): void {
    const vm = this.#vm(inst);
    vm.bootedAt = Date.now();
    this.#log(inst, `Linux version 6.1.0-novum (fake hypervisor on ${inst.host})`);
    this.#log(inst, `Memory: ${inst.memoryMb * 1024}K available, ${inst.vcpus} CPU(s)`);
    this.#log(inst, 'Starting network: eth0 up');
    this.#log(inst, `${inst.name} login:`);
  }

  async spawn(inst: DriverInstance): Promise<void> {
    await sleep(this.#delayMs);
    this.#boot(inst);
  }

  async destroy(inst: DriverInstance): Promise<void> {
    await sleep(this.#delayMs);
    this.#vms.delete(inst.uuid);
  }

  async reboot(inst: DriverInstance, hard: boolean): Promise<void> {
    this.#log(inst, hard ? 'reboot: hard reset' : 'reboot: Restarting system');
    await sleep(this.#delayMs);
    this.#boot(inst);
  }

  async powerOff(inst: DriverInstance): Promise<void> {
    this.#log(inst, 'reboot: Power down');
    await sleep(this.#delayMs);
  }

  async powerOn(inst: DriverInstance): Promise<void> {
    await sleep(this.#delayMs);
    this.#boot(inst);
  }

  async pause(inst: DriverInstance): Promise<void> {
    await sleep(this.#delayMs);
  }

  async unpause(inst: DriverInstance): Promise<void> {
    await sleep(this.#delayMs);
  }

  async suspend(inst: DriverInstance): Promise<void> {
    this.#log(inst, 'PM: suspend entry (deep)');
    await sleep(this.#delayMs);
  }

  async resume(inst: DriverInstance): Promise<void> {
    await sleep(this.#delayMs);
    this.#log(inst, 'PM: resume from suspend');
  }

  async snapshot(inst: DriverInstance, _imageId: string): Promise<void> {
    await sleep(this.#delayMs);
  }

  async step(inst: DriverInstance, what: string): Promise<void> {
    await sleep(this.#delayMs);
    if (what === 'rescue' || what === 'rebuild' || what === 'unrescue' || what === 'resize' || what === 'unshelve') this.#boot(inst);
  }

  async consoleOutput(inst: DriverInstance): Promise<string> {
    return this.#vm(inst).console.map((l) => `${l}\n`).join('');
  }

  /** A simulated VNC server that answers the RFB handshake. */
  async openVnc(uuid: string): Promise<Duplex> {
    return fakeVncConnection(`instance-${uuid}`);
  }

  async diagnostics(inst: DriverInstance): Promise<Diagnostics> {
    const uptime = Math.floor((Date.now() - this.#vm(inst).bootedAt) / 1000);
    const io = uptime * 1024 + 2048;
    return {
      cpuTimeNs: uptime * 1_000_000_000 * Math.max(1, inst.vcpus) / 10 + 17_300_000_000,
      memoryMb: inst.memoryMb,
      uptimeSeconds: uptime,
      nics: [{ mac: '', rxBytes: io * 2, rxPackets: uptime * 3 + 2, txBytes: io, txPackets: uptime * 2 + 3 }],
      disks: [{ name: 'vda', readBytes: io * 256 + 262144, readRequests: uptime * 4 + 112, writeBytes: io * 8 + 5778432, writeRequests: uptime + 488 }],
    };
  }
}
