/**
 * A small keep-alive HTTP client for the sequential and polling parts of the benchmark
 * (autocannon does the throughput parts). Every request carries the bench project's token.
 */
import http from 'node:http';

export const TOKEN = 'admin:bench';
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One answer: status, parsed JSON body (or null) and the time it took in ms. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly raw: string;
  readonly ms: number;
}

export function call(method: string, url: string, body?: unknown, timeoutMs = 30_000): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { 'X-Auth-Token': TOKEN, Accept: 'application/json' };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = null;
        try {
          parsed = raw ? JSON.parse(raw) : null;
        } catch {
          parsed = null;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, raw, ms: performance.now() - t0 });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export const get = (url: string, _body?: undefined, timeoutMs?: number): Promise<Answer> => call('GET', url, undefined, timeoutMs);

/** Throws unless the answer has one of the expected statuses. */
export function expect(a: Answer, ...statuses: number[]): Answer {
  if (!statuses.includes(a.status)) throw new Error(`unexpected status ${a.status}: ${a.raw.slice(0, 300)}`);
  return a;
}

export function closeAgent(): void {
  agent.destroy();
}
