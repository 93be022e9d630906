#!/usr/bin/env node
// Runs every test/**/*.test.ts with node:test + tsx (Node 20's --test does not expand globs).
// Then the in-process suites again on PostgreSQL (a throwaway cluster from scripts/pg-cluster.sh on
// 127.0.0.1) when PostgreSQL is installed — always in CI, where .ci/run installs it. `--no-pg` skips it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? find(full) : name.endsWith('.test.ts') ? [full] : [];
  });
}

const args = process.argv.slice(2);
const hasPostgres = readdirSync('/usr/lib').includes('postgresql');
const pg = !args.includes('--no-pg') && (hasPostgres || process.env.CI === 'true');
// Tests that start Novum as a child process (test/cli, test/clients) use SQLite and run once,
// except the multi-process and crash tests, which run on the PostgreSQL pass too.
// The real-VM tests (test/drivers/qemu) boot QEMU guests on SQLite: they run once too.
const onPostgres = (f) => [path.join('test', 'cli', 'processes.test.ts'), path.join('test', 'cli', 'crash.test.ts')].includes(f)
  || (!f.startsWith(`test${path.sep}cli`) && !f.startsWith(`test${path.sep}clients`) && !f.startsWith(path.join('test', 'drivers', 'qemu')));
const only = args.filter((a) => !a.startsWith('--'));
const files = (only.length ? only : find('test')).sort();

function run(list, env, label) {
  process.stdout.write(`\n# ${label}: ${list.length} test files\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...list], { stdio: 'inherit', env });
  return r.status ?? 1;
}

let status = run(files, { ...process.env, NOVUM_TEST_DATABASE_URL: '' }, 'SQLite');
if (pg) {
  const url = execFileSync('bash', ['scripts/pg-cluster.sh', 'start'], { encoding: 'utf8' }).trim();
  status = run(files.filter(onPostgres), { ...process.env, NOVUM_TEST_DATABASE_URL: url }, `PostgreSQL (${url})`) || status;
} else {
  process.stdout.write(args.includes('--no-pg') ? '\n# PostgreSQL run skipped: --no-pg\n' : '\n# PostgreSQL run skipped: PostgreSQL is not installed here (apt-get install postgresql; CI installs it)\n');
}
process.exit(status);
