/**
 * Nothing accepted is lost: a Novum under a mixed concurrent load (creates, actions, deletes) is
 * killed with SIGKILL at a random moment, restarted on the same data, and checked: every create
 * that got 202 exists (or was deleted by a delete that got 204), every accepted action and
 * delete took effect, no server stays in a transitional task_state after recovery, and the
 * database passes SQLite's integrity check. Three rounds on one data dir; on PostgreSQL too when
 * NOVUM_TEST_DATABASE_URL is set (the PostgreSQL pass of scripts/run-tests.mjs).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { freshDatabase } from '../helpers.js';
import { freePort, startServe, stopProcess, type Started } from './novum-process.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const TOKEN = 'admin:crash';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'novum-crash-'));
const dataDir = path.join(tmp, 'data');
let running: Started | undefined;
let database: { url: string; drop(): Promise<void> } | null = null;

before(async () => { database = await freshDatabase(undefined); });
after(async () => {
  await stopProcess(running?.child);
  await database?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

interface Ledger {
  /** servers whose create got 202 */
  readonly created: Set<string>;
  /** servers whose delete got 204 */
  readonly deleted: Set<string>;
  /** servers whose os-stop got 202 (and nothing later was accepted for them) */
  readonly stopped: Set<string>;
  /** requests sent but never answered (the process died): they may or may not have taken effect */
  readonly maybeDeleted: Set<string>;
  readonly maybeStopped: Set<string>;
}

async function call(base: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(`${base}${url}`, {
    method, headers: { 'x-auth-token': TOKEN, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

async function start(): Promise<string> {
  const port = await freePort(18350, 50);
  const store = database ? ['--database-url', database.url] : [];
  running = await startServe(['--port', String(port), '--data-dir', dataDir, ...store, '--auth', 'noauth', '--fake-delay', '30', '--log-level', 'warn']);
  return `http://127.0.0.1:${port}`;
}

/** Clients that keep creating, stopping and deleting until the process dies under them. */
async function load(base: string, ledger: Ledger, signal: { dead: boolean }): Promise<void> {
  const client = async (n: number): Promise<void> => {
    for (let i = 0; !signal.dead && i < 200; i++) {
      try {
        const r = await call(base, 'POST', '/v2.1/servers', { server: { name: `c${n}-${i}`, imageRef: IMAGE, flavorRef: '1' } });
        if (r.status !== 202) continue;
        const id = r.body.server.id as string;
        ledger.created.add(id);
        if (i % 3 === 1) {
          ledger.maybeDeleted.add(id);
          const d = await call(base, 'DELETE', `/v2.1/servers/${id}`);
          if (d.status === 204) ledger.deleted.add(id);
          else ledger.maybeDeleted.delete(id);
        } else if (i % 3 === 2) {
          await new Promise((res) => setTimeout(res, 40));
          ledger.maybeStopped.add(id);
          const s = await call(base, 'POST', `/v2.1/servers/${id}/action`, { 'os-stop': null });
          if (s.status === 202) ledger.stopped.add(id);
          else ledger.maybeStopped.delete(id);
        }
      } catch {
        return; // the process died mid-request: that request was never answered, so it promised nothing
      }
    }
  };
  await Promise.all([1, 2, 3, 4].map(client));
}

test('SIGKILL under load, three times: every 202 takes effect and nothing stays mid-transition', { timeout: 240_000 }, async () => {
  const ledger: Ledger = { created: new Set(), deleted: new Set(), stopped: new Set(), maybeDeleted: new Set(), maybeStopped: new Set() };
  let base = await start();
  await call(base, 'PUT', '/v2.1/os-quota-sets/crash', { quota_set: { instances: -1, cores: -1, ram: -1 } });
  for (let round = 0; round < 3; round++) {
    const signal = { dead: false };
    const before = ledger.created.size;
    const traffic = load(base, ledger, signal);
    // Kill at a random moment once this round has some accepted work in flight (a loaded machine is slow).
    const deadline = Date.now() + 30_000;
    while (ledger.created.size < before + 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 600)));
    running!.child.kill('SIGKILL');
    signal.dead = true;
    await traffic;
    await new Promise<void>((r) => (running!.child.exitCode !== null || running!.child.signalCode !== null ? r() : running!.child.once('exit', () => r())));
    base = await start();
  }
  assert.ok(ledger.created.size > 10, `the load created only ${ledger.created.size} servers`);

  // After recovery every server settles: no transitional task_state, no BUILD left behind.
  const deadline = Date.now() + 30_000;
  let unsettled: string[] = [];
  do {
    const r = await call(base, 'GET', '/v2.1/servers/detail');
    unsettled = r.body.servers.filter((s: any) => s['OS-EXT-STS:task_state'] !== null || s.status === 'BUILD').map((s: any) => `${s.id}:${s.status}/${s['OS-EXT-STS:task_state']}`);
    if (unsettled.length === 0) break;
    await new Promise((res) => setTimeout(res, 200));
  } while (Date.now() < deadline);
  assert.deepEqual(unsettled, [], 'servers left mid-transition after recovery');

  for (const id of ledger.created) {
    const r = await call(base, 'GET', `/v2.1/servers/${id}`);
    if (ledger.deleted.has(id)) {
      assert.equal(r.status, 404, `server ${id} was deleted (204) but still shows ${r.body?.server?.status}`);
      continue;
    }
    if (ledger.maybeDeleted.has(id) && r.status === 404) continue;
    assert.equal(r.status, 200, `server ${id} was created (202) but is gone`);
    const allowed = ledger.stopped.has(id) ? ['SHUTOFF'] : ledger.maybeStopped.has(id) ? ['SHUTOFF', 'ACTIVE'] : ['ACTIVE'];
    assert.ok(allowed.includes(r.body.server.status), `server ${id} is ${r.body.server.status}, expected ${allowed.join('/')}: ${JSON.stringify(r.body.server.fault ?? {})}`);
  }

  await stopProcess(running!.child);
  running = undefined;
  assert.equal(await jobsLeft(), 0, 'jobs left undone');
});

/** Jobs not done (failed ones excepted); on SQLite also its integrity check. */
async function jobsLeft(): Promise<number> {
  if (database) {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      return Number((await c.query("select count(*) as n from jobs where status != 'failed'")).rows[0].n);
    } finally {
      await c.end();
    }
  }
  const db = new SQLite(path.join(dataDir, 'novum.sqlite'), { readonly: true });
  try {
    assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    return (db.prepare("select count(*) as n from jobs where status != 'failed'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}
