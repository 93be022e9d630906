/** Server actions: pause → PAUSED → unpause → ACTIVE round trips, several servers at once. */
import { percentile, round } from '../lib/stats.js';
import { concurrently, serverAction, waitStatus, type Target } from './servers.js';

/** Round trips per second over `servers` concurrent clients. */
export interface RoundTrips {
  readonly servers: number;
  readonly roundTrips: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export async function pauseUnpause(t: Target, ids: readonly string[], seconds: number, pollMs = 2): Promise<RoundTrips> {
  const times: number[] = [];
  const elapsed = await concurrently(ids.length, seconds, async (client) => {
    const id = ids[client];
    const t0 = performance.now();
    await serverAction(t, id, 'pause');
    await waitStatus(t, id, 'PAUSED', pollMs, 10_000);
    await serverAction(t, id, 'unpause');
    await waitStatus(t, id, 'ACTIVE', pollMs, 10_000);
    times.push(performance.now() - t0);
    return true;
  });
  return {
    servers: ids.length, roundTrips: times.length, perSecond: round(times.length / elapsed),
    p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)),
  };
}
