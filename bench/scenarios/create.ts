/**
 * create → ACTIVE: one server at a time (POST, then poll GET until ACTIVE), and sustained creates
 * with many concurrent clients, each booting a server and waiting for ACTIVE before the next.
 */
import { percentile, round, sleep } from '../lib/stats.js';
import { concurrently, createServer, waitStatus, type Target } from './servers.js';

/** Latencies of sequential creates. */
export interface CreateLatency {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly postP50Ms: number;
  readonly ids: string[];
}

export async function createLatency(t: Target, count: number): Promise<CreateLatency> {
  const total: number[] = [];
  const post: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const { id, ms } = await createServer(t, `lat-${i}`);
    // Poll as fast as a client can: the figure is the time until a client sees ACTIVE.
    await waitStatus(t, id, 'ACTIVE', 0, 10_000);
    total.push(performance.now() - t0);
    post.push(ms);
    ids.push(id);
  }
  return { count, p50Ms: round(percentile(total, 50)), p99Ms: round(percentile(total, 99)), postP50Ms: round(percentile(post, 50)), ids };
}

/** Servers that reached ACTIVE per second under concurrent clients. */
export interface Sustained {
  readonly clients: number;
  readonly active: number;
  /** creates that failed (error answer, ERROR state or timeout) */
  readonly failed: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** GET /servers/{id} per server that reached ACTIVE */
  readonly pollsPerServer: number;
}

/**
 * `clients` loops boot servers until `target` have been booted or `maxSeconds` pass; each polls
 * its server every `pollMs` until ACTIVE.
 */
export async function sustainedCreates(t: Target, clients: number, target: number, maxSeconds: number, pollMs = 10): Promise<Sustained> {
  let started = 0;
  let active = 0;
  let failed = 0;
  let polls = 0;
  const times: number[] = [];
  const seconds = await concurrently(clients, maxSeconds, async (client) => {
    if (started >= target) return false;
    started++;
    const t0 = performance.now();
    try {
      const { id } = await createServer(t, `sus-${client}-${started}`);
      await sleep(pollMs);
      const n = await waitStatus(t, id, 'ACTIVE', pollMs, 60_000);
      polls += n;
    } catch (err) {
      // A slow or failed create is a finding, not the end of the run; too many end it.
      if (++failed > Math.max(10, started / 10)) throw err;
      return true;
    }
    times.push(performance.now() - t0);
    active++;
    return true;
  });
  return {
    clients, active, failed, seconds: round(seconds), perSecond: round(active / seconds),
    p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)),
    pollsPerServer: round(polls / Math.max(active, 1)),
  };
}
