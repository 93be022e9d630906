/**
 * `novum serve` as a user runs it: the built dist/novum.mjs (the bundle `npm run build` makes) as a child process on a free
 * 127.0.0.1 port with a temporary data dir. `npm test` builds dist/ before running the tests.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { freePort, mainJs, runToExit, startServe, type Started } from './novum-process.js';

function assertOneLine(stderr: string, what: string): void {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `${what}: expected one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at\s/m, `${what}: stderr has a stack trace:\n${stderr}`);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'novum-serve-test-'));
let port = 0;
let server: Started | undefined;
let startError: Error | undefined;

before(async () => {
  assert.ok(existsSync(mainJs), `${mainJs} is missing: run "npm run build" (npm test does) first`);
  port = await freePort();
  try {
    server = await startServe(['--port', String(port), '--data-dir', path.join(tmp, 'data'), '--fake-delay', '0', '--log-level', 'warn']);
  } catch (err) {
    startError = err as Error;
  }
});

after(async () => {
  const child = server?.child;
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => { if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL'); }, 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(tmp, { recursive: true, force: true });
});

function running(): Started {
  if (!server) throw startError ?? new Error('server not started');
  return server;
}

test('prints "export OS_CLIENT_CONFIG_FILE=<path> OS_CLOUD=novum" once listening', () => {
  const s = running();
  assert.match(s.exportLine, /^export OS_CLIENT_CONFIG_FILE=\S+ OS_CLOUD=novum$/);
});

test('the printed clouds.yaml exists in the data dir with clouds novum, novum-demo and novum-demo2', () => {
  const s = running();
  const file = /OS_CLIENT_CONFIG_FILE=(\S*)/.exec(s.exportLine)?.[1] ?? '';
  assert.notEqual(file, '', `the export line names no file: ${s.exportLine}`);
  assert.ok(path.isAbsolute(file), `clouds.yaml path should be absolute: ${file}`);
  assert.ok(existsSync(file), `${file} does not exist`);
  const doc = parseYaml(readFileSync(file, 'utf8')) as { clouds?: Record<string, { auth?: { auth_url?: string } }> };
  const clouds = Object.keys(doc.clouds ?? {});
  for (const name of ['novum', 'novum-demo', 'novum-demo2']) assert.ok(clouds.includes(name), `cloud ${name} missing; has ${clouds.join(', ')}`);
  assert.match(String(doc.clouds!.novum.auth?.auth_url), new RegExp(`^http://127\\.0\\.0\\.1:${port}/identity`));
});

test('GET / answers with the version list', async () => {
  running();
  const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { versions: Array<{ id: string }> };
  assert.ok(body.versions.some((v) => v.id === 'v2.1'), JSON.stringify(body));
});

test('a second start on the busy port exits non-zero with one line naming the port', async () => {
  running();
  const r = await runToExit(['serve', '--port', String(port), '--data-dir', path.join(tmp, 'data2'), '--log-level', 'warn']);
  assert.notEqual(r.code, 0);
  assertOneLine(r.stderr, 'busy port');
  assert.match(r.stderr, new RegExp(`\\b${port}\\b`));
});

test('an unknown flag exits 2 with one line naming it', async () => {
  const r = await runToExit(['serve', '--bogus', '1', '--data-dir', path.join(tmp, 'data3')]);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, '--bogus');
  assert.match(r.stderr, /--bogus/);
});

test('a bad value exits 2 with one line naming the option', async () => {
  const r = await runToExit(['serve', '--port', 'eighty', '--data-dir', path.join(tmp, 'data4')]);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, '--port eighty');
  assert.match(r.stderr, /--port/);
});

test('a data dir that cannot be created (under a regular file) exits non-zero with one line naming it', async () => {
  const file = path.join(tmp, 'a-file');
  writeFileSync(file, 'not a directory\n');
  const dataDir = path.join(file, 'data');
  const freeOne = await freePort();
  const r = await runToExit(['serve', '--port', String(freeOne), '--data-dir', dataDir]);
  assert.notEqual(r.code, 0);
  assertOneLine(r.stderr, 'unwritable data dir');
  assert.ok(r.stderr.includes(dataDir), `stderr should name ${dataDir}: ${r.stderr}`);
});

test('--help prints the usage with every option and exits 0', async () => {
  const r = await runToExit(['serve', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: novum serve/);
  assert.match(r.stdout, /--data-dir/);
  assert.match(r.stdout, /NOVUM_PORT/);
});
