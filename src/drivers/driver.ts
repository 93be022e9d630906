/**
 * The hypervisor interface (Nova: nova/virt/driver.py ComputeDriver). The compute manager calls
 * it; each call returns when the hypervisor has done the work. The fake driver simulates it.
 */
import type { Duplex } from 'node:stream';

export interface DriverInstance {
  readonly uuid: string;
  readonly name: string;
  readonly host: string;
  readonly vcpus: number;
  readonly memoryMb: number;
  readonly rootGb: number;
  readonly imageRef: string;
}

export interface Diagnostics {
  readonly cpuTimeNs: number;
  readonly memoryMb: number;
  readonly uptimeSeconds: number;
  readonly nics: ReadonlyArray<{ mac: string; rxBytes: number; rxPackets: number; txBytes: number; txPackets: number }>;
  readonly disks: ReadonlyArray<{ name: string; readBytes: number; readRequests: number; writeBytes: number; writeRequests: number }>;
}

/** A power state a hypervisor reports (Nova: nova/compute/power_state.py). */
export type HypervisorPowerState = 'running' | 'paused' | 'shutdown' | 'crashed';

/** A snapshot's data: a file the driver wrote, which the image store then takes over. */
export interface SnapshotData {
  readonly path: string;
  readonly diskFormat: string;
}

/** A volume as the hypervisor plugs it in. */
export interface DriverVolume {
  readonly id: string;
  readonly sizeGb: number;
  /** the device name Nova chose (/dev/vdb, ...) */
  readonly device: string;
}

export interface ComputeDriver {
  /** True when every step is instant (a fake driver without delay): the manager then writes the build's intermediate task_states in one step. */
  readonly instantSteps: boolean;
  spawn(inst: DriverInstance): Promise<void>;
  destroy(inst: DriverInstance): Promise<void>;
  reboot(inst: DriverInstance, hard: boolean): Promise<void>;
  powerOff(inst: DriverInstance): Promise<void>;
  powerOn(inst: DriverInstance): Promise<void>;
  pause(inst: DriverInstance): Promise<void>;
  unpause(inst: DriverInstance): Promise<void>;
  suspend(inst: DriverInstance): Promise<void>;
  resume(inst: DriverInstance): Promise<void>;
  /** Copies the root disk into a new image's data (snapshot, backup, shelve); real drivers return the file. */
  snapshot(inst: DriverInstance, imageId: string): Promise<SnapshotData | void>;
  /** Any other step (resize, migrate, rescue, rebuild, ...): the time it takes on this hypervisor. */
  step(inst: DriverInstance, what: string): Promise<void>;
  consoleOutput(inst: DriverInstance): Promise<string>;
  diagnostics(inst: DriverInstance): Promise<Diagnostics>;
  /** Real hypervisors: the power state now (Nova: get_info().state); null when the server has no machine. */
  powerState?(inst: DriverInstance): Promise<HypervisorPowerState | null>;
  /** Real hypervisors: `listener` hears of power changes the guest or hypervisor made on its own. */
  watch?(listener: (uuid: string, state: HypervisorPowerState) => void): void;
  /** Real hypervisors: plugs a volume into the running (or next started) machine. */
  attachVolume?(inst: DriverInstance, volume: DriverVolume): Promise<void>;
  detachVolume?(inst: DriverInstance, volumeId: string): Promise<void>;
  /** A connection to the server's VNC server (RFB bytes both ways), for the console proxy; rejects when its machine is not running. */
  openVnc?(uuid: string): Promise<Duplex>;
  /** Drops the driver's connections; the machines keep running (a restart reattaches). */
  close?(): Promise<void>;
}
