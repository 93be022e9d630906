/**
 * Usage reports (Nova: os-simple-tenant-usage): for a period, every server that ran in it —
 * deleted ones included — with the hours it ran inside the period, summed per project into
 * vCPU-, RAM- and disk-hours. Times are kept as microseconds since the epoch, as Nova's
 * datetimes are microsecond-precise.
 */
import { sql, type Kysely } from 'kysely';
import { badRequest } from '../errors.js';
import type { Database, Instance } from '../store/schema.js';
import { parseFlavor, type EmbeddedFlavor } from './embedded-flavor.js';

const US_PER_SECOND = 1_000_000;
const US_PER_HOUR = 3600 * US_PER_SECOND;

/** One server's usage in the period (the keys are Nova's). */
export interface ServerUsage {
  instance_id: string;
  name: string;
  hours: number;
  memory_mb: number;
  local_gb: number;
  vcpus: number;
  tenant_id: string;
  flavor: string;
  started_at: string;
  ended_at: string | null;
  state: string;
  uptime: number;
}

/** A project's totals for the period; `server_usages` when detailed. */
export interface TenantUsage {
  tenant_id: string;
  start: string;
  stop: string;
  total_hours: number;
  total_local_gb_usage: number;
  total_memory_mb_usage: number;
  total_vcpus_usage: number;
  server_usages?: ServerUsage[];
}

/** A report period in microseconds since the epoch; `stop` is never later than now. */
export interface UsagePeriod {
  readonly start: number;
  readonly stop: number;
}

export interface UsageQuery {
  readonly period: UsagePeriod;
  /** one project, or every project */
  readonly tenantId?: string;
  readonly detailed: boolean;
  readonly limit: number;
  /** an instance uuid: the report continues after it (paging from 2.40) */
  readonly marker?: string;
}

let lastNow = 0;
/** Now, in microseconds, strictly later on each call (Nova takes utcnow per bound: start < end holds). */
function microNow(): number {
  lastNow = Math.max(Date.now() * 1000, lastNow + 1);
  return lastNow;
}

const FORMATS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,6})$/,
];

/** Nova: `%Y-%m-%dT%H:%M:%S`, `%Y-%m-%dT%H:%M:%S.%f` or `%Y-%m-%d %H:%M:%S.%f`; absent or empty means now. */
export function parseUsageTime(value: string | undefined): number {
  if (value === undefined || value === '') return microNow();
  const m = FORMATS.map((re) => re.exec(value)).find((x) => x !== null);
  const invalid = badRequest('Invalid datetime string: Datetime is in invalid format');
  if (!m) throw invalid;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (y < 1 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) throw invalid;
  return date.getTime() * 1000 + Number((m[7] ?? '').padEnd(6, '0'));
}

/** The period from the `start` and `end` query values; the end is clipped to now (Nova). */
export function usagePeriod(start: string | undefined, end: string | undefined): UsagePeriod {
  const from = parseUsageTime(start);
  const to = parseUsageTime(end);
  if (!(from < to)) throw badRequest('Invalid start time. The start time cannot occur after the end time.');
  return { start: from, stop: Math.min(to, microNow()) };
}

/** Nova's datetime rendering: `2012-10-08T20:10:44.587336` (always six fraction digits). */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = ((us % US_PER_SECOND) + US_PER_SECOND) % US_PER_SECOND;
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(frac).padStart(6, '0')}`;
}

/** A stored timestamp (`2026-01-01T12:00:00.123000Z`) in microseconds. */
function storedMicros(stored: string): number {
  const frac = /\.(\d{1,6})/.exec(stored)?.[1] ?? '';
  return Date.parse(`${stored.slice(0, 19)}Z`) * 1000 + Number(frac.padEnd(6, '0'));
}

/** The store's timestamp form of a period bound, comparable as text. */
const storedForm = (us: number): string => `${formatMicros(us)}Z`;

/** Nova: _hours_for — the part of [launched, terminated] inside the period, in hours. */
function hoursFor(launched: number, terminated: number | null, p: UsagePeriod): number {
  if (terminated !== null && terminated < p.start) return 0;
  if (launched > p.stop) return 0;
  const start = Math.max(launched, p.start);
  const stop = terminated !== null ? Math.min(p.stop, terminated) : p.stop;
  return (stop - start) / US_PER_HOUR;
}

export class UsageReporter {
  constructor(private readonly db: Kysely<Database>) {}

  /** Per-project usage (projects in the order their first server appears) and every server's usage. */
  async report(q: UsageQuery): Promise<{ tenants: TenantUsage[]; servers: ServerUsage[] }> {
    const rows = await this.#instances(q);
    const tenants = new Map<string, TenantUsage>();
    const servers: ServerUsage[] = [];
    const now = microNow();
    for (const inst of rows) {
      const info = serverUsage(inst, q.period, now);
      let t = tenants.get(info.tenant_id);
      if (!t) {
        t = {
          tenant_id: info.tenant_id, start: formatMicros(q.period.start), stop: formatMicros(q.period.stop),
          total_hours: 0, total_local_gb_usage: 0, total_memory_mb_usage: 0, total_vcpus_usage: 0,
          ...(q.detailed ? { server_usages: [] } : {}),
        };
        tenants.set(info.tenant_id, t);
      }
      t.total_local_gb_usage += info.local_gb * info.hours;
      t.total_vcpus_usage += info.vcpus * info.hours;
      t.total_memory_mb_usage += info.memory_mb * info.hours;
      t.total_hours += info.hours;
      t.server_usages?.push(info);
      servers.push(info);
    }
    return { tenants: [...tenants.values()], servers };
  }

  /** Nova: InstanceList.get_active_by_window_joined — launched before the end, not terminated before the start. */
  async #instances(q: UsageQuery): Promise<Instance[]> {
    let query = this.db.selectFrom('instances').selectAll()
      .where((eb) => eb.or([eb('terminated_at', 'is', null), eb('terminated_at', '>', storedForm(q.period.start))]))
      .where('launched_at', '<', storedForm(q.period.stop));
    if (q.tenantId !== undefined) query = query.where('project_id', '=', q.tenantId);
    if (q.marker !== undefined) {
      const marker = await this.db.selectFrom('instances').select('id').where('uuid', '=', q.marker).executeTakeFirst();
      if (!marker) throw badRequest(`Marker ${q.marker} could not be found.`);
      query = query.where('id', '>', marker.id);
    }
    return query.orderBy(sql.ref('id')).limit(q.limit).execute();
  }
}

function serverUsage(inst: Instance, period: UsagePeriod, now: number): ServerUsage {
  const launched = storedMicros(inst.launched_at as string);
  const terminated = inst.terminated_at === null ? null : storedMicros(inst.terminated_at);
  const f = flavorOf(inst);
  return {
    instance_id: inst.uuid, name: inst.display_name, hours: hoursFor(launched, terminated, period),
    memory_mb: f?.memory_mb ?? 0, local_gb: (f?.root_gb ?? 0) + (f?.ephemeral_gb ?? 0), vcpus: f?.vcpus ?? 0,
    tenant_id: inst.project_id, flavor: f?.name ?? '',
    started_at: formatMicros(launched), ended_at: terminated === null ? null : formatMicros(terminated),
    state: terminated === null ? inst.vm_state : 'terminated',
    uptime: Math.trunc(((terminated ?? now) - launched) / US_PER_SECOND),
  };
}

function flavorOf(inst: Instance): EmbeddedFlavor | null {
  try {
    return parseFlavor(inst.flavor);
  } catch {
    return null;
  }
}
