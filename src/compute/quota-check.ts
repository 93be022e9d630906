/**
 * Quota checks that decide on a count (Nova: Quotas.check_deltas with limit_check_project_and_user
 * and compute/utils.py check_num_instances_quota). Each runs inside the caller's transaction after
 * taking the quota lock, so the count it reads and the rows the caller then writes form one step:
 * two requests never both take the last unit (PostgreSQL: an advisory lock; SQLite: BEGIN
 * IMMEDIATE already runs write transactions one at a time).
 */
import type { Kysely } from 'kysely';
import { forbidden, type NovaError } from '../errors.js';
import { lockInTransaction, type Engine } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { instanceUsage, type InstanceUsage } from './usage.js';

/** The limits a check compares with: the project's, and the user's (the project's where unset). */
export interface QuotaScopes {
  readonly project: Readonly<Record<string, number>>;
  readonly user: Readonly<Record<string, number>>;
  /** the resources the user has limits of their own for */
  readonly userOwn: ReadonlySet<string>;
}

/** Takes the transaction-scoped lock for one quota counter (`quota:<key>`). */
export const lockQuota = (trx: Kysely<Database>, engine: Engine, key: string): Promise<void> =>
  lockInTransaction(trx, engine, `quota:${key}`);

/**
 * Nova: a resource counted per user only (key pairs, group members) is checked against the
 * smaller of the project's and the user's limit, compared as plain numbers — so -1 in either
 * makes it unlimited.
 */
export const mergedLimit = (s: QuotaScopes, resource: string): number => Math.min(s.project[resource], s.user[resource]);

/** `used + delta` within `limit` (-1 or lower: unlimited). */
export const fits = (limit: number, used: number, delta: number): boolean => limit < 0 || used + delta <= limit;

/** Counts a single-unit resource in the transaction and refuses with `refusal` when it is full. */
export async function checkOne(count: () => Promise<number>, limit: number, refusal: () => NovaError): Promise<void> {
  if (limit < 0) return;
  if (!fits(limit, await count(), 1)) throw refusal();
}

type Res = 'instances' | 'cores' | 'ram';
const RESOURCES: readonly Res[] = ['cores', 'instances', 'ram'];

interface Over {
  readonly overs: Res[];
  readonly quotas: Readonly<Record<string, number>>;
  readonly usages: InstanceUsage;
}

/** Nova: limit_check_project_and_user — project over first, else user over; sorted resource names. */
function overs(deltas: InstanceUsage, s: QuotaScopes, project: InstanceUsage, user: InstanceUsage | null, keys = RESOURCES): Over | null {
  const found: Res[] = [];
  let overUser = false;
  for (const r of keys) {
    if (!fits(s.project[r], project[r], deltas[r])) found.push(r);
    else if (user && !fits(s.user[r], user[r], deltas[r])) {
      found.push(r);
      overUser = true;
    }
  }
  if (found.length === 0) return null;
  return { overs: found, quotas: overUser ? s.user : s.project, usages: overUser && user ? user : project };
}

/** Nova: TooManyInstances — "Quota exceeded for cores, instances: Requested 2, 1, but already used ...". */
export function tooManyInstances(o: Over, requested: Readonly<Record<Res, number | string>>, headroom: Readonly<Record<Res, number>>): NovaError {
  const list = (f: (r: Res) => number | string): string => o.overs.map(f).join(', ');
  const names = o.overs.join(', ');
  return forbidden(`Quota exceeded for ${names}: Requested ${list((r) => requested[r])}, `
    + `but already used ${list((r) => o.quotas[r] - headroom[r])} of ${list((r) => o.quotas[r])} ${names}`);
}

/** Nova: compute/utils.py get_headroom — unlimited cores and ram follow the instance headroom. */
function headroomOf(o: Over, deltas: InstanceUsage): Record<Res, number> {
  const h = { instances: o.quotas.instances - o.usages.instances, cores: o.quotas.cores - o.usages.cores, ram: o.quotas.ram - o.usages.ram };
  if (o.quotas.cores === -1) h.cores = deltas.cores ? (h.instances * deltas.cores) / (deltas.instances || 1) : h.instances;
  if (o.quotas.ram === -1) h.ram = deltas.ram ? (h.instances * deltas.ram) / (deltas.instances || 1) : h.instances;
  return h;
}

export interface InstanceRequest {
  readonly projectId: string;
  readonly userId: string;
  readonly vcpus: number;
  readonly memoryMb: number;
  readonly minCount: number;
  readonly maxCount: number;
}

/**
 * How many servers of this flavor fit (Nova: check_num_instances_quota): max_count when they do,
 * else the most that fit if at least min_count, else 403 TooManyInstances. The user's servers are
 * counted too when the user has instance, core or ram limits of their own.
 */
export async function allowedInstances(trx: Kysely<Database>, engine: Engine, q: InstanceRequest, s: QuotaScopes): Promise<number> {
  await lockQuota(trx, engine, q.projectId);
  const userScoped = ['instances', 'cores', 'ram'].some((r) => s.userOwn.has(r));
  const project = await instanceUsage(trx, engine, q.projectId);
  const user = userScoped ? await instanceUsage(trx, engine, q.projectId, q.userId) : null;
  const deltasFor = (n: number): InstanceUsage => ({ instances: n, cores: n * q.vcpus, ram: n * q.memoryMb });
  const first = overs(deltasFor(q.maxCount), s, project, user);
  if (!first) return q.maxCount;
  const deltas = deltasFor(q.maxCount);
  const headroom = headroomOf(first, deltas);
  // Nova: an unlimited instance count gives a negative headroom here, so going over cores or ram
  // refuses the request rather than building fewer servers.
  let allowed = headroom.instances;
  if (q.vcpus) allowed = Math.min(allowed, Math.floor(headroom.cores / q.vcpus));
  if (q.memoryMb) allowed = Math.min(allowed, Math.floor(headroom.ram / q.memoryMb));
  if (allowed > 0 && q.minCount <= allowed && allowed <= q.maxCount && !overs(deltasFor(allowed), s, project, user)) return allowed;
  const instances = q.minCount === q.maxCount ? String(q.minCount) : `${q.minCount}-${q.maxCount}`;
  throw tooManyInstances(first, { instances, cores: deltas.cores, ram: deltas.ram }, headroom);
}

/**
 * Resize to a bigger flavor (Nova: _check_quota_for_upsize): the growth in cores and ram must fit
 * both the project's and the server owner's limits.
 */
export async function checkUpsize(trx: Kysely<Database>, engine: Engine, owner: { projectId: string; userId: string }, growth: { cores: number; ram: number }, s: QuotaScopes): Promise<void> {
  const deltas: InstanceUsage = { instances: 0, cores: Math.max(0, growth.cores), ram: Math.max(0, growth.ram) };
  if (deltas.cores === 0 && deltas.ram === 0) return;
  if (['cores', 'ram'].every((r) => s.project[r] < 0 && s.user[r] < 0)) return;
  await lockQuota(trx, engine, owner.projectId);
  const project = await instanceUsage(trx, engine, owner.projectId);
  const user = await instanceUsage(trx, engine, owner.projectId, owner.userId);
  // Nova: cores and ram are checked (a zero growth too), instances not.
  const found = overs(deltas, s, project, user, ['cores', 'ram']);
  if (!found) return;
  throw tooManyInstances(found, { instances: 0, cores: deltas.cores, ram: deltas.ram }, headroomOf(found, deltas));
}

/** Nova: limit_check — a value over the project's or the user's limit is over. */
const withinBoth = (s: QuotaScopes, resource: string, value: number): boolean =>
  fits(s.project[resource], 0, value) && fits(s.user[resource], 0, value);

/** Nova: MetadataLimitExceeded (server create and the server metadata API). */
export function checkMetadataItems(count: number, s: QuotaScopes): void {
  if (count > 0 && !withinBoth(s, 'metadata_items', count)) {
    throw forbidden(`Maximum number of metadata items exceeds ${s.project.metadata_items}`);
  }
}

/**
 * Nova: _check_injected_file_quota — the number of files first, then the longest path and the
 * largest content (the path is reported when both are over).
 */
export function checkInjectedFiles(files: ReadonlyArray<{ path: string; contents: string }>, s: QuotaScopes): void {
  if (files.length === 0) return;
  if (!withinBoth(s, 'injected_files', files.length)) throw forbidden('Personality file limit exceeded');
  // Nova: len() of the path string (characters) and of the decoded content (bytes).
  const maxPath = Math.max(...files.map((f) => [...f.path].length));
  const maxContent = Math.max(...files.map((f) => Buffer.from(f.contents, 'base64').length));
  if (!withinBoth(s, 'injected_file_path_bytes', maxPath)) {
    throw forbidden(`Personality file path exceeds maximum ${s.project.injected_file_path_bytes}`);
  }
  if (!withinBoth(s, 'injected_file_content_bytes', maxContent)) {
    throw forbidden(`Personality file content exceeds maximum ${s.project.injected_file_content_bytes}`);
  }
}
