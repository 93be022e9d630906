/**
 * Profiles one scenario: `node dist/bench/profile.js <scenario> [servers]` starts Novum with
 * --cpu-prof and the SQL trace (bench/sql-trace.ts) on a store of `servers` (default 10,000),
 * runs the scenario alone, stops Novum and prints the top functions and statements.
 * Scenarios: get-server, list-detail, flavors, page, sustained, create-latency, pause.
 * With --no-sql it profiles without the SQL trace. With --plain it neither profiles nor traces: it prints the scenario's result and the CPU time
 * Novum used during it, all threads and its main thread (user and system, from /proc/<pid>/stat).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { call, closeAgent, expect, get } from './lib/http.js';
import { load } from './lib/load.js';
import { DIST, freePort, startNovum, stop, stopAll, installSignalHandlers } from './lib/proc.js';
import { bulkLoad, sampleUuids } from './loader.js';
import { pauseUnpause } from './scenarios/actions.js';
import { createLatency, sustainedCreates } from './scenarios/create.js';
import type { Target } from './scenarios/servers.js';

/** --no-sql: profile without the SQL trace (whose wrapper takes a third of the samples) */
const NO_SQL = process.argv.includes('--no-sql');

const SCENARIOS: Record<string, (t: Target, ids: string[]) => Promise<unknown>> = {
  'get-server': (t, ids) => load({ url: t.url, path: () => `/v2.1/servers/${ids[Math.floor(Math.random() * ids.length)]}`, connections: 10, seconds: 10 }),
  'list-detail': (t) => load({ url: t.url, path: '/v2.1/servers/detail?limit=100', connections: 10, seconds: 10 }),
  flavors: (t) => load({ url: t.url, path: '/v2.1/flavors/detail', connections: 10, seconds: 10 }),
  page: (t) => load({ url: t.url, path: '/v2.1/servers/detail?limit=1000', connections: 1, seconds: 10 }),
  sustained: (t) => sustainedCreates(t, 64, 1_000_000, 15),
  'create-latency': (t) => createLatency(t, 300),
  pause: (t, ids) => pauseUnpause(t, ids.slice(0, 16), 10),
};

async function prepare(dataDir: string, servers: number): Promise<Target> {
  const r = await startNovum({ dataDir, port: await freePort(40, 49) });
  let template = '';
  let t: Target;
  try {
    expect(await call('PUT', `${r.url}/v2.1/os-quota-sets/bench`, { quota_set: { instances: -1, cores: -1, ram: -1 } }), 200);
    const images = (expect(await get(`${r.url}/v2.1/images`), 200).body as { images: Array<{ id: string }> }).images;
    t = { url: r.url, image: images[0].id };
    const lat = await createLatency(t, 20);
    template = lat.ids[0];
  } finally {
    await stop(r.proc);
  }
  if (servers > 20) bulkLoad(dataDir, 'bench', template, servers);
  return t;
}

async function main(): Promise<void> {
  const plain = process.argv.includes('--plain');
  const [scenario, size] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const servers = Number(size ?? 10_000);
  const work = SCENARIOS[scenario];
  if (!work) throw new Error(`usage: profile <${Object.keys(SCENARIOS).join('|')}> [servers]`);
  installSignalHandlers();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'novum-profile-'));
  try {
    const dataDir = path.join(tmp, 'data');
    const base = await prepare(dataDir, servers);
    const ids = sampleUuids(dataDir, 'bench', 10_000);
    const r = plain ? await startNovum({ dataDir, port: await freePort(40, 49) }) : await startNovumTraced(dataDir, tmp);
    const pid = r.proc.pid as number;
    const [cpu0, main0, t0, own0] = [cpuMs(pid), cpuMs(pid, true), performance.now(), process.cpuUsage()];
    const result = await work({ ...base, url: r.url }, ids);
    const [cpu, main, wall, own] = [cpuMs(pid) - cpu0, cpuMs(pid, true) - main0, performance.now() - t0, process.cpuUsage(own0)];
    await stop(r.proc);
    process.stdout.write(`${scenario} on ${servers} servers: ${JSON.stringify(result).slice(0, 400)}\nNovum CPU: ${cpu} ms, of which its main thread ${main} ms, in ${Math.round(wall)} ms; the client ${Math.round((own.user + own.system) / 1000)} ms\n\n`);
    if (plain) return;
    const prof = readdirSync(tmp).find((f) => f.endsWith('.cpuprofile'));
    if (prof) process.stdout.write(execFileSync(process.execPath, [path.join(DIST, 'bench', 'profile-summary.js'), path.join(tmp, prof), process.env.TOP ?? '25'], { encoding: 'utf8' }));
    if (NO_SQL) return;
    process.stdout.write(`\nSQL by total time:\n${readFileSync(path.join(tmp, 'sql.txt'), 'utf8').split('\n').slice(0, Number(process.env.SQL_LINES ?? 15)).join('\n')}\n`);
  } finally {
    await stopAll();
    closeAgent();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** user + system CPU time of a process so far, in ms (clock ticks of 10 ms) */
function cpuMs(pid: number, thread = false): number {
  const fields = readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startNovumTraced(dataDir: string, tmp: string): Promise<{ url: string; proc: import('node:child_process').ChildProcess }> {
  const nodeFlags = ['--cpu-prof', '--cpu-prof-dir', tmp];
  if (!NO_SQL) {
    process.env.NOVUM_BENCH_SQL_TRACE = path.join(tmp, 'sql.txt');
    nodeFlags.unshift('--import', path.join(DIST, 'bench', 'sql-trace.js'));
  }
  return startNovum({ dataDir, port: await freePort(40, 49), nodeFlags });
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`profile failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
