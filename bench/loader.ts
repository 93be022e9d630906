/**
 * Bulk loader for large stores (100k, 1M servers): while Novum is stopped, copies an ACTIVE server
 * the API created (same columns, same JSON) into many rows of the SQLite file, each with its own
 * uuid, name, hostname, fixed address, MAC, reservation, timestamps and "create" action, spread over
 * the fake hosts whose usage counters are raised to match.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { parseFlavor, resourcesOf } from '../src/compute/embedded-flavor.js';
import { privateAddresses } from '../src/compute/network.js';
import { hex, uuid } from '../src/util/ids.js';
import { nowIso } from '../src/util/time.js';

type Row = Record<string, unknown>;

/** What a load did. */
export interface LoadReport {
  readonly inserted: number;
  readonly total: number;
  readonly seconds: number;
}

function openDb(dataDir: string): SQLite.Database {
  const db = new SQLite(path.join(dataDir, 'novum.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  return db;
}

const count = (db: SQLite.Database, project: string): number =>
  (db.prepare('select count(*) as n from instances where project_id = ? and deleted = 0').get(project) as { n: number }).n;

export function countServers(dataDir: string, project: string): number {
  const db = openDb(dataDir);
  try {
    return count(db, project);
  } finally {
    db.close();
  }
}

/** The uuid of the server at `offset` in id order (ascending), for page markers. */
export function uuidAtOffset(dataDir: string, project: string, offset: number): string {
  const db = openDb(dataDir);
  try {
    const row = db.prepare('select uuid from instances where project_id = ? and deleted = 0 order by id limit 1 offset ?').get(project, offset) as { uuid: string } | undefined;
    if (!row) throw new Error(`no server at offset ${offset}`);
    return row.uuid;
  } finally {
    db.close();
  }
}

function nextId(db: SQLite.Database): number {
  const max = (db.prepare('select coalesce(max(id), 0) as m from instances').get() as { m: number }).m;
  const seq = db.prepare("select seq from sqlite_sequence where name = 'instances'").get() as { seq: number } | undefined;
  return Math.max(max, seq?.seq ?? 0) + 1;
}

function copyOf(template: Row, id: number, n: number, host: string, at: string): Row {
  const name = `bulk-${n}`;
  return {
    ...template, id, uuid: uuid(), display_name: name, hostname: name, host, node: host,
    addresses: JSON.stringify(privateAddresses(id)), reservation_id: `r-${hex(4)}`,
    created_at: at, updated_at: at, launched_at: at,
  };
}

/**
 * Adds servers copied from `templateUuid` until project `project` has `target` servers.
 * Novum must not be running.
 */
export function bulkLoad(dataDir: string, project: string, templateUuid: string, target: number): LoadReport {
  const t0 = performance.now();
  const db = openDb(dataDir);
  try {
    const template = db.prepare('select * from instances where uuid = ?').get(templateUuid) as Row | undefined;
    if (!template || template.vm_state !== 'active') throw new Error(`template ${templateUuid} is not an ACTIVE server`);
    const action = db.prepare('select * from instance_actions where instance_uuid = ? order by id limit 1').get(templateUuid) as Row | undefined;
    const have = count(db, project);
    const todo = Math.max(0, target - have);
    const hosts = (db.prepare('select host from compute_nodes order by id').all() as Array<{ host: string }>).map((h) => h.host);
    const cols = Object.keys(template);
    const insert = db.prepare(`insert into instances (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`);
    const actionCols = action ? Object.keys(action).filter((c) => c !== 'id') : [];
    const insertAction = action ? db.prepare(`insert into instance_actions (${actionCols.join(', ')}) values (${actionCols.map((c) => `@${c}`).join(', ')})`) : null;
    const perHost = new Map<string, number>();
    const batch = (from: number, count: number, firstId: number): void => {
      const base = Date.now() - (todo - from) * 1000;
      for (let i = 0; i < count; i++) {
        const n = have + from + i + 1;
        const host = hosts[n % hosts.length];
        const at = nowIso(new Date(base + i * 1000));
        const row = copyOf(template, firstId + i, n, host, at);
        insert.run(row);
        if (insertAction && action) insertAction.run({ ...action, instance_uuid: row.uuid, request_id: `req-${uuid()}`, start_time: at, finish_time: at, updated_at: at });
        perHost.set(host, (perHost.get(host) ?? 0) + 1);
      }
    };
    const run = db.transaction(batch);
    const step = 50_000;
    for (let from = 0; from < todo; from += step) run(from, Math.min(step, todo - from), nextId(db));
    raiseUsage(db, perHost, String(template.flavor));
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { inserted: todo, total: have + todo, seconds: (performance.now() - t0) / 1000 };
  } finally {
    db.close();
  }
}

/** Raises each host's usage by what its new servers take, as the scheduler's claim does. */
function raiseUsage(db: SQLite.Database, perHost: Map<string, number>, flavorJson: string): void {
  const r = resourcesOf(parseFlavor(flavorJson));
  const upd = db.prepare('update compute_nodes set vcpus_used = vcpus_used + @v, memory_mb_used = memory_mb_used + @m, local_gb_used = local_gb_used + @d, running_vms = running_vms + @n where host = @host');
  for (const [host, n] of perHost) upd.run({ host, n, v: n * r.vcpus, m: n * r.memoryMb, d: n * r.diskGb });
}

/** Up to `n` uuids of the project's servers, picked at random (for GET /servers/{id}). */
export function sampleUuids(dataDir: string, project: string, n: number): string[] {
  const db = openDb(dataDir);
  try {
    return (db.prepare('select uuid from instances where project_id = ? and deleted = 0 order by random() limit ?').all(project, n) as Array<{ uuid: string }>).map((r) => r.uuid);
  } finally {
    db.close();
  }
}
