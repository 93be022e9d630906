/**
 * Paging: GET /v2.1/servers/detail?limit=1000 with Nova's marker, at the start and at the end of
 * the list, and a walk over every page.
 */
import { expect, get } from '../lib/http.js';
import { median, round } from '../lib/stats.js';

interface ListBody {
  servers: Array<{ id: string }>;
}

const pageUrl = (url: string, limit: number, marker?: string): string =>
  `${url}/v2.1/servers/detail?limit=${limit}${marker ? `&marker=${marker}` : ''}`;

/** Median ms of `repeat` sequential requests for one page. */
export async function pageP50(url: string, limit: number, marker: string | undefined, repeat: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const a = expect(await get(pageUrl(url, limit, marker)), 200);
    if ((a.body as ListBody).servers.length !== limit) throw new Error(`page had ${(a.body as ListBody).servers.length} servers, not ${limit}`);
    times.push(a.ms);
  }
  return round(median(times));
}

/** Times of a walk over the whole list. */
export interface Walk {
  readonly servers: number;
  readonly pages: number;
  readonly seconds: number;
  readonly startMs: number;
  readonly middleMs: number;
  readonly endMs: number;
}

/** Walks every page (at most `maxPages`); start/middle/end are medians of 5 pages each. */
export async function walk(url: string, limit: number, maxPages: number): Promise<Walk> {
  const times: number[] = [];
  let marker: string | undefined;
  let servers = 0;
  const t0 = performance.now();
  for (let page = 0; page < maxPages; page++) {
    const a = expect(await get(pageUrl(url, limit, marker)), 200);
    const list = (a.body as ListBody).servers;
    if (list.length === 0) break;
    times.push(a.ms);
    servers += list.length;
    marker = list[list.length - 1].id;
    if (list.length < limit) break;
  }
  const mid = Math.floor(times.length / 2);
  return {
    servers, pages: times.length, seconds: round((performance.now() - t0) / 1000),
    startMs: round(median(times.slice(0, 5))), middleMs: round(median(times.slice(Math.max(0, mid - 2), mid + 3))),
    endMs: round(median(times.slice(-5))),
  };
}
