/** Booting and watching servers through the API, as a client does. */
import { call, expect, get } from '../lib/http.js';
import { sleep } from '../lib/stats.js';

/** Everything a scenario needs to talk to Novum. */
export interface Target {
  readonly url: string;
  readonly image: string;
}

interface ServerBody {
  server: { id: string; status: string };
}

export async function createServer(t: Target, name: string): Promise<{ id: string; ms: number }> {
  const a = expect(await call('POST', `${t.url}/v2.1/servers`, { server: { name, imageRef: t.image, flavorRef: '1' } }, 60_000), 202);
  return { id: (a.body as ServerBody).server.id, ms: a.ms };
}

/**
 * Polls GET /servers/{id} every `pollMs` until the status is `status`; throws on ERROR or after
 * `timeoutMs`. Returns the number of polls.
 */
export async function waitStatus(t: Target, id: string, status: string, pollMs: number, timeoutMs = 30_000): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (let polls = 1; performance.now() < until; polls++) {
    const a = expect(await get(`${t.url}/v2.1/servers/${id}`), 200);
    const s = (a.body as ServerBody).server.status;
    if (s === status) return polls;
    if (s === 'ERROR') throw new Error(`server ${id} went to ERROR: ${a.raw.slice(0, 300)}`);
    if (pollMs > 0) await sleep(pollMs);
  }
  throw new Error(`server ${id} not ${status} within ${timeoutMs} ms`);
}

export async function serverAction(t: Target, id: string, action: string): Promise<void> {
  expect(await call('POST', `${t.url}/v2.1/servers/${id}/action`, { [action]: null }), 202);
}

/** Runs `work` on `clients` concurrent loops until it returns false or `seconds` pass. */
export async function concurrently(clients: number, seconds: number, work: (client: number) => Promise<boolean>): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const loop = async (client: number): Promise<void> => {
    while (performance.now() < until) {
      if (!(await work(client))) return;
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => loop(i)));
  return (performance.now() - t0) / 1000;
}
