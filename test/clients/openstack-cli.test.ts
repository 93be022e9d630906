/**
 * End to end with the real OpenStack CLI (Debian's /usr/bin/openstack, python3-openstackclient):
 * a Novum child process with Keystone auth, driven only through the clouds.yaml it prints.
 * .ci/run installs the CLI, so in CI a missing binary is a failure; elsewhere the file is skipped
 * with the reason stated.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, mainJs, startServe } from '../cli/novum-process.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const OPENSTACK = '/usr/bin/openstack';
const CLI_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 75_000;

const cliMissing = !existsSync(OPENSTACK);
const skip = cliMissing && !process.env.CI
  ? `${OPENSTACK} is not installed (apt-get install python3-openstackclient; .ci/run does) and CI is not set`
  : false;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'novum-osc-test-'));
let child: ChildProcess | undefined;
let cloudsFile = '';

/** The runner's environment minus every OS_* / NOVUM_* / PYTHON* variable, plus the cloud. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OS_|NOVUM_|PYTHON)/.test(k)) env[k] = v;
  }
  env.OS_CLIENT_CONFIG_FILE = cloudsFile;
  env.OS_CLOUD = 'novum';
  env.HOME = tmp; // no ~/.config/openstack of the developer's
  return env;
}

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function openstack(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(OPENSTACK, args, { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`openstack ${args.join(' ')} did not finish within ${CLI_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, CLI_TIMEOUT_MS);
    p.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
    p.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    p.once('error', (err) => { clearTimeout(timer); reject(err); });
    p.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** Runs the CLI, asserts exit 0, and parses stdout as JSON when `-f json` was asked for. */
async function ok(...args: string[]): Promise<any> {
  const r = await openstack(...args);
  assert.equal(r.code, 0, `openstack ${args.join(' ')} exited ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
  if (!args.includes('json')) return r.stdout;
  try {
    return JSON.parse(r.stdout);
  } catch {
    assert.fail(`openstack ${args.join(' ')} printed no JSON: ${r.stdout}`);
  }
}

/** Polls `server show NAME -f json` until its status is `want` (ERROR stops early). */
async function waitForStatus(name: string, want: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  for (;;) {
    last = await ok('server', 'show', name, '-f', 'json');
    if (last.status === want) return last;
    assert.notEqual(last.status, 'ERROR', `server ${name} went to ERROR waiting for ${want}: ${JSON.stringify(last)}`);
    if (Date.now() > deadline) assert.fail(`server ${name} not ${want} after ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  if (skip) return;
  assert.ok(!cliMissing, `${OPENSTACK} is missing; CI must install python3-openstackclient (.ci/run)`);
  assert.ok(existsSync(mainJs), `${mainJs} is missing: run "npm run build" (npm test does) first`);
  const port = await freePort(18250, 50);
  const started = await startServe(['--port', String(port), '--data-dir', path.join(tmp, 'data'),
    '--auth', 'keystone', '--fake-delay', '20', '--log-level', 'warn']);
  child = started.child;
  cloudsFile = /^export OS_CLIENT_CONFIG_FILE=(\S*) OS_CLOUD=novum$/m.exec(started.exportLine)![1];
});

after(async () => {
  const c = child;
  if (c?.pid !== undefined && c.exitCode === null && c.signalCode === null) {
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    process.kill(c.pid, 'SIGTERM');
    const timer = setTimeout(() => { if (c.exitCode === null && c.signalCode === null) process.kill(c.pid!, 'SIGKILL'); }, 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(tmp, { recursive: true, force: true });
});

const opts = { skip, timeout: STEP_TIMEOUT_MS };
let imageName = '';

test('the printed clouds.yaml path exists', opts, () => {
  assert.notEqual(cloudsFile, '', 'novum printed an empty OS_CLIENT_CONFIG_FILE');
  assert.ok(existsSync(cloudsFile), `${cloudsFile} does not exist`);
});

test('openstack flavor list -f json lists m1.tiny', opts, async () => {
  const flavors = await ok('flavor', 'list', '-f', 'json');
  assert.ok(Array.isArray(flavors), JSON.stringify(flavors));
  const tiny = flavors.find((f: any) => f.Name === 'm1.tiny');
  assert.ok(tiny, `no m1.tiny in ${JSON.stringify(flavors)}`);
  assert.equal(tiny.RAM, 512);
  assert.equal(tiny.VCPUs, 1);
});

test('openstack image list -f json lists an active image', opts, async () => {
  const images = await ok('image', 'list', '-f', 'json');
  assert.ok(Array.isArray(images) && images.length > 0, `no images: ${JSON.stringify(images)}`);
  assert.match(images[0].ID, /^[0-9a-f-]{36}$/);
  assert.equal(images[0].Status, 'active');
  // The first image whose name is unique: the CLI refuses to boot by a name several images share.
  const names: string[] = images.map((i: any) => i.Name);
  imageName = names.find((name) => name && names.indexOf(name) === names.lastIndexOf(name)) ?? '';
  assert.ok(imageName, `no image with a unique name to boot by: ${JSON.stringify(images)}`);
});

test('openstack keypair create kp1 prints a private key', opts, async () => {
  const out = await ok('keypair', 'create', 'kp1');
  assert.match(out, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  assert.match(out, /-----END [A-Z ]*PRIVATE KEY-----/);
  const listed = await ok('keypair', 'list', '-f', 'json');
  assert.ok(listed.some((k: any) => k.Name === 'kp1'), JSON.stringify(listed));
});

test('openstack server create --wait demo1 ends ACTIVE', opts, async () => {
  assert.ok(imageName, 'no image name from the image list step');
  const s = await ok('server', 'create', '--image', imageName, '--flavor', 'm1.tiny', '--wait', 'demo1', '-f', 'json');
  assert.equal(s.status, 'ACTIVE', JSON.stringify(s));
  assert.equal(s.name, 'demo1');
  assert.match(s.id, /^[0-9a-f-]{36}$/);
});

test('openstack server list -f json shows demo1 ACTIVE', opts, async () => {
  const servers = await ok('server', 'list', '-f', 'json');
  const demo = servers.find((s: any) => s.Name === 'demo1');
  assert.ok(demo, `demo1 not listed: ${JSON.stringify(servers)}`);
  assert.equal(demo.Status, 'ACTIVE');
  assert.equal(demo.Image, imageName);
  assert.equal(demo.Flavor, 'm1.tiny');
});

test('openstack server show demo1 -f json has the server fields', opts, async () => {
  const s = await ok('server', 'show', 'demo1', '-f', 'json');
  assert.equal(s.name, 'demo1');
  assert.equal(s.status, 'ACTIVE');
  assert.match(String(s.flavor), /m1\.tiny/);
  assert.match(String(s.image), new RegExp(imageName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(s['OS-EXT-STS:vm_state'], 'active');
  assert.equal(s['OS-EXT-STS:power_state'], 1, 'power_state RUNNING (-f json prints the raw value)');
  assert.equal(s['OS-EXT-AZ:availability_zone'], 'nova');
  for (const field of ['id', 'created', 'updated', 'addresses', 'project_id', 'user_id', 'hostId', 'OS-EXT-SRV-ATTR:host']) {
    assert.ok(field in s, `server show lacks ${field}: ${JSON.stringify(s)}`);
  }
  assert.match(String(s.created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('openstack server reboot --wait demo1 returns to ACTIVE', opts, async () => {
  await ok('server', 'reboot', '--wait', 'demo1');
  await waitForStatus('demo1', 'ACTIVE');
});

test('openstack server stop demo1 reaches SHUTOFF', opts, async () => {
  const out = await ok('server', 'stop', 'demo1');
  assert.equal(out.trim(), '');
  const s = await waitForStatus('demo1', 'SHUTOFF');
  assert.equal(s['OS-EXT-STS:vm_state'], 'stopped');
});

test('openstack server start demo1 reaches ACTIVE', opts, async () => {
  await ok('server', 'start', 'demo1');
  await waitForStatus('demo1', 'ACTIVE');
});

test('openstack server delete --wait demo1, after which server show fails', opts, async () => {
  await ok('server', 'delete', '--wait', 'demo1');
  const r = await openstack('server', 'show', 'demo1', '-f', 'json');
  assert.notEqual(r.code, 0, `server show demo1 still succeeds: ${r.stdout}`);
  assert.match(r.stderr, /No server with a name or ID of 'demo1' exists/);
});
