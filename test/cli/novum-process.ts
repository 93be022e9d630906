/**
 * Starting the built `novum serve` as a child process, as a user would: a free 127.0.0.1 port,
 * the environment without NOVUM_* settings, and the wait for the clouds.yaml export line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const mainJs = path.join(repoRoot, 'dist/novum.mjs');
export const START_TIMEOUT_MS = 60_000;

/** A port in [base, base+span) nobody listens on right now. */
export async function freePort(base = 18200, span = 50): Promise<number> {
  const offset = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = base + ((offset + i) % span);
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${base}-${base + span - 1}`);
}

export interface Started {
  readonly child: ChildProcess;
  readonly exportLine: string;
  readonly stdout: () => string;
}

/** Starts `novum serve`; resolves once the export line is printed, rejects if it exits first. */
export function startServe(args: string[]): Promise<Started> {
  return startCommand('serve', args, /^export OS_CLIENT_CONFIG_FILE=.*$/m);
}

/** Starts `novum <command>` and resolves once stdout shows `ready` (the line matched is `exportLine`). */
export function startCommand(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Started> {
  const child = spawn(process.execPath, [mainJs, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  // Never leave a server behind, even when the test runner kills this file on a timeout.
  process.once('exit', () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  let out = '';
  let err = '';
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`novum ${command}: not ready within ${START_TIMEOUT_MS} ms; stdout: ${out.slice(0, 2000)} stderr: ${err.slice(0, 2000)}`));
    }, START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, exportLine: m[0], stdout: () => out });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`novum ${command} exited (${code ?? signal}) before it was ready; stderr: ${err.slice(0, 2000)}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Runs `novum <args>` expecting it to stop on its own; resolves to its exit code and output. */
export function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`novum ${args.join(' ')} did not exit within ${START_TIMEOUT_MS} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The test runner's environment without NOVUM_* settings that would change what is tested. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('NOVUM_')) env[k] = v;
  return env;
}

