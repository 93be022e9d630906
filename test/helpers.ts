/**
 * Test harness: a Novum built in this process on an in-memory SQLite (noauth by default, fake
 * hypervisor steps of 0 ms), driven through Fastify's inject — no sockets.
 */
import pino from 'pino';
import { createNovum, type Novum } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: any;
  readonly text: string;
}

export interface RequestOptions {
  /** JSON body (an object) or a raw string */
  readonly body?: unknown;
  /** X-Auth-Token; default `admin:openstack` (noauth admin of project "openstack"); null sends none */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

export interface TestNovum {
  readonly novum: Novum;
  request(method: string, url: string, opts?: RequestOptions): Promise<Reply>;
  /** Polls GET url until pick(body) is true; fails after timeoutMs. */
  waitFor(url: string, pick: (r: Reply) => boolean, opts?: RequestOptions & { timeoutMs?: number }): Promise<Reply>;
  close(): Promise<void>;
}

export async function startNovum(overrides: Partial<Config> = {}): Promise<TestNovum> {
  const config = loadConfig({}, {}, { dataDir: ':memory:', auth: 'noauth', fakeDelay: 0, logLevel: 'silent', ...overrides });
  const novum = await createNovum(config, { logger: pino({ level: config.logLevel }) });
  await novum.http.ready();
  const request = async (method: string, url: string, opts: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const token = opts.token === undefined ? 'admin:openstack' : opts.token;
    if (token !== null) headers['x-auth-token'] = token;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await novum.http.inject({ method: method as 'GET', url, headers, payload });
    let body: unknown = undefined;
    if (res.body) {
      try {
        body = JSON.parse(res.body);
      } catch {
        body = res.body;
      }
    }
    return { status: res.statusCode, headers: res.headers, body, text: res.body };
  };
  return {
    novum,
    request,
    async waitFor(url, pick, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 5000);
      for (;;) {
        const r = await request('GET', url, opts);
        if (pick(r)) return r;
        if (Date.now() > deadline) throw new Error(`timed out waiting on ${url}; last: ${r.status} ${r.text.slice(0, 500)}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    },
    close: () => novum.close(),
  };
}
