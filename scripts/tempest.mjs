#!/usr/bin/env node
// `npm run tempest [-- --quick] [-- --modules a,b] [-- --cinder true|false] [-- --cold-migration true|false] [-- --out FILE]`
// (Novum resizes and migrates on its simulated hosts, so Tempest's cold migration tests are on by default.)
// Builds Novum, starts it (Keystone auth, a throwaway data dir, a free 127.0.0.1 port), reads the
// three bootstrap passwords from the clouds.yaml it writes, and runs Debian's Tempest through the
// shared harness (../shared/tools/tempest/run-tempest.sh) one module at a time with MAX_MV set to
// Novum's own maximum microversion. Writes a per-module table with every failure and skip reason
// to docs/tempest.md (full runs) or FILE; `--quick` runs a fast subset for CI, in one harness call. Novum is always
// stopped by its PID at the end. Exit status 1 when any test failed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = process.env.TEMPEST_TOOLS ?? path.resolve(repo, '../shared/tools/tempest');
/** The modules issue "Real OpenStack clients and Tempest pass against Novum unchanged" names. */
const SCOPE = /^(servers|admin\.test_servers|flavors|admin\.test_flavors|images|keypairs|limits|test_versions|test_extensions|admin\.test_availability_zone|servers\.test_instance_actions|admin\.test_server_diagnostics|admin\.test_migrations|admin\.test_quotas)/;
const QUICK = ['servers.test_servers', 'servers.test_create_server', 'flavors.test_flavors', 'images.test_list_images',
  'keypairs.test_keypairs', 'limits.test_absolute_limits', 'admin.test_availability_zone', 'servers.test_instance_actions'];
const MODULE_TIMEOUT_MS = 10 * 60_000;

function options(argv) {
  const opt = { quick: false, modules: null, cinder: 'true', coldMigration: 'true', out: null, build: true, portBase: 18600, portSpan: 100 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opt.quick = true;
    else if (a === '--no-build') opt.build = false;
    else if (a === '--modules') opt.modules = argv[++i].split(',');
    else if (a === '--cinder') opt.cinder = argv[++i];
    else if (a === '--cold-migration') opt.coldMigration = argv[++i];
    else if (a === '--out') opt.out = argv[++i];
    else if (a === '--port-base') opt.portBase = Number(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  if (!opt.out && !opt.quick && !opt.modules) opt.out = path.join(repo, 'docs/tempest.md');
  return opt;
}

async function freePort(base, span) {
  for (let port = base; port < base + span; port++) {
    const ok = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${base}-${base + span - 1}`);
}

/** Starts `novum serve`; resolves with the child and the clouds.yaml path once it is ready. */
function startNovum(port, dataDir) {
  const args = ['dist/novum.mjs', 'serve', '--auth', 'keystone', '--host', '127.0.0.1', '--port', String(port),
    '--data-dir', dataDir, '--fake-delay', '20', '--log-level', 'warn'];
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NOVUM_')));
  const child = spawn(process.execPath, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Novum did not start: ${out}`)), 30_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /export OS_CLIENT_CONFIG_FILE=(\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, clouds: m[1], log: () => out }); }
      if (out.length > 1e6) out = out.slice(-1e5);
    });
    child.stderr.on('data', (c) => { out += c; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Novum exited (${code}): ${out}`)); });
  });
}

function modulesToRun(opt) {
  const lines = readFileSync(path.join(tools, 'tempest-modules.txt'), 'utf8').split('\n');
  const all = lines.filter((l) => l && !l.startsWith('#') && !l.startsWith('TOTAL')).map((l) => l.split(/\s+/)[0]);
  if (opt.modules) return opt.modules;
  return opt.quick ? QUICK : all.filter((m) => SCOPE.test(m));
}

/** Test ids per module from the harness's list of all tempest.api.compute tests. */
function testIds(module) {
  const prefix = `tempest.api.compute.${module}.`;
  return readFileSync(path.join(tools, 'tempest-compute-tests.txt'), 'utf8').split('\n')
    .filter((l) => l.startsWith(prefix)).map((l) => l.split('[')[0]);
}

/** Runs one harness call for `modules` (one stestr run: a batch pays Tempest's start-up once). */
function runBatch(modules, ctx) {
  const name = modules.length === 1 ? modules[0] : `batch-${modules.length}`;
  const ws = path.join(ctx.wsRoot, name);
  const alternatives = modules.map((m) => m.replaceAll('.', '\\.')).join('|');
  const regex = `tempest\\.api\\.compute\\.${modules.length === 1 ? alternatives : `(${alternatives})`}\\.`;
  const env = { ...process.env, WORKSPACE: ws, MAX_MV: ctx.maxMv, GLANCE: 'true', CINDER: ctx.cinder,
    COLD_MIGRATION: ctx.coldMigration, ALT_USER: 'demo2', ALT_PASS: ctx.pw.demo2, ALT_PROJECT: 'demo2' };
  const args = [path.join(tools, 'run-tempest.sh'), `${ctx.url}/identity`, 'admin', ctx.pw.admin, 'admin',
    'demo', ctx.pw.demo, 'demo', regex];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, MODULE_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      const runOut = path.join(ws, 'run.out');
      const text = existsSync(runOut) ? readFileSync(runOut, 'utf8') : '';
      if (!text) process.stderr.write(`${name}: the harness produced no run.out:\n${out.slice(-3000)}\n`);
      const seconds = Math.round((Date.now() - started) / 1000);
      const { tests } = parseRun(text, modules.flatMap(testIds));
      const of = (m) => tests.filter((t) => t.id.startsWith(`tempest.api.compute.${m}.`));
      // A batch's time is the batch's: its modules show no time of their own.
      resolve(modules.map((module) => ({ module, seconds: modules.length === 1 ? seconds : null, tests: of(module), harness: out })));
    });
  });
}

/** Per-test outcome from stestr output; class-level setUpClass results apply to each test of the class. */
function parseRun(text, ids) {
  const res = new Map();
  const cls = new Map();
  const pat = /^\{\d+\} (?:setUpClass \(([^)]+)\)|(\S+))(?: \[[^\]]*\])? \.\.\. (ok|FAILED|SKIPPED)(?::\s*(.*))?/;
  for (const line of text.split('\n')) {
    const m = pat.exec(line);
    if (!m) continue;
    const r = { status: m[3], reason: (m[4] ?? '').trim() };
    if (m[1]) cls.set(m[1], r);
    else res.set(m[2].split('[')[0], r);
  }
  const errors = failureReasons(text);
  const tests = ids.map((id) => {
    const klass = id.slice(0, id.lastIndexOf('.'));
    const r = res.get(id) ?? cls.get(klass) ?? { status: 'NOTRUN', reason: '' };
    const reason = r.status === 'FAILED' ? (errors.get(id) ?? errors.get(klass) ?? r.reason) : r.reason;
    return { id, status: r.status, reason };
  });
  return { tests };
}

/** The exception line (and its Details) of each failure's traceback, keyed by test id or class (setUpClass). */
function failureReasons(text) {
  const out = new Map();
  let key = null;
  let lines = [];
  const flush = () => {
    if (key && !out.has(key)) {
      const idx = lines.findLastIndex((l) => /^[\w.]+(Error|Exception|Failure|Forbidden|NotFound|BadRequest|Conflict|Timeout|Unauthorized|Mismatch)\w*: |^[\w.]+\.[A-Z]\w+: /.test(l));
      const msg = idx >= 0 ? lines.slice(idx, idx + 3).join(' ').replace(/\s+/g, ' ') : '';
      // Long mismatches print a whole body: keep its start and the assertion at its end.
      if (msg) out.set(key, msg.length > 400 ? `${msg.slice(0, 200)} … ${msg.slice(-180)}` : msg);
    }
    key = null;
    lines = [];
  };
  for (const raw of text.split('\n')) {
    const m = /^\{\d+\} (?:setUpClass \(([^)]+)\)|(\S+)).* \.\.\. FAILED/.exec(raw);
    if (m || /^\{\d+\} |^={5,}|^Captured pythonlogging/.test(raw)) flush();
    if (m) key = m[1] ?? m[2].split('[')[0];
    else if (key && raw.trim() && !/^~+$|^Captured traceback|Traceback \(most recent/.test(raw.trim())) lines.push(raw.trim());
  }
  flush();
  return out;
}

function count(tests, status) { return tests.filter((t) => t.status === status).length; }

function report(results, ctx) {
  const rows = results.map((r) => `| ${r.module} | ${r.tests.length} | ${count(r.tests, 'ok')} | ${count(r.tests, 'FAILED')} | ${count(r.tests, 'SKIPPED')} | ${count(r.tests, 'NOTRUN')} | ${r.seconds ?? '(batch)'} |`);
  const all = results.flatMap((r) => r.tests);
  const total = `| **total** | ${all.length} | ${count(all, 'ok')} | ${count(all, 'FAILED')} | ${count(all, 'SKIPPED')} | ${count(all, 'NOTRUN')} | ${ctx.seconds} |`;
  const detail = (status) => all.filter((t) => t.status === status)
    .map((t) => `* \`${t.id.replace('tempest.api.compute.', '')}\`: ${t.reason || '(no reason given)'}`);
  return [
    '# Tempest against Novum', '',
    `Generated by \`${ctx.command}\` (scripts/tempest.mjs) on ${new Date().toISOString().slice(0, 10)}.`, '',
    `* Novum commit: \`${ctx.commit}\``,
    `* Tempest: Debian package \`${ctx.tempestVersion}\`, harness \`../shared/tools/tempest/run-tempest.sh\`, ${ctx.quick ? 'the modules in one run' : 'one module at a time'}`,
    `* Settings: MAX_MV=${ctx.maxMv} (Novum's maximum), GLANCE=true, CINDER=${ctx.cinder}, COLD_MIGRATION=${ctx.coldMigration}, alt account demo2/demo2, Novum with \`--auth keystone --fake-delay 20\``,
    `* Scope: the modules of \`tempest-modules.txt\` matching the issue's regex \`${SCOPE.source.slice(1)}\` (prefix \`tempest.api.compute.\`)`,
    `* Harness command per module: \`MAX_MV=${ctx.maxMv} GLANCE=true CINDER=${ctx.cinder} COLD_MIGRATION=${ctx.coldMigration} ALT_USER=demo2 ALT_PASS=<demo2> ALT_PROJECT=demo2 run-tempest.sh http://127.0.0.1:PORT/identity admin <admin> admin demo <demo> demo 'tempest\\.api\\.compute\\.<module>\\.'\``,
    '', '| module | tests | passed | failed | skipped | not run | seconds |', '|---|---|---|---|---|---|---|', ...rows, total, '',
    '## Failures', '', ...(detail('FAILED').length ? detail('FAILED') : ['None.']), '',
    '## Not run', '', ...(detail('NOTRUN').length ? detail('NOTRUN') : ['None.']), '',
    '## Skips', '', 'Skip reasons are Tempest\'s own: features the configuration declares absent (no Neutron, no guest validation, no snapshots, ...) or microversions above Novum\'s maximum.', '',
    ...detail('SKIPPED'), '',
  ].join('\n');
}

function git(args) {
  try { return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim(); } catch { return 'unknown'; }
}

async function main() {
  const opt = options(process.argv.slice(2));
  if (opt.build) execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'inherit' });
  const port = await freePort(opt.portBase, opt.portSpan);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'novum-tempest-'));
  const wsRoot = path.join(dataDir, 'workspaces');
  mkdirSync(wsRoot);
  const began = Date.now();
  const novum = await startNovum(port, dataDir);
  const stop = () => { try { process.kill(novum.child.pid, 'SIGTERM'); } catch { /* gone */ } };
  process.on('SIGINT', () => { stop(); process.exit(130); });
  process.on('SIGTERM', () => { stop(); process.exit(143); });
  try {
    const clouds = parseYaml(readFileSync(novum.clouds, 'utf8')).clouds;
    const pw = { admin: clouds.novum.auth.password, demo: clouds['novum-demo'].auth.password, demo2: clouds['novum-demo2'].auth.password };
    const url = `http://127.0.0.1:${port}`;
    const maxMv = (await (await fetch(`${url}/compute/v2.1`)).json()).version.version;
    const ctx = { url, pw, maxMv, cinder: opt.cinder, coldMigration: opt.coldMigration, quick: opt.quick, wsRoot };
    const results = [];
    // The quick subset runs as one batch (CI time); full runs one module at a time (a per-module table).
    const batches = opt.quick ? [modulesToRun(opt)] : modulesToRun(opt).map((m) => [m]);
    for (const batch of batches) {
      for (const r of await runBatch(batch, ctx)) {
        results.push(r);
        process.stdout.write(`${r.module.padEnd(44)} ${String(count(r.tests, 'ok')).padStart(3)} ok ${String(count(r.tests, 'FAILED')).padStart(3)} failed ${String(count(r.tests, 'SKIPPED')).padStart(3)} skipped ${String(count(r.tests, 'NOTRUN')).padStart(3)} not run  ${r.seconds === null ? '(batch)' : `${r.seconds}s`}\n`);
      }
    }
    const failed = results.flatMap((r) => r.tests).filter((t) => t.status === 'FAILED' || t.status === 'NOTRUN');
    for (const t of failed) process.stdout.write(`${t.status}: ${t.id.replace('tempest.api.compute.', '')}: ${t.reason || '(no reason given)'}\n`);
    const all = results.flatMap((r) => r.tests);
    process.stdout.write(`tempest: ${count(all, 'ok')} passed, ${count(all, 'FAILED')} failed, ${count(all, 'SKIPPED')} skipped, ${count(all, 'NOTRUN')} not run in ${Math.round((Date.now() - began) / 1000)}s (MAX_MV=${maxMv}; workspaces in ${wsRoot})\n`);
    if (opt.out) {
      const dirty = git(['status', '--porcelain', '--', 'src']) ? ' + uncommitted changes in src/' : '';
      const command = `npm run tempest${opt.quick ? ' -- --quick' : ''}${opt.cinder !== 'true' ? ` -- --cinder ${opt.cinder}` : ''}${opt.coldMigration !== 'true' ? ` -- --cold-migration ${opt.coldMigration}` : ''}`;
      const tempestVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'tempest'], { encoding: 'utf8' });
      writeFileSync(opt.out, report(results, { ...ctx, command, commit: `${git(['rev-parse', '--short', 'HEAD'])}${dirty}`, tempestVersion: `tempest ${tempestVersion}`, seconds: Math.round((Date.now() - began) / 1000) }));
      process.stdout.write(`wrote ${path.relative(repo, opt.out)}\n`);
    }
    process.exitCode = count(all, 'FAILED') || count(all, 'NOTRUN') ? 1 : 0;
  } finally {
    stop();
    if (process.exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => { process.stderr.write(`tempest: ${err.stack ?? err}\n`); process.exit(2); });
