/**
 * The phases of a run, in order; each adds its figures (and raw details) to the run's record.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, expect, get } from './lib/http.js';
import { NovumHandle } from './lib/novum.js';
import { freePort, rssMB, startCeiling, startNovum, stop } from './lib/proc.js';
import { median, round } from './lib/stats.js';
import { load } from './lib/load.js';
import { bulkLoad, sampleUuids, uuidAtOffset } from './loader.js';
import type { Plan } from './plan.js';
import type { Figure } from './report.js';
import { pauseUnpause } from './scenarios/actions.js';
import { createLatency, sustainedCreates } from './scenarios/create.js';
import type { Target } from './scenarios/servers.js';

export const PROJECT = 'bench';

/** What the phases share. */
export interface Run {
  readonly plan: Plan;
  readonly tmp: string;
  readonly novum: NovumHandle;
  readonly figures: Figure[];
  readonly details: Record<string, unknown>;
  target?: Target;
  templateId?: string;
  /** the ceiling loaded with one fixed path (the ratio of fixed-path reads: lists, flavors) */
  ceilingRps?: number;
  /** the ceiling loaded with the request mix of GET /servers/{id}: a random server's path each time */
  ceilingServersRps?: number;
  /** the ceiling's address while the run lasts (its windows alternate with Novum's for the GET target) */
  ceilingUrl?: string;
  ids?: string[];
}

const log = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};
export { log };

/** Median time from spawn to the first answered GET / of a fresh Novum (empty data dir). */
export async function coldStart(run: Run): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < run.plan.coldStarts; i++) {
    const dir = mkdtempSync(path.join(run.tmp, 'cold-'));
    const r = await startNovum({ dataDir: dir, port: await freePort(60) });
    await stop(r.proc);
    times.push(r.startMs);
    rmSync(dir, { recursive: true, force: true });
  }
  run.details.coldStartMs = times.map(round);
  run.figures.push({ key: 'cold_start', name: 'cold start (spawn → first GET /, fresh data dir)', value: round(median(times)), unit: 'ms', target: { op: '<', value: 1000 } });
}

/** Raises the bench project's quotas and picks an image. */
export async function setup(run: Run): Promise<void> {
  const url = run.novum.url;
  expect(await call('PUT', `${url}/v2.1/os-quota-sets/${PROJECT}`, { quota_set: { instances: -1, cores: -1, ram: -1 } }), 200);
  const images = (expect(await get(`${url}/v2.1/images`), 200).body as { images: Array<{ id: string }> }).images;
  if (!images.length) throw new Error('Novum has no image to boot');
  run.target = { url, image: images[0].id };
  run.figures.push({ key: 'rss_idle', name: 'RSS idle (fresh)', value: round(rssMB(run.novum.pid)), unit: 'MB' });
}

export async function creates(run: Run): Promise<void> {
  const t = run.target as Target;
  const p = run.plan;
  log(`create → ACTIVE, ${p.latencyCount} servers one at a time`);
  const lat = await createLatency(t, p.latencyCount);
  run.templateId = lat.ids[0];
  run.ids = lat.ids;
  run.figures.push({ key: 'create_active_p50', name: 'create → ACTIVE p50 (one at a time)', value: lat.p50Ms, unit: 'ms', target: { op: '<', value: 20 }, nova: '940 ms' });
  run.figures.push({ key: 'create_active_p99', name: 'create → ACTIVE p99 (one at a time)', value: lat.p99Ms, unit: 'ms' });
  run.figures.push({ key: 'create_post_p50', name: 'POST /servers p50 (202 answer)', value: lat.postP50Ms, unit: 'ms' });
  await run.novum.phase('sustained-creates');
  const target = p.baseSize - p.latencyCount;
  log(`sustained creates: ${p.sustainedClients} clients, up to ${target} servers or ${p.sustainedMaxSeconds} s`);
  const s = await sustainedCreates(t, p.sustainedClients, target, p.sustainedMaxSeconds);
  run.details.sustained = s;
  run.figures.push({ key: 'sustained_creates', name: `sustained creates to ACTIVE (${s.clients} clients, ${s.active} servers${s.failed ? `, ${s.failed} failed` : ''})`, value: s.perSecond, unit: 'servers/s', target: { op: '>=', value: 1000 } });
  run.figures.push({ key: 'sustained_create_p50', name: 'create → ACTIVE p50 under that load', value: s.p50Ms, unit: 'ms' });
}

export async function actions(run: Run): Promise<void> {
  await run.novum.phase('actions');
  const ids = (run.ids as string[]).slice(1, 1 + run.plan.actionServers);
  log(`pause/unpause round trips on ${ids.length} servers for ${run.plan.actionSeconds} s`);
  const r = await pauseUnpause(run.target as Target, ids, run.plan.actionSeconds);
  run.details.pauseUnpause = r;
  run.figures.push({ key: 'pause_unpause', name: `pause/unpause round trips (${r.servers} servers at once)`, value: r.perSecond, unit: 'round trips/s' });
  run.figures.push({ key: 'pause_unpause_p50', name: 'pause → PAUSED → unpause → ACTIVE p50', value: r.p50Ms, unit: 'ms' });
  run.figures.push({ key: 'rss_after_api', name: 'RSS after API creates and actions', value: round(rssMB(run.novum.pid)), unit: 'MB' });
}

/** Stops Novum, loads servers up to `size`, restarts it; returns the end-of-list marker. */
export async function fillTo(run: Run, size: number): Promise<string> {
  await run.novum.stop();
  log(`bulk-loading the store up to ${size.toLocaleString('en-US')} servers`);
  const r = bulkLoad(run.novum.dataDir, PROJECT, run.templateId as string, size);
  run.details[`load_${size}`] = { ...r, seconds: round(r.seconds) };
  const endMarker = uuidAtOffset(run.novum.dataDir, PROJECT, 1000);
  run.ids = sampleUuids(run.novum.dataDir, PROJECT, 10_000);
  const ms = await run.novum.start(`store-${size}`);
  run.figures.push({ key: `restart_${size}`, name: `start with ${size.toLocaleString('en-US')} servers in the store`, value: round(ms), unit: 'ms' });
  await run.novum.phase(`reads-${size}`);
  return endMarker;
}

/**
 * The node:http ceiling, serving a real GET /servers/{id} body, loaded here with one fixed path
 * (the ratio of the lists and flavors, which load one path too). It keeps running: GET
 * /servers/{id}'s figure alternates windows of the ceiling and of Novum with a random server's path
 * per request (autocannon builds every such request anew, which costs the client, on the same two
 * cores, a fifth to two fifths of its rate), see phases-store.ts `pairedGetServer`.
 */
export async function ceiling(run: Run): Promise<void> {
  const ids = run.ids as string[];
  const body = expect(await get(`${run.novum.url}/v2.1/servers/${ids[0]}`), 200).raw;
  const file = path.join(run.tmp, 'server.json');
  writeFileSync(file, body);
  // Stopped with every other child at the end of the run (proc.ts stopAll).
  const c = await startCeiling(await freePort(80), file);
  run.ceilingUrl = c.url;
  log(`ceiling: bare node:http with a ${body.length}-byte body`);
  const l = { connections: run.plan.connections, seconds: run.plan.readSeconds };
  const fixed = await load({ url: c.url, path: '/', ...l });
  run.ceilingRps = fixed.rps;
  run.details.ceiling = { ...fixed, bodyBytes: body.length };
  run.figures.push({ key: 'ceiling', name: `ceiling: bare node:http, ${body.length}-byte body, one path`, value: fixed.rps, unit: 'req/s' });
}

export const tmpRoot = (): string => mkdtempSync(path.join(os.tmpdir(), 'novum-bench-'));
