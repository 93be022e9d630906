/**
 * One directory per server under `<data-dir>/instances/<uuid>/`: the qcow2 overlay, the serial
 * console log, the QMP and serial sockets, the pid file, the saved memory of a suspended server
 * and `machine.json` (what it was started with, so start and resume rebuild the same machine).
 */
import { existsSync, openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';

/** The paths of one server's files. */
export interface InstanceFiles {
  readonly dir: string;
  readonly disk: string;
  readonly console: string;
  readonly qmp: string;
  readonly serial: string;
  readonly pid: string;
  readonly memory: string;
  readonly machine: string;
  readonly rescueDisk: string;
  /** QEMU's VNC server (unix socket; the console proxy connects to it) */
  readonly vnc: string;
}

export function instanceFiles(dataDir: string, uuid: string): InstanceFiles {
  const dir = path.resolve(dataDir, 'instances', uuid);
  const f = (name: string): string => path.join(dir, name);
  return {
    dir, disk: f('disk.qcow2'), console: f('console.log'), qmp: f('qmp.sock'), serial: f('serial.sock'),
    pid: f('qemu.pid'), memory: f('memory.state'), machine: f('machine.json'), rescueDisk: f('rescue.qcow2'), vnc: f('vnc.sock'),
  };
}

/** The QEMU process of this server if it is alive, else null. */
export function livePid(files: InstanceFiles): number | null {
  let pid: number;
  try {
    // QEMU removes its pid file as it exits: read it once, and treat a missing file as "not running".
    pid = Number(readFileSync(files.pid, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
  } catch {
    return null;
  }
  // A recycled pid belongs to some other program: check it is a QEMU of this directory.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(files.dir) ? pid : null;
  } catch {
    return null;
  }
}

/** Bytes in the console log now (where a wait for a new marker starts). */
export function consoleSize(files: InstanceFiles): number {
  return existsSync(files.console) ? statSync(files.console).size : 0;
}

/** The console log from byte `from` on (at most `max` bytes, the newest). */
export function readConsole(files: InstanceFiles, from = 0, max = 1024 * 1024): string {
  if (!existsSync(files.console)) return '';
  const size = statSync(files.console).size;
  const start = Math.max(from, size - max);
  if (size <= start) return '';
  const buf = Buffer.alloc(size - start);
  const fd = openSync(files.console, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

/**
 * Resolves with the first console line after byte `from` that contains `marker`; rejects after
 * timeoutMs, or early when `gone()` says the machine exited.
 */
export function waitConsole(files: InstanceFiles, from: number, marker: string, timeoutMs: number, gone: () => boolean): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const text = readConsole(files, from);
      const line = text.split('\n').find((l) => l.includes(marker));
      if (line !== undefined) return resolve(line.trim());
      if (gone()) return reject(new Error(`the guest stopped before printing ${marker} on its console`));
      if (Date.now() > deadline) return reject(new Error(`the guest did not print ${marker} on its console within ${Math.round(timeoutMs / 1000)} s`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

/** Resolves once `pid` has exited (true) or after timeoutMs (false). */
export async function waitExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
