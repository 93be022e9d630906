/**
 * Hostile input, schema-aware and deterministic: every route with a body gets its valid bodies
 * mutated field by field (wrong types, huge, deep, odd unicode, missing, extra) and as a whole
 * (bad JSON, bad bytes, wrong content types, too large); every GET route gets absurd query
 * strings; every route with a parameter gets odd path segments. No answer may be a 5xx, every
 * compute 4xx is a JSON fault, the server keeps answering, and only accepted requests change rows.
 * Seed: NOVUM_FUZZ_SEED (default below), printed at the end. For a deeper run: NOVUM_FUZZ_PER_ROUTE
 * (field mutations per route, default 45); to debug: NOVUM_FUZZ_REPORT=<file> (every problem),
 * NOVUM_FUZZ_SHOW=<chars of body shown>, NOVUM_FUZZ_LOG=1 (server errors logged), NOVUM_FUZZ_TRACE=1.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';
import { actionTable } from '../../src/api/compute/servers/actions.js';
import { extraActions } from '../../src/api/compute/action-extensions.js';
import { apiOf, fillParams, publicUrlOf, Rng, routeInventory, tokenFor, type RouteEntry } from './support.js';
import { deep, leafPaths, mutate, REPLACEMENTS, startingBodies } from './fuzz-bodies.js';

const SEED = Number(process.env.NOVUM_FUZZ_SEED ?? 0x5eed1234);
const BODY_LIMIT = 256 * 1024;
const LEAF_MUTATIONS_PER_ROUTE = Number(process.env.NOVUM_FUZZ_PER_ROUTE ?? 45);
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const TABLES = ['instances', 'jobs', 'volumes', 'keypairs', 'flavors', 'images'] as const;

let n: TestNovum;
let admin: string;
let routes: RouteEntry[];
const rng = new Rng(SEED);
const stats = { requests: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0 };
const problems: string[] = [];
const ids = { server: '', volume: '', snapshot: '', keypair: 'fuzz-kp', group: '', fip: '', hypervisor: '', project: '', user: '', role: '' };

interface Raw { method: string; url: string; payload?: string | Buffer; contentType?: string | null; headers?: Record<string, string> }

async function send(r: Raw, route: string): Promise<number> {
  const headers: Record<string, string> = { 'x-auth-token': admin, ...(r.headers ?? {}) };
  if (r.payload !== undefined && r.contentType !== null) headers['content-type'] = r.contentType ?? 'application/json';
  const res = await n.novum.http.inject({ method: r.method as 'GET', url: r.url, headers, payload: r.payload });
  stats.requests++;
  const s = res.statusCode;
  if (s >= 500) stats.s5xx++;
  else if (s >= 400) stats.s4xx++;
  else if (s >= 300) stats.s3xx++;
  else stats.s2xx++;
  const what = `${r.method} ${r.url.slice(0, 120)} [${route}] ${String(r.payload ?? '').slice(0, Number(process.env.NOVUM_FUZZ_SHOW ?? 120))} → ${s} ${res.body.slice(0, 200)}`;
  if (s >= 500) problems.push(what);
  else if (s >= 400 && apiOf(route.split(' ')[1] ?? '') === 'compute' && !isFault(res.body, s)) problems.push(`not a fault: ${what}`);
  else if (s >= 400 && !isJsonObject(res.body)) problems.push(`not a JSON error body: ${what}`);
  return s;
}

function isFault(text: string, status: number): boolean {
  try {
    const b = JSON.parse(text) as Record<string, { code?: number; message?: unknown }>;
    const keys = Object.keys(b);
    return keys.length === 1 && b[keys[0]].code === status && typeof b[keys[0]].message === 'string';
  } catch {
    return false;
  }
}

function isJsonObject(text: string): boolean {
  try {
    const b: unknown = JSON.parse(text);
    return typeof b === 'object' && b !== null && !Array.isArray(b);
  } catch {
    return false;
  }
}

async function counts(): Promise<Record<string, number>> {
  const db = n.novum.store.db;
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await db.selectFrom(t).select(db.fn.countAll<number>().as('c')).executeTakeFirstOrThrow()).c);
  return out;
}

async function jobsIdle(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await counts()).jobs > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

/** Runs one batch: afterwards the server answers and, when nothing was accepted, no row count moved. */
async function batch(route: string, requests: Raw[]): Promise<void> {
  if (process.env.NOVUM_FUZZ_TRACE) process.stderr.write(`${route} ${requests.length} heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB\n`);
  await jobsIdle();
  const before = await counts();
  let accepted = 0;
  for (const r of requests) {
    const s = await send(r, route);
    if (s < 300) accepted++;
  }
  const alive = await n.novum.http.inject({ method: 'GET', url: '/' });
  if (alive.statusCode !== 200 && alive.statusCode !== 300) problems.push(`GET / after ${route} → ${alive.statusCode}`);
  if (accepted === 0) {
    await jobsIdle();
    const after = await counts();
    if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`rows changed by refused requests of ${route}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  }
  await ensureServer();
}

/** Fuzzed actions may delete or wedge the server the routes point at: keep one ACTIVE. */
async function ensureServer(): Promise<void> {
  const r = await n.request('GET', `/v2.1/servers/${ids.server}`, { token: admin });
  if (ids.server && r.status === 200 && r.body.server.status === 'ACTIVE' && !r.body.server['OS-EXT-STS:task_state'] && !r.body.server.locked) return;
  await liftQuotas(); // fuzzed quota updates may have set them to 0
  const boot = await n.request('POST', '/v2.1/servers', { token: admin, body: { server: { name: 'fuzz', imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(boot.status, 202, boot.text);
  ids.server = boot.body.server.id;
  await n.waitFor(`/v2.1/servers/${ids.server}`, (x) => x.body?.server?.status === 'ACTIVE', { token: admin });
}

/** Fuzzed creates that are accepted keep servers: bounded by an instance quota, the rest unlimited. */
async function liftQuotas(): Promise<void> {
  const q = await n.request('PUT', `/v2.1/os-quota-sets/${ids.project}`, { token: admin, body: { quota_set: { instances: 200, cores: -1, ram: -1, key_pairs: -1, server_groups: -1, floating_ips: -1, metadata_items: -1 } } });
  assert.equal(q.status, 200, q.text);
}

function param(route: RouteEntry, name: string): string {
  const byName: Record<string, string> = {
    server_id: ids.server, volume_id: ids.volume, key: 'k1', network: 'private', keypair_name: ids.keypair, tenant_id: ids.project,
    flavor_id: '1', image_id: IMAGE, token: 'nope', host: 'compute-1', zone: 'nova', alias: 'os-keypairs', tag: 't', request_id: 'req-x',
    project: ids.project, user: ids.user, role: ids.role, project_id: ids.project, v: 'v2.1', 'action|:id': route.method === 'PUT' ? 'disable' : '999999',
  };
  if (name in byName) return byName[name];
  const collection = route.path.replace(/\/:.*$/, '').split('/').pop()!;
  const byCollection: Record<string, string> = {
    'os-volumes': ids.volume, 'os-snapshots': ids.snapshot, 'os-server-groups': ids.group, 'os-floating-ips': ids.fip, 'os-hypervisors': ids.hypervisor,
    'os-quota-class-sets': 'default', projects: ids.project, users: ids.user, roles: ids.role, images: IMAGE, volumes: ids.volume, snapshots: ids.snapshot,
  };
  return byCollection[collection] ?? 'private';
}

const urlOf = (route: RouteEntry, override?: (name: string) => string | undefined): string =>
  fillParams(publicUrlOf(route.path), (name) => override?.(name) ?? param(route, name));

before(async () => {
  n = await startNovum({ auth: 'keystone', bodyLimit: BODY_LIMIT, ...(process.env.NOVUM_FUZZ_LOG ? { logLevel: 'error' } : {}) });
  admin = await tokenFor(n, 'admin');
  routes = routeInventory(n);
  const dir = n.novum.services.identity.directory;
  ids.project = (await dir.projectByName('default', 'admin'))!.id;
  ids.user = (await dir.userByName('default', 'demo'))!.id;
  ids.role = (await dir.roles({ name: 'reader' }))[0].id;
  await liftQuotas();
  const vol = await n.request('POST', '/v2.1/os-volumes', { token: admin, body: { volume: { size: 1 } } });
  ids.volume = vol.body.volume.id;
  await n.waitFor(`/v2.1/os-volumes/${ids.volume}`, (x) => x.body?.volume?.status === 'available', { token: admin });
  ids.snapshot = (await n.request('POST', '/v2.1/os-snapshots', { token: admin, body: { snapshot: { volume_id: ids.volume } } })).body.snapshot.id;
  await n.request('POST', '/v2.1/os-keypairs', { token: admin, body: { keypair: { name: ids.keypair } } });
  ids.group = (await n.request('POST', '/v2.1/os-server-groups', { token: admin, body: { server_group: { name: 'g', policies: ['affinity'] } } })).body.server_group.id;
  ids.fip = String((await n.request('POST', '/v2.1/os-floating-ips', { token: admin, body: { pool: 'public' } })).body.floating_ip.id);
  ids.hypervisor = String((await n.request('GET', '/v2.1/os-hypervisors', { token: admin })).body.hypervisors[0].id);
  await ensureServer();
});

after(async () => {
  process.stdout.write(`# fuzz: seed ${SEED} (0x${SEED.toString(16)}), requests tried ${stats.requests}, 2xx ${stats.s2xx}, 3xx ${stats.s3xx}, 4xx ${stats.s4xx}, 5xx ${stats.s5xx}\n`);
  for (const p of problems.slice(0, 60)) process.stdout.write(`#   ${p.slice(0, 400)}\n`);
  if (process.env.NOVUM_FUZZ_REPORT) writeFileSync(process.env.NOVUM_FUZZ_REPORT, problems.join('\n'));
  await n?.close();
});

/** Asserts that no problem was found since `from` (each test's own); the failure names the first ones. */
function assertNoProblemsSince(from: number): void {
  const mine = problems.slice(from);
  assert.equal(mine.length, 0, `${mine.length} problem(s):\n${mine.slice(0, 20).map((p) => p.slice(0, 500)).join('\n')}`);
}

const hasBody = (r: RouteEntry): boolean => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH';
const contentTypeOf = (r: RouteEntry): string => (r.method === 'PATCH' ? 'application/openstack-images-v2.1-json-patch' : 'application/json');

test('field mutations of valid bodies never answer 5xx', async () => {
  const from = problems.length;
  const actionKeys = new Set(Object.keys(actionTable(n.novum.services, ...extraActions(n.novum.services))));
  const bodies = startingBodies(routes, actionKeys, { volume: ids.volume, image: IMAGE, project: ids.project });
  for (const route of routes.filter(hasBody)) {
    const key = `${route.method} ${route.path}`;
    const valid = bodies.get(key) ?? [{}];
    // Mutations as thunks: materialised only when chosen (each may carry a 100 KB string).
    const all: (() => unknown)[] = [];
    for (const body of valid) {
      for (const at of leafPaths(body)) {
        all.push(() => mutate(body, at, { remove: true }), () => mutate(body, at, { extra: true }));
        for (const set of REPLACEMENTS) all.push(() => mutate(body, at, { set }));
      }
      all.push(() => body);
    }
    const picks = all.length <= LEAF_MUTATIONS_PER_ROUTE ? all : Array.from({ length: LEAF_MUTATIONS_PER_ROUTE }, () => rng.pick(all));
    const chosen = picks.map((make) => make());
    const url = urlOf(route);
    await batch(key, chosen.map((b) => ({ method: route.method, url, payload: JSON.stringify(b), contentType: contentTypeOf(route) })));
  }
  assertNoProblemsSince(from);
});

/** Whole-body attacks, the same for every route with a body. */
function wholeBodies(route: RouteEntry): Raw[] {
  const url = urlOf(route);
  const ct = contentTypeOf(route);
  const m = route.method;
  return [
    ...['{', '{"a":', '[', 'nul', '{"a":1}}', "{'a': 1}", '{"a":NaN}', '\u0000', '""', '1', 'null', 'true', '[]', '[{}]'].map((payload) => ({ method: m, url, payload, contentType: ct })),
    { method: m, url, payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), contentType: ct },
    { method: m, url, payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), contentType: ct },
    { method: m, url, payload: '{"a":"\\ud800\\u0000"}', contentType: ct },
    { method: m, url, payload: JSON.stringify(deep()), contentType: ct },
    { method: m, url, payload: '', contentType: ct },
    { method: m, url, payload: '{"a":1}', contentType: 'text/plain' },
    { method: m, url, payload: 'a=b&c=d', contentType: 'application/x-www-form-urlencoded' },
    { method: m, url, payload: '--x\r\n\r\nhi\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
    { method: m, url, payload: '{"a":1}', contentType: null },
    { method: m, url, payload: '{"a":1}', contentType: 'application/json; charset=latin-1' },
  ];
}

test('malformed, mistyped and oversized bodies are refused with the API\'s fault', async () => {
  const from = problems.length;
  for (const route of routes.filter(hasBody)) {
    const key = `${route.method} ${route.path}`;
    await batch(key, wholeBodies(route));
    const over = await n.novum.http.inject({
      method: route.method as 'POST', url: urlOf(route), headers: { 'x-auth-token': admin, 'content-type': contentTypeOf(route) },
      payload: JSON.stringify({ x: 'a'.repeat(BODY_LIMIT + 10) }),
    });
    stats.requests++;
    const api = apiOf(route.path);
    if (over.statusCode !== 413) problems.push(`over the limit: ${key} → ${over.statusCode} ${over.body.slice(0, 200)}`);
    if (api === 'compute' || api === 'volume') {
      const b = JSON.parse(over.body);
      if (b?.overLimit?.code !== 413) problems.push(`413 body of ${key}: ${over.body.slice(0, 200)}`);
    }
  }
  assertNoProblemsSince(from);
});

const LONG = 'x'.repeat(10 * 1024);
const QUERIES = [
  'limit=-1', 'limit=1e309', 'limit=abc', 'limit=0', 'limit=99999999999999999999', `marker=${LONG}`, 'marker=%00', 'limit=1&limit=2',
  'marker=a&marker=b', '%ZZ=1', 'name=%ZZ', 'name=*', 'name=(', 'name=[', 'name=%00', 'name=%F0%9F', 'name=%ED%A0%80', 'changes-since=garbage',
  'changes-since=9999-99-99', 'changes-before=-1', 'sort_key=id;drop&sort_dir=sideways', 'sort_key=&sort_dir=', 'all_tenants=maybe',
  'all_tenants=1&tenant_id=%ZZ', 'ip=[', 'ip6=(', 'status=BOGUS', 'deleted=yes', 'flavor=%00', 'image=..', 'host=%2F%2F', 'minRam=-1',
  'minDisk=abc', 'is_public=maybe', 'start=bad&end=worse', 'detailed=2', 'offset=-5', 'fields=*&fields=', 'visibility=x&member_status=y',
  'tag=%00&tag=x', 'device_id=%ZZ', 'reserved=1&user_id=x', 'project_id=&tenant_id=', `${'a'.repeat(5000)}=1`, 'limit[]=1&name[x]=y',
];

test('absurd query strings on every GET route never answer 5xx', async () => {
  const from = problems.length;
  for (const route of routes.filter((r) => r.method === 'GET')) {
    const url = urlOf(route);
    await batch(`GET ${route.path}`, QUERIES.map((q) => ({ method: 'GET', url: `${url}?${q}` })));
  }
  assertNoProblemsSince(from);
});

const SEGMENTS = [LONG, '%ZZ', '%00', '..', '%2e%2e', '%2F', 'a%20b', '%F0%9F%98%80', '%ED%A0%80', "'", '-1', '1e309', '0x10', 'null'];

test('odd path segments for every parameter never answer 5xx', async () => {
  const from = problems.length;
  for (const route of routes.filter((r) => r.path.includes(':'))) {
    const names: string[] = [];
    route.path.replace(/:(\w+(?:\|:\w+)*)/g, (_m, name: string) => (names.push(name), ''));
    const reqs: Raw[] = [];
    for (const name of names) {
      for (const seg of SEGMENTS) {
        const url = fillParams(publicUrlOf(route.path), (x) => (x === name ? '\u0001' : param(route, x))).replace('%01', seg);
        reqs.push({ method: route.method, url, ...(hasBody(route) ? { payload: '{}', contentType: contentTypeOf(route) } : {}) });
      }
    }
    // DELETE with an odd id must not delete anything real: only mismatching ids are sent.
    await batch(`${route.method} ${route.path}`, reqs);
  }
  assertNoProblemsSince(from);
});

test('odd project ids and prefixes in compute URLs never answer 5xx', async () => {
  const from = problems.length;
  const reqs: Raw[] = [];
  for (const seg of SEGMENTS) {
    for (const prefix of ['/v2.1', '/v2', '/compute/v2.1', '/compute/v2']) {
      reqs.push({ method: 'GET', url: `${prefix}/${seg}/servers` }, { method: 'GET', url: `${prefix}/${seg}` }, { method: 'POST', url: `${prefix}/${seg}/servers`, payload: '{}' });
    }
    reqs.push({ method: 'GET', url: `/${seg}` }, { method: 'GET', url: `/${seg}/v2.1/servers` });
  }
  await batch('compute URL prefixes', reqs);
  // the project segment is kept as sent when it does not decode (it used to throw in the URL rewrite and end the process)
  const r = await n.request('GET', '/v2.1/%ZZ/servers', { token: admin });
  assert.deepEqual(r.body, { badRequest: { code: 400, message: `Malformed request URL: URL's project_id '%ZZ' doesn't match Context's project_id '${ids.project}'` } });
  assertNoProblemsSince(from);
});

