/**
 * GET /v2/images query handling: filters, sort keys and marker paging, applied to the images a
 * viewer may list. Unknown query keys filter on additional properties, as Glance does.
 */
import type { Image } from '../../image/service.js';
import { glanceBadRequest } from './errors.js';

type Query = Record<string, string | string[] | undefined>;

const SORT_KEYS = new Set(['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at', 'min_ram', 'min_disk', 'visibility', 'owner', 'protected']);
const VISIBILITIES = new Set(['public', 'private', 'shared', 'community', 'all']);
const NOT_FILTERS = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'member_status']);
const DEFAULT_LIMIT = 25;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The parsed list request. */
export interface ListRequest {
  readonly limit: number;
  readonly marker?: string;
  readonly sort: ReadonlyArray<{ key: string; dir: 'asc' | 'desc' }>;
  readonly visibility?: string;
  readonly match: (image: Image) => boolean;
}

function parseLimit(raw: string | undefined, max: number): number {
  if (raw === undefined) return Math.min(DEFAULT_LIMIT, max);
  if (!/^-?\d+$/.test(raw)) throw glanceBadRequest('limit param must be an integer');
  const n = Number(raw);
  if (n < 0) throw glanceBadRequest('limit param must be positive');
  return Math.min(n, max);
}

function parseSort(q: Query): Array<{ key: string; dir: 'asc' | 'desc' }> {
  const dirOf = (d: string | undefined): 'asc' | 'desc' => {
    if (d === undefined || d === 'desc') return 'desc';
    if (d === 'asc') return 'asc';
    throw glanceBadRequest(`Invalid sort direction: ${d}`);
  };
  const checkKey = (k: string): string => {
    if (!SORT_KEYS.has(k)) throw glanceBadRequest(`Invalid sort key: ${k}. It must be one of the following: ${[...SORT_KEYS].join(', ')}.`);
    return k;
  };
  const sort = first(q.sort);
  if (sort !== undefined) {
    return sort.split(',').map((part) => {
      const [k, d] = part.trim().split(':');
      return { key: checkKey(k), dir: dirOf(d) };
    });
  }
  const keys = all(q.sort_key);
  const dirs = all(q.sort_dir);
  if (keys.length === 0) return [{ key: 'created_at', dir: dirOf(dirs[0]) }];
  return keys.map((k, i) => ({ key: checkKey(k), dir: dirOf(dirs[i] ?? dirs[0]) }));
}

/** `in:a,b` lists or a plain value. */
const anyOf = (raw: string): string[] => (raw.startsWith('in:') ? raw.slice(3).split(',').map((s) => s.replace(/^"|"$/g, '')) : [raw]);

function fieldValue(image: Image, key: string): unknown {
  const core = (image as unknown as Record<string, unknown>)[key];
  return core !== undefined ? core : image.properties[key];
}

function matcher(q: Query, visibility: string | undefined): (image: Image) => boolean {
  const tests: Array<(i: Image) => boolean> = [];
  for (const [key, value] of Object.entries(q)) {
    if (NOT_FILTERS.has(key) || value === undefined) continue;
    if (key === 'tag') {
      const tags = all(value);
      tests.push((i) => tags.every((t) => i.tags.includes(t)));
      continue;
    }
    const raw = first(value)!;
    if (key === 'visibility') continue;
    if (key === 'size_min') tests.push((i) => (i.size ?? 0) >= Number(raw));
    else if (key === 'size_max') tests.push((i) => (i.size ?? 0) <= Number(raw));
    else if (key === 'protected' || key === 'os_hidden') tests.push((i) => String(i[key]) === raw.toLowerCase());
    else tests.push((i) => anyOf(raw).includes(String(fieldValue(i, key) ?? '')));
  }
  if (q.os_hidden === undefined) tests.push((i) => !i.os_hidden);
  if (visibility !== undefined && visibility !== 'all') tests.push((i) => i.visibility === visibility);
  return (image) => tests.every((t) => t(image));
}

export function parseListRequest(q: Query, maxLimit: number): ListRequest {
  const visibility = first(q.visibility);
  if (visibility !== undefined && !VISIBILITIES.has(visibility)) throw glanceBadRequest(`Invalid visibility value: ${visibility}`);
  return { limit: parseLimit(first(q.limit), maxLimit), marker: first(q.marker), sort: parseSort(q), visibility, match: matcher(q, visibility) };
}

function compare(a: Image, b: Image, sort: ListRequest['sort']): number {
  for (const { key, dir } of [...sort, { key: 'id', dir: sort[sort.length - 1]?.dir ?? 'desc' } as const]) {
    const x = fieldValue(a, key);
    const y = fieldValue(b, key);
    if (x === y) continue;
    const c = x === null || x === undefined ? -1 : y === null || y === undefined ? 1 : x < y ? -1 : 1;
    return dir === 'asc' ? c : -c;
  }
  return 0;
}

/** Filters, sorts and cuts one page; `more` says whether another page follows. */
export function page(images: readonly Image[], r: ListRequest): { items: Image[]; more: boolean } {
  const sorted = images.filter(r.match).sort((a, b) => compare(a, b, r.sort));
  let start = 0;
  if (r.marker !== undefined) {
    const at = sorted.findIndex((i) => i.id === r.marker);
    if (at === -1) {
      if (!images.some((i) => i.id === r.marker)) throw glanceBadRequest(`Invalid marker. Image ${r.marker} could not be found.`);
      start = sorted.findIndex((i) => compare(i, images.find((m) => m.id === r.marker)!, r.sort) > 0);
      if (start === -1) start = sorted.length;
    } else {
      start = at + 1;
    }
  }
  const items = sorted.slice(start, start + r.limit);
  return { items, more: start + r.limit < sorted.length };
}

/** The query string of a next/first link: the request's own parameters with a new marker. */
export function linkQuery(q: Query, marker: string | null, limit: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (k === 'marker' || k === 'limit') continue;
    for (const x of all(v)) params.append(k, x);
  }
  if (marker !== null) {
    params.append('marker', marker);
    params.append('limit', String(limit));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
