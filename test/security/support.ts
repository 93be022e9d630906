/**
 * Shared by the isolation and fuzz tests: the inventory of every route the running Novum serves
 * (read from Fastify's own route tree, so a new route is covered without editing a list),
 * Keystone tokens issued through the identity domain, and a seeded PRNG.
 */
import assert from 'node:assert/strict';
import type { TestNovum } from '../helpers.js';
import { computeRoutes } from '../../src/api/compute/routes.js';

/** One route: method and Fastify path as registered (`/_compute/...` for compute). */
export interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

const TREE_LINE = /^((?:[│ ] {3})*)[├└]── (\S+?)(?: \(([A-Z, ]+)\))?$/;

/**
 * Parses `printRoutes({ commonPrefix: false })`: each line is a path segment below its parent,
 * with the methods registered on it. HEAD routes Fastify adds for GET are left out.
 */
export function routeInventory(n: TestNovum): RouteEntry[] {
  const text = n.novum.http.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: RouteEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = TREE_LINE.exec(line);
    assert.ok(m, `unparsed route line: ${line}`);
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('');
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') out.push({ method, path });
    }
  }
  // The parser must see every compute route the route table defines.
  const seen = new Set(out.map((r) => `${r.method} ${r.path.replace(/:[\w|:]+/g, ':p')}`));
  for (const def of computeRoutes(n.novum.services)) {
    const key = `${def.method} /_compute${def.path.replace(/:[\w]+/g, ':p')}`;
    assert.ok(seen.has(key), `route inventory misses ${key}`);
  }
  return out;
}

/** The URL a client uses for a route path (compute paths are served below /v2.1). */
export function publicUrlOf(path: string): string {
  if (path === '/_versions') return '/';
  if (path.startsWith('/_version/')) return path.replace('/_version/', '/');
  if (path.startsWith('/_compute/')) return `/v2.1/${path.slice('/_compute/'.length)}`;
  return path;
}

/** Which API a route belongs to, by its first path segment. */
export function apiOf(path: string): 'compute' | 'identity' | 'image' | 'network' | 'volume' {
  if (path.startsWith('/identity')) return 'identity';
  if (path.startsWith('/image')) return 'image';
  if (path.startsWith('/networking')) return 'network';
  if (path.startsWith('/volume')) return 'volume';
  return 'compute';
}

/** A token for `user` scoped to `project`, issued by the identity domain (no password needed). */
export async function tokenFor(n: TestNovum, user: string, project = user): Promise<string> {
  const identity = n.novum.services.identity;
  const u = await identity.findUser({ name: user });
  assert.ok(u, `no user ${user}`);
  const scope = await identity.scopeFor(u, { name: project, domain: { name: 'Default' } });
  assert.ok(scope, `${user} has no role on ${project}`);
  const info = await identity.issue(u, scope, ['password']);
  return info.token!;
}

/** Adds user `name` with the member role on `project` (through the directory). */
export async function addMember(n: TestNovum, name: string, project: string): Promise<void> {
  const dir = n.novum.services.identity.directory;
  const p = await dir.projectByName('default', project);
  const role = (await dir.roles({ name: 'member' }))[0];
  assert.ok(p && role);
  const id = `${name.replace(/\W/g, '')}00000000000000000000000000000000`.slice(0, 32);
  await dir.createUser({ id, name, domain_id: 'default', password_hash: 'x', default_project_id: p.id, enabled: 1 });
  await dir.assign(id, p.id, role.id);
}

/** xorshift32: a small deterministic PRNG. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.#s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#s = x >>> 0;
    return this.#s / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Replaces each `:name` (or `:a|:b`, two names on one node) in a route path by value(name). */
export function fillParams(path: string, value: (name: string) => string): string {
  return path.replace(/:(\w+(?:\|:\w+)*)/g, (_m, name: string) => encodeURIComponent(value(name)));
}
