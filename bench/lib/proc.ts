/**
 * Child processes of the benchmark: Novum and the bare node:http ceiling server. Every child is
 * registered so it is stopped (by PID) at the end, on error, and on SIGINT/SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { get } from './http.js';

/** dist/ of the compiled project (this file lives in dist/bench/lib/). */
export const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO = path.resolve(DIST, '..');

const children = new Set<ChildProcess>();

/** First port of the benchmark's range of 100 (NOVUM_BENCH_PORT_BASE, default 18500). */
export const PORT_BASE = Number(process.env.NOVUM_BENCH_PORT_BASE ?? 18500);

/** Ports of this benchmark: PORT_BASE + offset .. PORT_BASE + 99, first free one from the offset. */
export async function freePort(fromOffset = 0, toOffset = 99): Promise<number> {
  const from = PORT_BASE + fromOffset;
  const to = PORT_BASE + toOffset;
  for (let port = from; port <= to; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/** A running child with its URL. */
export interface Running {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly url: string;
  /** ms from spawn to the first answered GET / */
  readonly startMs: number;
}

async function waitUp(proc: ChildProcess, url: string, timeoutMs: number, stderr: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`child exited with ${proc.exitCode}: ${stderr()}`);
    try {
      const res = await get(`${url}/`, undefined, 1000);
      if (res.status > 0) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`child did not answer ${url}/ within ${timeoutMs} ms: ${stderr()}`);
}

async function launch(args: string[], port: number, env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUp(proc, url, 60_000, () => err);
  } catch (e) {
    await stop(proc);
    throw e;
  }
  return { proc, pid: proc.pid as number, url, startMs: performance.now() - t0 };
}

/** Options of one Novum start. */
export interface NovumOptions {
  readonly dataDir: string;
  readonly port: number;
  /** extra node flags, e.g. --cpu-prof */
  readonly nodeFlags?: readonly string[];
  /** extra `novum serve` options, e.g. --row-cache false */
  readonly serveFlags?: readonly string[];
}

/** Fake hosts with room for over a million m1.tiny servers. */
export const NOVUM_CAPACITY = ['--fake-hosts', '16', '--fake-host-vcpus', '100000', '--fake-host-memory-mb', '100000000', '--fake-host-disk-gb', '10000000'];

export function startNovum(o: NovumOptions): Promise<Running> {
  const args = [
    ...(o.nodeFlags ?? []), path.join(DIST, 'novum.mjs'), 'serve', '--auth', 'noauth', '--log-level', 'warn', '--fake-delay', '0',
    '--host', '127.0.0.1', '--port', String(o.port), '--data-dir', o.dataDir, ...NOVUM_CAPACITY, ...(o.serveFlags ?? []),
  ];
  return launch(args, o.port);
}

export function startCeiling(port: number, bodyFile: string): Promise<Running> {
  return launch([path.join(DIST, 'bench', 'ceiling.js'), String(port), bodyFile], port);
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the child has exited. */
export async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Stops every child still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stop(c)));
}

/** Resident memory of a process in MB (10^6 bytes; VmRSS of /proc/<pid>/status). */
export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? (Number(m[1]) * 1024) / 1e6 : NaN;
}

/** Stops the children on SIGINT/SIGTERM before exiting. */
export function installSignalHandlers(): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping children\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}
