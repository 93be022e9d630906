/**
 * Isolation matrix (keystone auth): every route Novum serves is tried by a member of project
 * demo2 against project demo's resources, by a member for admin-only routes, and with a missing,
 * expired and revoked token. Nothing of demo's may show in any answer demo2 gets.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type Reply, type TestNovum } from '../helpers.js';
import { actionTable } from '../../src/api/compute/servers/actions.js';
import { extraActions } from '../../src/api/compute/action-extensions.js';
import { apiOf, fillParams, publicUrlOf, routeInventory, tokenFor, type RouteEntry } from './support.js';
import { buildDemoWorld, IMAGE, type DemoWorld } from './fixture.js';
import { ADMIN_ONLY, bodyFor, classify, paramValues, PUBLIC, actionBody } from './matrix.js';

let n: TestNovum;
let w: DemoWorld;
let routes: RouteEntry[];
const stats = { routes: 0, requests: 0, failures: 0 };
/** `<kind> <status>` → how many answers */
const seen = new Map<string, number>();
const failures: string[] = [];

before(async () => {
  n = await startNovum({ auth: 'keystone' });
  w = await buildDemoWorld(n, Math.random().toString(36).slice(2, 8));
  routes = routeInventory(n);
  stats.routes = routes.length;
});
after(async () => {
  process.stdout.write(`# isolation: routes covered ${stats.routes}, requests tried ${stats.requests}, failures ${stats.failures}\n`);
  process.stdout.write(`# isolation: answers to demo2 by kind and status: ${[...seen].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}\n`);
  for (const f of failures.slice(0, 80)) process.stdout.write(`#   ${f.slice(0, 300)}\n`);
  await n.close();
});

interface Sent { method: string; url: string; body?: unknown; headers?: Record<string, string> }

async function send(s: Sent, token: string | null): Promise<Reply> {
  stats.requests++;
  return n.request(s.method, s.url, { token, body: s.body, headers: s.headers });
}

function check(ok: boolean, what: string): void {
  if (!ok) {
    stats.failures++;
    failures.push(what);
  }
}

/** demo's ids and names that were not in the request itself must not be in the answer. */
function scan(s: Sent, r: Reply): void {
  const asked = `${s.url} ${JSON.stringify(s.body ?? '')}`;
  for (const secret of w.secrets) {
    if (asked.includes(secret)) continue;
    // whole tokens only: the floating IP 172.24.4.2 is not in the pool 172.24.4.2-172.24.4.254
    const re = new RegExp(`(?<![\\w.-])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${secret.endsWith('-') ? '' : '(?![\\w.])'}`);
    if (re.test(r.text)) check(false, `${s.method} ${s.url} leaks ${secret}: ${r.text.slice(0, 200)}`);
  }
}

const FAULT_401: Record<string, (b: any) => boolean> = {
  compute: (b) => b?.unauthorized?.code === 401 && b.unauthorized.message === 'The request you have made requires authentication.',
  volume: (b) => b?.unauthorized?.code === 401 && b.unauthorized.message === 'The request you have made requires authentication.',
  identity: (b) => b?.error?.code === 401 && b.error.title === 'Unauthorized',
  network: (b) => b?.error?.code === 401 && b.error.title === 'Unauthorized',
  image: (b) => b?.code === '401 Unauthorized' && b.title === 'Unauthorized',
};

/** The fault an API answers with for status `code`. */
function faultOk(api: string, code: number, b: any): boolean {
  if (api === 'compute' || api === 'volume') return Object.values(b ?? {}).some((f: any) => f?.code === code && typeof f.message === 'string');
  if (api === 'identity') return b?.error?.code === code;
  if (api === 'image') return b?.code === `${code} ${b?.title}`;
  return typeof b?.NeutronError?.type === 'string';
}

function requestsFor(route: RouteEntry): Sent[] {
  const url = fillParams(publicUrlOf(route.path), (name) => paramValues(w, route, name));
  if (route.method === 'POST' && route.path === '/_compute/servers/:server_id/action') {
    const keys = Object.keys(actionTable(n.novum.services, ...extraActions(n.novum.services)));
    return keys.map((k) => ({ method: 'POST', url, body: actionBody(w, k) }));
  }
  return [{ method: route.method, url, ...bodyFor(w, route) }];
}

test('every route: demo2 never reaches demo\'s resources, members never pass admin-only routes', async () => {
  for (const route of routes) {
    const kind = classify(w, route);
    for (const s of requestsFor(route)) {
      const r = await send(s, w.tokens.demo2);
      const api = apiOf(route.path);
      seen.set(`${kind} ${r.status}`, (seen.get(`${kind} ${r.status}`) ?? 0) + 1);
      const label = `${s.method} ${s.url} [${kind}] → ${r.status} ${r.text.slice(0, 160)}`;
      check(r.status < 500, label);
      scan(s, r);
      if (kind === 'admin') {
        check(r.status === 403 && faultOk(api, 403, r.body), label);
        if (api === 'compute') check(/^Policy doesn't allow [\w:-]+ to be performed\.$/.test(r.body?.forbidden?.message ?? ''), `policy message: ${label}`);
      } else if (kind === 'owned') {
        check((r.status === 404 || r.status === 403) && faultOk(api, r.status, r.body), label);
      } else {
        check(r.status < 500 && (r.status < 400 || faultOk(api, r.status, r.body)), label);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('another user of the same project does not see demo\'s keypair', async () => {
  for (const method of ['GET', 'DELETE']) {
    const r = await send({ method, url: `/v2.1/os-keypairs/${w.keypair}` }, w.tokens.demoPeer);
    assert.deepEqual(r.body, { itemNotFound: { code: 404, message: `Keypair ${w.keypair} not found for user ${(await n.novum.services.identity.findUser({ name: 'demo-peer' }))!.id}` } });
  }
  const list = await send({ method: 'GET', url: '/v2.1/os-keypairs' }, w.tokens.demoPeer);
  assert.deepEqual(list.body, { keypairs: [] });
});

/** Requests of demo2 that name demo's resources inside the body or query. */
function crossReferences(): Sent[] {
  const boot = (extra: Record<string, unknown>): Sent => ({ method: 'POST', url: '/v2.1/servers', body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', ...extra } } });
  const own = `/v2.1/servers/${w.demo2Server}`;
  return [
    boot({ imageRef: w.image }), boot({ flavorRef: w.flavor }), boot({ key_name: w.keypair }),
    boot({ block_device_mapping_v2: [{ boot_index: 0, uuid: w.volume, source_type: 'volume', destination_type: 'volume' }], imageRef: '' }),
    { ...boot({}), body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1' }, 'os:scheduler_hints': { group: w.serverGroup } } },
    { method: 'POST', url: `${own}/os-volume_attachments`, body: { volumeAttachment: { volumeId: w.volume } } },
    { method: 'POST', url: `${own}/action`, body: { addFloatingIp: { address: w.floatingIp.ip } } },
    { method: 'POST', url: `${own}/action`, body: { removeFloatingIp: { address: w.floatingIp.ip } } },
    { method: 'POST', url: `${own}/action`, body: { rebuild: { imageRef: w.image } } },
    { method: 'POST', url: `${own}/action`, body: { resize: { flavorRef: w.flavor } } },
    { method: 'POST', url: `${own}/action`, body: { rescue: { rescue_image_ref: w.image } } },
    { method: 'POST', url: '/v2.1/os-snapshots', body: { snapshot: { volume_id: w.volume } } },
    { method: 'POST', url: '/volume/v3/snapshots', body: { snapshot: { volume_id: w.volume } } },
    { method: 'POST', url: '/volume/v3/volumes', body: { volume: { size: 1, snapshot_id: w.snapshot } } },
    { method: 'POST', url: '/volume/v3/volumes', body: { volume: { size: 1, source_volid: w.volume } } },
    { method: 'POST', url: '/volume/v3/volumes', body: { volume: { size: 1, imageRef: w.image } } },
    { method: 'POST', url: '/v2.1/os-volumes', body: { volume: { size: 1, snapshot_id: w.snapshot } } },
    { method: 'POST', url: '/v2.1/os-volumes', body: { volume: { size: 1, imageRef: w.image } } },
    { method: 'GET', url: `/v2.1/${w.projects.demo}/servers` },
    { method: 'GET', url: `/volume/v3/${w.projects.demo}/volumes` },
    { method: 'GET', url: `/v2.1/os-quota-sets/${w.projects.demo}` },
    { method: 'GET', url: `/v2.1/os-quota-sets/${w.projects.demo}/detail` },
    { method: 'GET', url: `/v2.1/os-simple-tenant-usage/${w.projects.demo}` },
  ];
}

test('demo2 naming demo\'s resources in a body or URL gets a 4xx fault and nothing of demo\'s', async () => {
  const before = await counts();
  for (const s of crossReferences()) {
    const r = await send(s, w.tokens.demo2);
    const label = `${s.method} ${s.url} ${JSON.stringify(s.body ?? '')} → ${r.status} ${r.text.slice(0, 200)}`;
    check(r.status >= 400 && r.status < 500 && faultOk(s.url.startsWith('/volume') ? 'volume' : 'compute', r.status, r.body), label);
    scan(s, r);
  }
  assert.deepEqual(await counts(), before);
  assert.deepEqual(failures, []);
});

/** Lists and reports with filters that try to widen the view. */
const WIDENED = [
  '/v2.1/servers?all_tenants=1', '/v2.1/servers/detail?all_tenants=true&project_id=%DEMO%', '/v2.1/servers/detail?tenant_id=%DEMO%',
  '/v2.1/servers/detail?name=secret', '/v2.1/servers/detail?deleted=true&changes-since=2000-01-01T00:00:00Z',
  '/v2.1/servers/detail?ip=10.', '/v2.1/os-keypairs?user_id=%DEMOUSER%', '/v2.1/os-server-groups?all_projects=True',
  '/v2.1/os-volumes/detail?all_tenants=1', '/v2.1/os-snapshots/detail?all_tenants=1', '/v2.1/os-floating-ips?all_tenants=1',
  '/v2.1/images/detail?tenant_id=%DEMO%', '/v2.1/flavors/detail?is_public=None', '/v2.1/flavors/detail?is_public=false',
  '/v2.1/limits?tenant_id=%DEMO%', '/v2.1/os-quota-sets/%DEMO2%/detail', '/v2.1/os-simple-tenant-usage/%DEMO2%',
  '/image/v2/images?owner=%DEMO%', '/image/v2/images?visibility=private', '/image/v2/images?visibility=all',
  '/volume/v3/volumes/detail?all_tenants=1', '/volume/v3/volumes/detail?project_id=%DEMO%', '/volume/v3/snapshots/detail?all_tenants=1',
  '/networking/v2.0/ports?device_id=%SERVER%', '/networking/v2.0/ports?tenant_id=%DEMO%', '/networking/v2.0/floatingips?tenant_id=%DEMO%',
  '/networking/v2.0/floatingips?floating_ip_address=%FIP%', '/identity/v3/users', '/identity/v3/projects', `/identity/v3/users/%DEMO2USER%/projects`,
];

test('widened lists, limits, quotas and usage show demo2 nothing of demo\'s; its counters stay 0', async () => {
  const fill = (u: string): string => u.replace('%DEMO%', w.projects.demo).replace('%DEMO2%', w.projects.demo2)
    .replace('%DEMOUSER%', w.users.demo).replace('%DEMO2USER%', w.users.demo2).replace('%SERVER%', w.server).replace('%FIP%', w.floatingIp.ip);
  for (const u of WIDENED) {
    const s = { method: 'GET', url: fill(u) };
    const r = await send(s, w.tokens.demo2);
    check(r.status < 500, `${s.url} → ${r.status}`);
    scan(s, r);
  }
  const limits = (await send({ method: 'GET', url: '/v2.1/limits' }, w.tokens.demo2)).body.limits.absolute;
  for (const k of ['totalInstancesUsed', 'totalCoresUsed', 'totalRAMUsed', 'totalFloatingIpsUsed', 'totalServerGroupsUsed', 'totalSecurityGroupsUsed']) {
    // demo2 runs one server of its own (flavor 1: 1 vCPU, 512 MB)
    const own: Record<string, number> = { totalInstancesUsed: 1, totalCoresUsed: 1, totalRAMUsed: 512 };
    check(limits[k] === undefined || limits[k] === (own[k] ?? 0), `limits.${k} = ${limits[k]}`);
  }
  const usage = (await send({ method: 'GET', url: `/v2.1/os-quota-sets/${w.projects.demo2}/detail` }, w.tokens.demo2)).body.quota_set;
  check(usage.key_pairs.in_use === 0 && usage.server_groups.in_use === 0 && usage.floating_ips.in_use === 0, `quota detail ${JSON.stringify(usage)}`);
  assert.deepEqual(failures, []);
});

async function counts(): Promise<Record<string, number>> {
  const db = n.novum.store.db;
  const out: Record<string, number> = {};
  for (const t of ['instances', 'volumes', 'keypairs', 'images', 'flavors'] as const) {
    const r = await db.selectFrom(t).select(db.fn.countAll<number>().as('c')).executeTakeFirstOrThrow();
    out[t] = Number(r.c);
  }
  return out;
}

test('no token, an expired token and a revoked token are 401 with each API\'s body on every protected route', async () => {
  const short = await startNovum({ auth: 'keystone', tokenTtl: 1 });
  try {
    const expired = await tokenFor(short, 'demo');
    const revoked = await tokenFor(short, 'demo');
    const admin = await tokenFor(short, 'admin');
    const del = await short.request('DELETE', '/identity/v3/auth/tokens', { token: admin, headers: { 'x-subject-token': revoked } });
    assert.equal(del.status, 204);
    await short.waitFor('/v2.1/servers', (r) => r.status === 401, { token: expired, timeoutMs: 10_000 });
    for (const route of routeInventory(short)) {
      if (PUBLIC.has(`${route.method} ${route.path}`)) continue;
      const url = fillParams(publicUrlOf(route.path), () => 'x');
      const api = apiOf(route.path);
      for (const [label, token] of [['none', null], ['expired', expired], ['revoked', revoked]] as const) {
        stats.requests++;
        const r = await short.request(route.method, url, { token, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
        check(r.status === 401 && FAULT_401[api](r.body), `${label} token: ${route.method} ${url} → ${r.status} ${r.text.slice(0, 200)}`);
      }
    }
  } finally {
    await short.close();
  }
  assert.deepEqual(failures, []);
});

test('the matrix knows every route it skips', () => {
  for (const key of [...ADMIN_ONLY, ...PUBLIC]) {
    assert.ok(routes.some((r) => `${r.method} ${r.path}` === key), `stale matrix entry: ${key}`);
  }
});
