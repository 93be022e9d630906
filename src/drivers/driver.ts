/**
 * The hypervisor interface (Nova: nova/virt/driver.py ComputeDriver). The compute manager calls
 * it; each call returns when the hypervisor has done the work. The fake driver simulates it.
 */

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
  /** Copies the root disk into a new image's data (snapshot, backup, shelve). */
  snapshot(inst: DriverInstance, imageId: string): Promise<void>;
  /** Any other step (resize, migrate, rescue, rebuild, ...): the time it takes on this hypervisor. */
  step(inst: DriverInstance, what: string): Promise<void>;
  consoleOutput(inst: DriverInstance): Promise<string>;
  diagnostics(inst: DriverInstance): Promise<Diagnostics>;
}
