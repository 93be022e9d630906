/**
 * Throughput runs with autocannon (in this process): N keep-alive connections for D seconds,
 * returning requests per second and latency percentiles. Each run is preceded by an unmeasured
 * warm-up at the same load (a fifth of D, at least 1 s): the figures are the steady state, after
 * the JIT has compiled the hot paths and most of the server rows a run reads are in the row cache.
 */
import autocannon from 'autocannon';
import { TOKEN } from './http.js';
import { round } from './stats.js';

/** What one throughput run measured. */
export interface LoadResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** One throughput run. */
export interface LoadSpec {
  readonly url: string;
  /** fixed path, or a function giving the path of each request */
  readonly path: string | (() => string);
  readonly connections: number;
  readonly seconds: number;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const pathOf = spec.path;
  const requests = typeof pathOf === 'string'
    ? [{ method: 'GET', path: pathOf }]
    : [{ method: 'GET', setupRequest: (req: { path?: string }) => ({ ...req, path: pathOf() }) }];
  const r = await autocannon({
    url: spec.url, connections: spec.connections, duration: spec.seconds, timeout: 30,
    warmup: { connections: spec.connections, duration: Math.max(1, Math.round(spec.seconds / 5)) },
    headers: { 'X-Auth-Token': TOKEN, Accept: 'application/json' }, requests,
  });
  const total = r.requests.total;
  return {
    rps: round(total / r.duration), p50Ms: r.latency.p50, p99Ms: r.latency.p99,
    requests: total, errors: r.errors + r.timeouts, non2xx: r.non2xx,
  };
}
