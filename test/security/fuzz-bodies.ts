/**
 * Valid starting bodies for the fuzz test, per route: the seed's request examples, Nova's own
 * `*-req.json` samples (matched to a route by their top-level key), and a handwritten minimal body
 * for routes neither covers. Also the mutations applied to them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RouteEntry } from './support.js';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const norm = (p: string): string => p.replace(/:[\w|:]+/g, ':p');

/** Routes by the top-level key of a sample body. */
const SAMPLE_KEYS: Readonly<Record<string, readonly string[]>> = {
  server: ['POST /_compute/servers', 'POST /_compute/os-volumes_boot'],
  keypair: ['POST /_compute/os-keypairs'],
  volume: ['POST /_compute/os-volumes'],
  snapshot: ['POST /_compute/os-snapshots'],
  flavor: ['POST /_compute/flavors'],
  quota_set: ['PUT /_compute/os-quota-sets/:p'],
  quota_class_set: ['PUT /_compute/os-quota-class-sets/:p'],
  server_group: ['POST /_compute/os-server-groups'],
  volumeAttachment: ['POST /_compute/servers/:p/os-volume_attachments'],
  remote_console: ['POST /_compute/servers/:p/remote-consoles'],
  metadata: ['POST /_compute/servers/:p/metadata', 'PUT /_compute/servers/:p/metadata', 'POST /_compute/images/:p/metadata'],
  meta: ['PUT /_compute/servers/:p/metadata/:p', 'PUT /_compute/images/:p/metadata/:p'],
  extra_specs: ['POST /_compute/flavors/:p/os-extra_specs'],
  pool: ['POST /_compute/os-floating-ips'],
  addTenantAccess: ['POST /_compute/flavors/:p/action'],
  removeTenantAccess: ['POST /_compute/flavors/:p/action'],
  status: ['PUT /_compute/os-hosts/:p'],
  host: ['PUT /_compute/os-services/:p'],
};

/** Handwritten minimal valid bodies (`:p` for every parameter). */
function handwritten(ids: { volume: string; image: string; project: string }): Record<string, unknown[]> {
  return {
    'PUT /_compute/servers/:p': [{ server: { name: 'renamed' } }],
    'PUT /_compute/servers/:p/os-volume_attachments/:p': [{ volumeAttachment: { volumeId: ids.volume } }],
    'PUT /_compute/flavors/:p': [{ flavor: { description: 'd' } }],
    'PUT /_compute/flavors/:p/os-extra_specs/:p': [{ k1: 'v2' }],
    'PUT /_compute/images/:p/metadata': [{ metadata: { a: 'b' } }],
    'POST /_compute/flavors/:p/os-extra_specs': [{ extra_specs: { k1: 'v1' } }],
    'POST /volume/v3/volumes': [{ volume: { size: 1, name: 'v' } }],
    'POST /volume/v3/:p/volumes': [{ volume: { size: 1, name: 'v' } }],
    'POST /volume/v3/snapshots': [{ snapshot: { volume_id: ids.volume, name: 's' } }],
    'POST /volume/v3/:p/snapshots': [{ snapshot: { volume_id: ids.volume, name: 's' } }],
    'POST /image/v2/images': [{ name: 'i', disk_format: 'qcow2', container_format: 'bare', visibility: 'private' }],
    'PATCH /image/v2/images/:p': [[{ op: 'replace', path: '/name', value: 'x' }, { op: 'add', path: '/foo', value: 'bar' }]],
    'POST /identity/v3/auth/tokens': [{
      auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'wrong' } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } },
    }],
    'POST /identity/v2.0/tokens': [{ auth: { passwordCredentials: { username: 'admin', password: 'wrong' }, tenantName: 'admin' } }],
    'POST /identity/v3/projects': [{ project: { name: 'fuzz-project', description: 'd', enabled: true } }],
    'POST /identity/v3/users': [{ user: { name: 'fuzz-user', password: 'p', default_project_id: ids.project, enabled: true } }],
  };
}

function samples(): unknown[] {
  const out: unknown[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('-req.json')) {
        try {
          out.push(JSON.parse(readFileSync(full, 'utf8')));
        } catch {
          // a few samples are templates, not JSON
        }
      }
    }
  };
  walk(path.join(SHARED, 'nova-api-samples'));
  return out;
}

interface Operation { method: string; path: string; examples: unknown[]; no_request_body?: boolean }

/** Valid starting bodies per route key (`METHOD /path` as registered). */
export function startingBodies(routes: readonly RouteEntry[], actionKeys: ReadonlySet<string>, ids: { volume: string; image: string; project: string }): Map<string, unknown[]> {
  const byNorm = new Map(routes.map((r) => [`${r.method} ${norm(r.path)}`, `${r.method} ${r.path}`]));
  const out = new Map<string, unknown[]>();
  const add = (normKey: string, body: unknown): void => {
    const key = byNorm.get(normKey);
    if (!key) return;
    const list = out.get(key) ?? [];
    if (!list.some((b) => JSON.stringify(b) === JSON.stringify(body))) list.push(body);
    out.set(key, list);
  };
  for (const [k, bodies] of Object.entries(handwritten(ids))) for (const b of bodies) add(k, b);
  const ops = JSON.parse(readFileSync(path.join(SHARED, 'seed/operations.json'), 'utf8')) as Operation[];
  for (const op of ops) {
    if ((op.method !== 'POST' && op.method !== 'PUT') || !op.examples.length || typeof op.examples[0] !== 'object') continue;
    const p = op.path.replace(/^\/v2\/\{tenant_id\}/, '/_compute').replace(/\{\w+\}/g, ':p');
    add(`${op.method} ${p}`, op.examples[0]);
  }
  for (const body of samples()) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
    const keys = Object.keys(body);
    if (keys.length === 1 && actionKeys.has(keys[0])) add('POST /_compute/servers/:p/action', body);
    for (const k of keys) for (const route of SAMPLE_KEYS[k] ?? []) add(route, body);
  }
  return out;
}

/** Deep nesting: 1000 levels of `{"a": ...}`. */
export function deep(levels = 1000): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

const HUGE = 'a'.repeat(100 * 1024);

/** Replacements for one field: wrong types, huge, deep, odd unicode. */
export const REPLACEMENTS: readonly unknown[] = [
  0, -1, 1.5, 2 ** 53, 1e308, 'x', '', '   ', true, false, null, [], {}, [null], { a: 'b' }, HUGE, '\u0000', 'a\u0000b',
  '\ud800', '\udfff x', '𝕏🙂', '\u202eevil', '../../etc/passwd', "'; drop table instances; --", '%s%n%x', '.*', '[', '-1', '1e309', 'NaN',
];

/** Every path (list of keys) to a value inside body, objects and arrays included, up to depth 5. */
export function leafPaths(body: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 5 || body === null || typeof body !== 'object') return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(body) ? body.map((v, i) => [i, v]) : Object.entries(body);
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    out.push(...leafPaths(v, [...prefix, k], depth + 1));
  }
  return out;
}

/** A copy of body with the value at path replaced (or removed when `remove`), or an extra key added beside it. */
export function mutate(body: unknown, at: (string | number)[], op: { set?: unknown; remove?: boolean; extra?: boolean }): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  if (op.remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (op.extra) {
    if (!Array.isArray(node)) node['fuzz_extra_key'] = 'x';
  } else {
    node[last] = op.set;
  }
  return copy;
}
