/**
 * The phases that run against a filled store: read throughput, paging, memory.
 */
import { rssMB } from './lib/proc.js';
import { get } from './lib/http.js';
import type { LoadResult } from './lib/load.js';
import { median, round } from './lib/stats.js';
import { log, type Run } from './phases.js';
import { pageP50, walk } from './scenarios/paging.js';
import { checkReads, failedShare, flavorsDetail, getServer, listDetail, sequentialGet } from './scenarios/reads.js';

const k = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

/** A load with more than one failed request in a thousand measured something else: the run stops. */
function checkAnswers(name: string, r: LoadResult): void {
  if (failedShare(r) > 0.001) throw new Error(`${name}: ${r.errors} errors and ${r.non2xx} non-2xx of ${r.requests} requests`);
}

function readFigure(run: Run, key: string, name: string, r: LoadResult, extra: { target?: boolean; nova?: string; servers?: boolean } = {}): void {
  checkAnswers(name, r);
  run.details[key] = r;
  // GET /servers/{id} against the ceiling loaded with the same random paths; the rest against the fixed path.
  const ceilingRps = extra.servers ? run.ceilingServersRps : run.ceilingRps;
  const ceilingRatio = ceilingRps ? round(r.rps / ceilingRps) : undefined;
  run.figures.push({
    key, name, value: r.rps, unit: 'req/s', ceilingRatio, nova: extra.nova,
    target: extra.target ? { op: '>=', value: 0.5, ofCeiling: true } : undefined,
  });
  run.figures.push({ key: `${key}_p50`, name: `${name} p50 / p99`, value: r.p50Ms, unit: `ms (p99 ${r.p99Ms} ms)` });
}

/**
 * GET /servers/{id}, the target figure: `plan.pairs` pairs of windows, the ceiling with the same
 * request mix and then Novum, each `readSeconds / pairs` long (after autocannon's warm-up; Novum is
 * first warmed as long as a single load's warm-up would have warmed it). The
 * machine's speed changes by half between phases that last seconds to minutes; a ceiling measured
 * once and Novum measured later compared two phases. Each pair's ratio compares windows seconds
 * apart; the figure is their median, next to the medians of each side (every window is in the
 * run's details).
 */
async function pairedGetServer(run: Run, size: number): Promise<void> {
  const ids = run.ids as string[];
  const l = { connections: run.plan.connections, seconds: Math.max(1, Math.round(run.plan.readSeconds / run.plan.pairs)) };
  // Unmeasured, as long as a single load's warm-up would have been: the JIT and the row cache warm.
  await getServer(run.novum.url, ids, { connections: l.connections, seconds: Math.max(1, Math.round(run.plan.readSeconds / 5)) });
  const ceilings: LoadResult[] = [];
  const novums: LoadResult[] = [];
  for (let i = 0; i < run.plan.pairs; i++) {
    ceilings.push(await getServer(run.ceilingUrl as string, ids, l));
    novums.push(await getServer(run.novum.url, ids, l));
  }
  for (const r of novums) checkAnswers('GET /servers/{id}', r);
  const ceilingRps = round(median(ceilings.map((r) => r.rps)));
  const rps = round(median(novums.map((r) => r.rps)));
  const ratio = round(median(novums.map((r, i) => r.rps / ceilings[i].rps)));
  run.ceilingServersRps = ceilingRps;
  run.details.get_server_pairs = novums.map((r, i) => ({ ceilingRps: ceilings[i].rps, rps: r.rps, ratio: round(r.rps / ceilings[i].rps), p50Ms: r.p50Ms, p99Ms: r.p99Ms }));
  run.figures.push({ key: 'ceiling_servers', name: `ceiling with GET /servers/{id}'s request mix (median of ${run.plan.pairs} windows)`, value: ceilingRps, unit: 'req/s' });
  run.figures.push({
    key: 'get_server', name: `GET /servers/{id} (${k(size)}, median of ${run.plan.pairs} windows)`, value: rps, unit: 'req/s',
    ceilingRatio: ratio, target: { op: '>=', value: 0.5, ofCeiling: true },
  });
  const p50 = median(novums.map((r) => r.p50Ms));
  const p99 = median(novums.map((r) => r.p99Ms));
  run.figures.push({ key: 'get_server_p50', name: `GET /servers/{id} (${k(size)}) p50 / p99`, value: p50, unit: `ms (p99 ${p99} ms)` });
}

/** Full read figures (the store holds plan.baseSize servers). */
export async function reads(run: Run, size: number): Promise<void> {
  const url = run.novum.url;
  const ids = run.ids as string[];
  const l = { connections: run.plan.connections, seconds: run.plan.readSeconds };
  await checkReads(url, ids);
  const seq = await sequentialGet(url, ids, run.plan.sequentialGets);
  run.figures.push({ key: 'get_server_sequential', name: `GET /servers/{id} one at a time, p50 (${k(size)})`, value: seq, unit: 'ms', nova: '38 ms' });
  log(`reads with ${k(size)} servers: ${l.connections} connections, ${l.seconds} s each`);
  // In profile mode each phase() is a fresh process, so each read has its own profile.
  await run.novum.phase(`get-server-${size}`);
  await pairedGetServer(run, size);
  // The same without the server-row cache: every request a SELECT (what a store written all the time sees).
  await run.novum.restart(`get-server-uncached-${size}`, ['--row-cache', 'false']);
  readFigure(run, 'get_server_uncached', `GET /servers/{id} (${k(size)}), --row-cache false`, await getServer(url, ids, l), { servers: true });
  await run.novum.restart(`list-detail-100-${size}`);
  readFigure(run, 'list_detail_100', `GET /servers/detail?limit=100 (${k(size)})`, await listDetail(url, l), { nova: '12.8 req/s (136 ms)' });
  await run.novum.phase('flavors-detail');
  readFigure(run, 'flavors_detail', 'GET /flavors/detail', await flavorsDetail(url, l), { nova: '418 req/s (GET /flavors)' });
  await run.novum.phase(`paging-${size}`);
}

/** GET /servers/{id} and the list again on a larger store, to show they do not grow with it. */
export async function readsAgain(run: Run, size: number): Promise<void> {
  const url = run.novum.url;
  const ids = run.ids as string[];
  const l = { connections: run.plan.connections, seconds: Math.max(2, Math.round(run.plan.readSeconds / 2)) };
  await checkReads(url, ids);
  readFigure(run, `get_server_${size}`, `GET /servers/{id} (${k(size)})`, await getServer(url, ids, l), { servers: true });
  readFigure(run, `list_detail_100_${size}`, `GET /servers/detail?limit=100 (${k(size)})`, await listDetail(url, l));
}

/** A page of 1,000 at the start and at the end of the list. */
export async function pages(run: Run, size: number, endMarker: string): Promise<void> {
  const url = run.novum.url;
  const start = await pageP50(url, 1000, undefined, run.plan.pageRepeat);
  const end = await pageP50(url, 1000, endMarker, run.plan.pageRepeat);
  const target = size >= 1_000_000 ? { op: '<' as const, value: 100 } : undefined;
  run.figures.push({ key: `page_start_${size}`, name: `page of 1,000 at the start, p50 (${k(size)})`, value: start, unit: 'ms', target });
  run.figures.push({ key: `page_end_${size}`, name: `page of 1,000 at the end, p50 (${k(size)})`, value: end, unit: 'ms', target });
}

/** Walks the whole list 1,000 at a time. */
export async function walkAll(run: Run, size: number): Promise<void> {
  log(`walking ${k(size)} servers 1,000 at a time`);
  const w = await walk(run.novum.url, 1000, Math.ceil(size / 1000) + 2);
  if (w.servers !== size) throw new Error(`walk saw ${w.servers} servers, expected ${size}`);
  run.details[`walk_${size}`] = w;
  run.figures.push({ key: 'walk_start', name: `walk of ${k(size)}: page at the start`, value: w.startMs, unit: 'ms' });
  run.figures.push({ key: 'walk_middle', name: `walk of ${k(size)}: page in the middle`, value: w.middleMs, unit: 'ms' });
  run.figures.push({ key: 'walk_end', name: `walk of ${k(size)}: page at the end`, value: w.endMs, unit: 'ms' });
  run.figures.push({ key: 'walk_total', name: `walk of ${k(size)}: whole walk (${w.pages} pages)`, value: w.seconds, unit: 's' });
}

/** RSS after a few list requests on this store. */
export async function memory(run: Run, size: number): Promise<void> {
  for (let i = 0; i < 5; i++) await get(`${run.novum.url}/v2.1/servers/detail?limit=1000`);
  const target = size === 100_000 ? { op: '<' as const, value: 200 } : undefined;
  run.figures.push({ key: `rss_${size}`, name: `RSS with ${k(size)} servers (after list requests)`, value: round(rssMB(run.novum.pid)), unit: 'MB', target, nova: size === 100_000 ? '1.35 GiB (whole deployment)' : undefined });
}
