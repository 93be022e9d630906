/**
 * The QEMU command line of a server and starting it: q35, daemonized, bound to nothing but the
 * unix sockets in its directory, serial console captured in console.log, spare PCIe root ports
 * for volume hot-plug. The spec is kept in machine.json so start and resume rebuild the same machine.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { InstanceFiles } from './instance-files.js';

const run = promisify(execFile);

/** The smallest RAM the sample guest's Debian kernel boots with is 96 MiB; below 128 is not offered. */
export const MIN_MEMORY_MB = 128;
/** Spare PCIe root ports, one per volume that can be hot-plugged. */
export const ROOT_PORTS = 4;

/** A volume plugged into root port `port` (1-based). */
export interface PluggedVolume {
  readonly id: string;
  readonly file: string;
  readonly port: number;
}

/** What a server's QEMU is started with. */
export interface MachineSpec {
  readonly name: string;
  readonly memoryMb: number;
  readonly vcpus: number;
  readonly accel: 'tcg' | 'kvm';
  /** direct kernel boot (the image's kernel_id / ramdisk_id / os_command_line); absent: the disk boots by BIOS */
  readonly kernel?: string;
  readonly initrd?: string;
  readonly cmdline?: string;
  readonly diskFormat: 'qcow2' | 'raw';
  /** start and reboot wait for the boot marker on the console (the image carries `novum_sample`) */
  readonly bootMarker?: boolean;
  /** rescue mode: this disk boots as vda and the server's own disk is vdb */
  readonly rescueDisk?: string;
  readonly volumes: readonly PluggedVolume[];
}

export function saveSpec(files: InstanceFiles, spec: MachineSpec): void {
  writeFileSync(files.machine, JSON.stringify(spec, null, 2));
}

export function loadSpec(files: InstanceFiles): MachineSpec | null {
  return existsSync(files.machine) ? (JSON.parse(readFileSync(files.machine, 'utf8')) as MachineSpec) : null;
}

function driveArgs(id: string, file: string, format: string, device: string, extra = ''): string[] {
  return ['-drive', `file=${file},if=none,id=${id},format=${format},node-name=${id}n,cache=writeback`,
    '-device', `virtio-blk-pci,drive=${id},id=${device}${extra}`];
}

/** The full argument list (without the binary). `incoming`: wait for saved memory on stdin of `cat`. */
export function qemuArgs(files: InstanceFiles, spec: MachineSpec, incoming: boolean): string[] {
  const args = [
    '-name', `${spec.name},debug-threads=on`, '-accel', spec.accel, '-machine', 'q35', '-cpu', 'max',
    '-m', String(Math.max(spec.memoryMb, MIN_MEMORY_MB)), '-smp', String(Math.max(1, spec.vcpus)),
    '-nodefaults', '-no-user-config', '-nic', 'none', '-display', 'none',
  ];
  if (spec.kernel) args.push('-kernel', spec.kernel);
  if (spec.kernel && spec.initrd) args.push('-initrd', spec.initrd);
  if (spec.kernel && spec.cmdline) args.push('-append', spec.cmdline);
  if (spec.rescueDisk) {
    args.push(...driveArgs('disk0', spec.rescueDisk, 'qcow2', 'vda'), ...driveArgs('disk1', files.disk, 'qcow2', 'vdb'));
  } else {
    args.push(...driveArgs('disk0', files.disk, 'qcow2', 'vda'));
  }
  args.push('-device', 'virtio-balloon-pci,id=balloon0');
  for (let p = 1; p <= ROOT_PORTS; p++) args.push('-device', `pcie-root-port,id=rp${p},bus=pcie.0,chassis=${p},slot=${p}`);
  for (const v of spec.volumes) {
    args.push('-blockdev', `driver=qcow2,node-name=vol-${v.id.slice(0, 8)},file.driver=file,file.filename=${v.file}`,
      '-device', `virtio-blk-pci,drive=vol-${v.id.slice(0, 8)},id=dev-${v.id.slice(0, 8)},bus=rp${v.port},serial=${v.id.slice(0, 20)}`);
  }
  args.push(
    '-chardev', `socket,id=ser0,path=${files.serial},server=on,wait=off,logfile=${files.console},logappend=on`, '-serial', 'chardev:ser0',
    // A VGA screen behind a VNC server on a unix socket: reachable only through Novum's token-checked proxy.
    '-device', 'VGA', '-vnc', `unix:${files.vnc}`,
    '-qmp', `unix:${files.qmp},server=on,wait=off`, '-pidfile', files.pid, '-daemonize',
  );
  if (incoming) args.push('-S', '-incoming', `exec:cat ${files.memory}`);
  return args;
}

/** Starts the machine; resolves once QEMU has daemonized (its QMP socket then accepts connections). */
export async function startMachine(files: InstanceFiles, spec: MachineSpec, incoming = false): Promise<void> {
  rmSync(files.pid, { force: true });
  try {
    await run('qemu-system-x86_64', qemuArgs(files, spec, incoming), { cwd: files.dir, timeout: 60000 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`qemu-system-x86_64 failed to start: ${stderr || (err as Error).message}`);
  }
}

/** Runs qemu-img with these arguments. */
export async function qemuImg(args: readonly string[]): Promise<string> {
  try {
    return (await run('qemu-img', [...args], { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`qemu-img ${args[0]} failed: ${stderr || (err as Error).message}`);
  }
}

/** Creates a qcow2 overlay on `backing`, at least `sizeGb` large (0: the backing file's size). */
export async function createOverlay(file: string, backing: string, backingFormat: string, sizeGb: number): Promise<void> {
  const info = JSON.parse(await qemuImg(['info', '--output=json', '-U', backing])) as { 'virtual-size': number };
  const size = Math.max(info['virtual-size'], sizeGb * 1024 ** 3);
  await qemuImg(['create', '-q', '-f', 'qcow2', '-F', backingFormat, '-b', backing, file, String(size)]);
}
