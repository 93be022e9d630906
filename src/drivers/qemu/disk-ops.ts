/**
 * Disk work on a server's machine: live snapshots (drive-backup of the running disk, or
 * `qemu-img convert -U` of a stopped one), volume hot-plug into spare PCIe root ports, and the
 * counters os-server-diagnostics reports.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostics, DriverVolume, SnapshotData } from '../driver.js';
import type { InstanceFiles } from './instance-files.js';
import { livePid } from './instance-files.js';
import { loadSpec, qemuImg, ROOT_PORTS, saveSpec, type MachineSpec, type PluggedVolume } from './machine.js';
import type { QmpClient } from './qmp-client.js';

/** Copies the server's disk, flattened (no backing file), into `<dir>/snapshot-<imageId>.qcow2`. */
export async function snapshotDisk(files: InstanceFiles, qmp: QmpClient | null, imageId: string): Promise<SnapshotData> {
  const target = path.join(files.dir, `snapshot-${imageId}.qcow2`);
  const device = loadSpec(files)?.rescueDisk ? 'disk1' : 'disk0';
  if (qmp) {
    const done = qmp.waitEvent('BLOCK_JOB_COMPLETED', 600000, (e) => e.data.device === `snap-${imageId.slice(0, 8)}`);
    await qmp.execute('drive-backup', { 'job-id': `snap-${imageId.slice(0, 8)}`, device, sync: 'full', target, format: 'qcow2' });
    const ev = await done;
    if (typeof ev.data.error === 'string') throw new Error(`snapshot of the disk failed: ${ev.data.error}`);
  } else {
    await qemuImg(['convert', '-U', '-O', 'qcow2', files.disk, target]);
  }
  return { path: target, diskFormat: 'qcow2' };
}

const nodeOf = (id: string): string => `vol-${id.slice(0, 8)}`;
const deviceOf = (id: string): string => `dev-${id.slice(0, 8)}`;

/** A qcow2 file per volume under `<data-dir>/volumes/`, created on first attach. */
export async function volumeFile(dataDir: string, v: DriverVolume): Promise<string> {
  const dir = path.resolve(dataDir, 'volumes');
  const file = path.join(dir, `${v.id}.qcow2`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    await qemuImg(['create', '-q', '-f', 'qcow2', file, `${Math.max(1, v.sizeGb)}G`]);
  }
  return file;
}

/** Hot-plugs the volume (blockdev-add + device_add into a free root port) and records it in machine.json. */
export async function plugVolume(files: InstanceFiles, qmp: QmpClient | null, id: string, file: string): Promise<void> {
  const spec = loadSpec(files);
  if (!spec) throw new Error('the server has no machine to attach the volume to');
  if (spec.volumes.some((v) => v.id === id)) return;
  const used = new Set(spec.volumes.map((v) => v.port));
  const port = Array.from({ length: ROOT_PORTS }, (_, i) => i + 1).find((p) => !used.has(p));
  if (port === undefined) throw new Error(`no free PCIe root port: at most ${ROOT_PORTS} volumes can be attached`);
  const plugged: PluggedVolume = { id, file, port };
  if (qmp) {
    await qmp.execute('blockdev-add', { driver: 'qcow2', 'node-name': nodeOf(id), file: { driver: 'file', filename: file } });
    await qmp.execute('device_add', { driver: 'virtio-blk-pci', id: deviceOf(id), drive: nodeOf(id), bus: `rp${port}`, serial: id.slice(0, 20) });
  }
  saveSpec(files, { ...spec, volumes: [...spec.volumes, plugged] });
}

/** device_del, wait for the guest to let go (DEVICE_DELETED), blockdev-del. */
export async function unplugVolume(files: InstanceFiles, qmp: QmpClient | null, id: string): Promise<void> {
  const spec = loadSpec(files);
  if (!spec || !spec.volumes.some((v) => v.id === id)) return;
  if (qmp) {
    const gone = qmp.waitEvent('DEVICE_DELETED', 30000, (e) => e.data.device === deviceOf(id));
    await qmp.execute('device_del', { id: deviceOf(id) });
    await gone;
    await qmp.execute('blockdev-del', { 'node-name': nodeOf(id) });
  }
  const next: MachineSpec = { ...spec, volumes: spec.volumes.filter((v) => v.id !== id) };
  saveSpec(files, next);
}

interface BlockStat {
  device: string;
  qdev?: string;
  stats: { rd_bytes: number; wr_bytes: number; rd_operations: number; wr_operations: number };
}

/** CPU time of the vCPU threads (ns), from /proc/<pid>/task/<tid>/stat. */
function vcpuTimeNs(pid: number, threadIds: readonly number[]): number {
  let ticks = 0;
  for (const tid of threadIds) {
    try {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* the thread is gone */ }
  }
  return ticks * 10_000_000;
}

/** Real counters of a running machine (Nova: get_instance_diagnostics). */
export async function machineDiagnostics(files: InstanceFiles, qmp: QmpClient, memoryMb: number): Promise<Diagnostics> {
  const pid = livePid(files) ?? 0;
  const cpus = await qmp.execute<{ 'thread-id': number }[]>('query-cpus-fast');
  const blocks = await qmp.execute<BlockStat[]>('query-blockstats');
  const balloon = await qmp.execute<{ actual: number }>('query-balloon').catch(() => null);
  const uptime = existsSync(files.pid) ? Math.floor((Date.now() - statSync(files.pid).mtimeMs) / 1000) : 0;
  const names = ['vda', 'vdb', 'vdc', 'vdd', 'vde', 'vdf'];
  return {
    cpuTimeNs: vcpuTimeNs(pid, cpus.map((c) => c['thread-id'])),
    memoryMb: balloon ? Math.round(balloon.actual / 1024 / 1024) : memoryMb,
    uptimeSeconds: uptime,
    nics: [],
    disks: blocks.filter((b) => b.device || b.qdev).map((b, i) => ({
      name: names[i] ?? b.device, readBytes: b.stats.rd_bytes, readRequests: b.stats.rd_operations,
      writeBytes: b.stats.wr_bytes, writeRequests: b.stats.wr_operations,
    })),
  };
}
