/**
 * Read throughput with autocannon: GET /servers/{id} over random servers of the store,
 * GET /servers/detail?limit=100 and GET /flavors/detail; plus sequential GET /servers/{id} latency.
 */
import { expect, get } from '../lib/http.js';
import { load, type LoadResult } from '../lib/load.js';
import { median, round } from '../lib/stats.js';

/** How hard to push. */
export interface ReadLoad {
  readonly connections: number;
  readonly seconds: number;
}

const pick = (ids: readonly string[]) => (): string => `/v2.1/servers/${ids[Math.floor(Math.random() * ids.length)]}`;

export function getServer(url: string, ids: readonly string[], l: ReadLoad): Promise<LoadResult> {
  return load({ url, path: pick(ids), ...l });
}

export function listDetail(url: string, l: ReadLoad): Promise<LoadResult> {
  return load({ url, path: '/v2.1/servers/detail?limit=100', ...l });
}

export function flavorsDetail(url: string, l: ReadLoad): Promise<LoadResult> {
  return load({ url, path: '/v2.1/flavors/detail', ...l });
}

/** Median ms of sequential GET /servers/{id}, one request at a time (Nova's 38 ms figure). */
export async function sequentialGet(url: string, ids: readonly string[], count: number): Promise<number> {
  const next = pick(ids);
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(expect(await get(`${url}${next()}`), 200).ms);
  return round(median(times));
}

/** Checks every kind of read answers 200 before it is loaded (a 4xx would be fast and wrong). */
export async function checkReads(url: string, ids: readonly string[]): Promise<void> {
  for (const p of [pick(ids)(), '/v2.1/servers/detail?limit=100', '/v2.1/flavors/detail']) expect(await get(`${url}${p}`), 200);
}

export function failedShare(r: LoadResult): number {
  return r.requests === 0 ? 1 : (r.errors + r.non2xx) / r.requests;
}
