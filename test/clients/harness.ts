/**
 * Shared by the client compatibility tests: one Novum child process per test file (keystone
 * auth, --fake-delay 20, a port in 18800-18899), Debian's clients run against it with only the
 * generated clouds.yaml (or the OS_* variables taken from it), each call under a timeout.
 * .ci/run installs the clients, so in CI a missing client is a failure; elsewhere the file is
 * skipped with the reason stated.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { freePort, mainJs, startServe, stopProcess } from '../cli/novum-process.js';

export const OPENSTACK = '/usr/bin/openstack';
export const NOVA = '/usr/bin/nova';
export const PYTHON = '/usr/bin/python3';
export const CALL_TIMEOUT_MS = 60_000;
/** The image every test boots by name (Novum's seeded CirrOS). */
export const IMAGE = 'cirros-0.6.2-x86_64-disk';

/** Why a file must be skipped (a client missing outside CI), or false. */
export function skipUnless(binary: string, installHint: string): string | false {
  if (existsSync(binary) || process.env.CI) return false;
  return `${binary} is not installed (${installHint}; .ci/run does) and CI is not set`;
}

export interface CallResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ClientCloud {
  readonly tmp: string;
  readonly cloudsFile: string;
  /** Runs a program with the cloud's environment (`cloud`: novum = admin, novum-demo, novum-demo2). */
  run(bin: string, args: readonly string[], cloud?: string): Promise<CallResult>;
  /** OS_* variables for `cloud`, as a user would export them from clouds.yaml. */
  osVars(cloud?: string): Record<string, string>;
  stop(): Promise<void>;
}

/** The runner's environment minus every OS_* / NOVUM_* / PYTHON* variable, with HOME in `tmp`. */
function baseEnv(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OS_|NOVUM_|PYTHON)/.test(k)) env[k] = v;
  env.HOME = tmp; // no ~/.config/openstack of the developer's
  return env;
}

function call(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${bin} ${args.join(' ')} did not finish within ${CALL_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, CALL_TIMEOUT_MS);
    p.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
    p.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    p.once('error', (err) => { clearTimeout(timer); reject(err); });
    p.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** Starts a Novum for one test file. */
export async function startCloud(label: string): Promise<ClientCloud> {
  assert.ok(existsSync(mainJs), `${mainJs} is missing: run "npm run build" (npm test does) first`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), `novum-${label}-`));
  const port = await freePort(18800, 100);
  let child: ChildProcess | undefined;
  try {
    const started = await startServe(['--port', String(port), '--data-dir', path.join(tmp, 'data'),
      '--auth', 'keystone', '--fake-delay', '20', '--log-level', 'warn']);
    child = started.child;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const cloudsFile = path.join(tmp, 'data', 'clouds.yaml');
  const clouds = (parse(readFileSync(cloudsFile, 'utf8')) as { clouds: Record<string, { auth: Record<string, string> }> }).clouds;
  const osVars = (cloud = 'novum'): Record<string, string> => {
    const a = clouds[cloud].auth;
    return {
      OS_AUTH_URL: a.auth_url, OS_USERNAME: a.username, OS_PASSWORD: a.password, OS_PROJECT_NAME: a.project_name,
      OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default',
    };
  };
  return {
    tmp, cloudsFile, osVars,
    run: (bin, args, cloud = 'novum') => {
      const env = baseEnv(tmp);
      if (bin === NOVA) Object.assign(env, osVars(cloud));
      else Object.assign(env, { OS_CLIENT_CONFIG_FILE: cloudsFile, OS_CLOUD: cloud });
      return call(bin, args, env);
    },
    stop: async () => {
      await stopProcess(child);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** `openstack ...` helpers bound to one cloud: `ok` asserts exit 0 and parses `-f json` output. */
export function openstackClient(c: ClientCloud, cloud = 'novum') {
  const raw = (...args: string[]): Promise<CallResult> => c.run(OPENSTACK, args, cloud);
  const ok = async (...args: string[]): Promise<any> => {
    const r = await raw(...args);
    assert.equal(r.code, 0, `openstack ${args.join(' ')} exited ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
    if (!args.includes('json')) return r.stdout;
    try {
      return JSON.parse(r.stdout);
    } catch {
      return assert.fail(`openstack ${args.join(' ')} printed no JSON: ${r.stdout}`);
    }
  };
  /** Asserts a non-zero exit with stderr matching `message`. */
  const fails = async (message: RegExp, ...args: string[]): Promise<CallResult> => {
    const r = await raw(...args);
    assert.notEqual(r.code, 0, `openstack ${args.join(' ')} succeeded: ${r.stdout}`);
    assert.match(r.stderr, message);
    return r;
  };
  /** Polls `server show NAME -f json` until `pred` holds (ERROR stops early unless wanted). */
  const waitFor = async (name: string, pred: (s: any) => boolean, what: string, timeoutMs = 60_000): Promise<any> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await ok('server', 'show', name, '-f', 'json');
      if (pred(s)) return s;
      assert.notEqual(s.status, 'ERROR', `server ${name} went to ERROR waiting for ${what}: ${JSON.stringify(s)}`);
      if (Date.now() > deadline) assert.fail(`server ${name} not ${what} after ${timeoutMs} ms; last: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  /** Waits for `status` with no task in progress. */
  const waitForStatus = (name: string, status: string, timeoutMs?: number): Promise<any> =>
    waitFor(name, (s) => s.status === status && s['OS-EXT-STS:task_state'] === null, status, timeoutMs);
  return { raw, ok, fails, waitFor, waitForStatus };
}
