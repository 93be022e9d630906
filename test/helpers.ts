/**
 * Test harness: a Novum built in this process on an in-memory SQLite (noauth by default, fake
 * hypervisor steps of 0 ms), driven through Fastify's inject — no sockets.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
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

/**
 * With NOVUM_TEST_DATABASE_URL set (a PostgreSQL server URL), each Novum gets a fresh database
 * of its own there, dropped on close; otherwise an in-memory SQLite.
 */
export async function freshDatabase(dataDir: string | undefined): Promise<{ url: string; drop(): Promise<void> } | null> {
  const server = process.env.NOVUM_TEST_DATABASE_URL;
  if (!server) return null;
  // A test that restarts Novum on the same data dir must find the same state: key the database by it, keep it.
  const persistent = dataDir !== undefined && dataDir !== ':memory:';
  const name = persistent
    ? `novum_d_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`
    : `novum_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      if (persistent) return;
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startNovum(overrides: Partial<Config> = {}): Promise<TestNovum> {
  const fresh = overrides.databaseUrl === undefined ? await freshDatabase(overrides.dataDir) : null;
  const config = loadConfig({}, {}, {
    dataDir: ':memory:', auth: 'noauth', fakeDelay: 0, logLevel: 'silent', ...(fresh ? { databaseUrl: fresh.url } : {}), ...overrides,
  });
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
    async close() {
      await novum.close();
      await fresh?.drop();
    },
  };
}

/** Compute requests at a microversion under /v2.1: `call('2.60', 'POST', '/servers', body, token)`. */
export function microversionCaller(novum: () => TestNovum) {
  return (v: string, method: string, path: string, body?: unknown, token?: string): Promise<Reply> =>
    novum().request(method, `/v2.1${path}`, { headers: { 'X-OpenStack-Nova-API-Version': v }, body, token });
}
