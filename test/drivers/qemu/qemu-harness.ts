/**
 * Shared set-up for the tests that boot real QEMU guests: the sample guest built once into
 * build/guest (cached between runs), a data dir per test file pre-seeded with it, polling helpers
 * that wait on what the API shows (status, console markers), and killing every QEMU the test started.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGuest } from '../../../src/drivers/qemu/guest-build.js';
import { detectAccel, guestDir } from '../../../src/drivers/qemu/setup.js';
import { after, before } from 'node:test';
import { startNovum, type Reply, type TestNovum } from '../../helpers.js';

/** Why the real-VM tests are skipped here, or null when QEMU is installed. */
export function qemuMissing(): string | null {
  const r = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86 qemu-utils busybox-static cpio e2fsprogs)';
  return null;
}

const CACHE = path.resolve('build', 'guest');

/** Test files run side by side: one builds the guest, the others wait for it (a lock dir, stale after 10 min). */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(CACHE, { recursive: true });
  const lock = path.join(CACHE, '.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 600000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A fresh data dir whose qemu/guest points at the cached sample guest (built on first use). */
export async function preparedDataDir(): Promise<string> {
  await withBuildLock(async () => detectAccel(await buildGuest(CACHE), CACHE));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'novum-qemu-'));
  mkdirSync(guestDir(dataDir), { recursive: true });
  for (const f of ['guest.json', 'accel.json']) copyFileSync(path.join(CACHE, f), path.join(guestDir(dataDir), f));
  return dataDir;
}

/** Every QEMU Novum started and not yet closed: the file's `after` closes them (a test may restart one). */
const open = new Set<TestNovum>();

export async function startQemuNovum(dataDir: string): Promise<TestNovum> {
  const n = await startNovum({ dataDir, driver: 'qemu', databaseUrl: '' });
  const close = n.close.bind(n);
  const tracked: TestNovum = { ...n, close: async () => { open.delete(tracked); await close(); } };
  open.add(tracked);
  return tracked;
}

/** Polls GET url every 250 ms until pick(reply) is true (no fixed sleeps: it returns as soon as it holds). */
export async function until(n: TestNovum, url: string, pick: (r: Reply) => boolean, timeoutMs = 240000): Promise<Reply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await n.request('GET', url);
    if (pick(r)) return r;
    if (Date.now() > deadline) throw new Error(`timed out waiting on ${url}; last: ${r.status} ${r.text.slice(0, 400)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Waits for the server to leave its task with this status; fails at once on ERROR. */
export async function waitStatus(n: TestNovum, id: string, status: string): Promise<Reply> {
  return until(n, `/compute/v2.1/servers/${id}`, (r) => {
    const s = r.body?.server;
    if (s?.status === 'ERROR' && status !== 'ERROR') throw new Error(`server ${id} went to ERROR: ${JSON.stringify(s.fault)}`);
    return s?.status === status && s['OS-EXT-STS:task_state'] === null;
  });
}

export async function consoleLog(n: TestNovum, id: string): Promise<string> {
  const r = await n.request('POST', `/compute/v2.1/servers/${id}/action`, { body: { 'os-getConsoleOutput': {} } });
  if (r.status !== 200) throw new Error(`console output: ${r.status} ${r.text}`);
  return r.body.output as string;
}

/** Polls the console output until pick() finds what it wants there. */
export async function waitConsole<T>(n: TestNovum, id: string, pick: (log: string) => T | undefined, timeoutMs = 240000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pick(await consoleLog(n, id));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`console of ${id} never showed what the test waits for:\n${(await consoleLog(n, id)).slice(-2000)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** The last heartbeat counter the guest printed, or undefined. */
export function lastHeartbeat(log: string): number | undefined {
  const all = [...log.matchAll(/NOVUM_HEARTBEAT (\d+)/g)];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
}

export const count = (log: string, marker: string): number => log.split(marker).length - 1;

/** Kills (by pid file) every QEMU still running from this data dir, then removes the dir. */
export function cleanUp(dataDir: string): void {
  const dir = path.join(dataDir, 'instances');
  if (existsSync(dir)) {
    for (const uuid of readdirSync(dir)) {
      const pidFile = path.join(dir, uuid, 'qemu.pid');
      if (!existsSync(pidFile)) continue;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)) process.kill(pid, 'SIGKILL');
      } catch { /* already gone */ }
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** Pids of QEMUs running from this data dir. */
export function runningQemus(dataDir: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      return cmd.startsWith('qemu-system-x86_64') && cmd.includes(dataDir);
    } catch {
      return false;
    }
  }).map(Number);
}

/**
 * Registers the file's before/after hooks: a qemu-driver Novum on a prepared data dir, handed to
 * `ready` once started, closed and its VMs and files removed at the end; nothing when QEMU is missing.
 */
export function useQemuNovum(ready: (n: TestNovum, dataDir: string) => void): void {
  let dataDir = '';
  let n: TestNovum | undefined;
  before(async () => {
    if (qemuMissing()) return;
    dataDir = await preparedDataDir();
    n = await startQemuNovum(dataDir);
    ready(n, dataDir);
  });
  after(async () => {
    if (qemuMissing()) return;
    for (const left of [...open]) await left.close();
    cleanUp(dataDir);
  });
}
