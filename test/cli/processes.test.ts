/**
 * Novum past one process: `serve --workers N` on SQLite, and on PostgreSQL two `novum api`
 * processes with two `novum compute --host` processes, where work lands on the right compute
 * process and a stopped one shows down and can be evacuated. The PostgreSQL part needs
 * NOVUM_TEST_DATABASE_URL (scripts/run-tests.mjs sets it on its PostgreSQL pass).
 */
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, freePort, startCommand, stopProcess } from './novum-process.js';
import { freshDatabase } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const TOKEN = 'admin:procs';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'novum-procs-'));
const children: ChildProcess[] = [];
const READY = /^export OS_CLIENT_CONFIG_FILE=.*$/m;

after(async () => {
  await Promise.all(children.map((c) => stopProcess(c)));
  rmSync(tmp, { recursive: true, force: true });
});

async function call(base: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(`${base}${url}`, {
    method, headers: { 'x-auth-token': TOKEN, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function serverIn(base: string, id: string, status: string): Promise<any> {
  let last: unknown;
  try {
    return await until(`${id} ${status}`, async () => {
      const r = await call(base, 'GET', `/v2.1/servers/${id}`);
      last = r.body;
      return r.body?.server?.status === status && r.body.server['OS-EXT-STS:task_state'] === null ? r.body.server : undefined;
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}; last answer: ${JSON.stringify(last).slice(0, 800)}`);
  }
}

async function boot(base: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(base, 'POST', '/v2.1/servers', { server: { name, imageRef: IMAGE, flavorRef: '1', ...extra } });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  return r.body.server.id;
}

test('serve --workers 2: API processes share the port; servers they create become ACTIVE', async () => {
  const port = await freePort(18300, 50);
  const started = await startCommand('serve', ['--workers', '2', '--port', String(port), '--data-dir', path.join(tmp, 'cluster'),
    '--auth', 'noauth', '--fake-delay', '0', '--log-level', 'warn'], READY);
  children.push(started.child);
  const base = `http://127.0.0.1:${port}`;
  const ids = await Promise.all([1, 2, 3, 4].map((i) => boot(base, `w${i}`)));
  for (const id of ids) await serverIn(base, id, 'ACTIVE');
  const paused = await call(base, 'POST', `/v2.1/servers/${ids[0]}/action`, { pause: null });
  assert.equal(paused.status, 202);
  await serverIn(base, ids[0], 'PAUSED');
});

describe('api and compute processes on one PostgreSQL', { skip: process.env.NOVUM_TEST_DATABASE_URL ? false : 'needs NOVUM_TEST_DATABASE_URL (the PostgreSQL pass of scripts/run-tests.mjs)' }, () => {
  test('create through one API, act through the other, on the right compute; a stopped compute is down and evacuable', async () => {
    const database = (await freshDatabase(undefined))!;
    const env = cleanEnv();
    const common = ['--database-url', database.url, '--auth', 'noauth', '--fake-delay', '0', '--log-level', 'warn', '--service-down-time', '3'];
    const apis: string[] = [];
    for (const name of ['api-a', 'api-b']) {
      const port = await freePort(18300, 50);
      const p = await startCommand('api', [...common, '--port', String(port), '--data-dir', path.join(tmp, name)], READY, env);
      children.push(p.child);
      apis.push(`http://127.0.0.1:${port}`);
    }
    const computes: Record<string, ChildProcess> = {};
    for (const host of ['host-a', 'host-b']) {
      const p = await startCommand('compute', [...common, '--host', host, '--data-dir', path.join(tmp, host)], /compute host .* is running/, env);
      children.push(p.child);
      computes[host] = p.child;
    }
    try {
      const [a, b] = apis;
      const id = await boot(a, 'placed', { availability_zone: 'nova:host-a' });
      const shown = await serverIn(b, id, 'ACTIVE');
      assert.equal(shown['OS-EXT-SRV-ATTR:host'], 'host-a');
      assert.equal((await call(b, 'POST', `/v2.1/servers/${id}/action`, { 'os-stop': null })).status, 202);
      await serverIn(a, id, 'SHUTOFF');
      assert.equal((await call(b, 'POST', `/v2.1/servers/${id}/action`, { 'os-start': null })).status, 202);
      await serverIn(a, id, 'ACTIVE');

      await stopProcess(computes['host-a']);
      const down = await until('host-a down', async () => {
        const r = await call(a, 'GET', '/v2.1/os-services?binary=nova-compute');
        const svc = r.body.services.find((s: { host: string }) => s.host === 'host-a');
        return svc?.state === 'down' ? svc : undefined;
      });
      assert.equal(down.status, 'enabled');
      const ev = await call(b, 'POST', `/v2.1/servers/${id}/action`, { evacuate: { onSharedStorage: false } });
      assert.equal(ev.status, 200, JSON.stringify(ev.body));
      const moved = await serverIn(a, id, 'ACTIVE');
      assert.equal(moved['OS-EXT-SRV-ATTR:host'], 'host-b');
    } finally {
      await Promise.all(Object.values(computes).map((c) => stopProcess(c)));
      await database.drop();
    }
  });
});
