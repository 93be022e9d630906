/** Timestamps as Novum stores them: ISO-8601 UTC with microseconds, e.g. 2026-01-01T12:00:00.123000Z. */
export function nowIso(date: Date = new Date()): string {
  // toISOString ends in .sssZ: three more digits of microseconds.
  return `${date.toISOString().slice(0, -1)}000Z`;
}

export function isoPlusSeconds(seconds: number, from: Date = new Date()): string {
  return nowIso(new Date(from.getTime() + seconds * 1000));
}

/** Nova's `created`/`updated`: 2012-08-20T21:11:09Z */
export function isoSeconds(stored: string | null): string | null {
  return stored === null ? null : `${stored.slice(0, 19)}Z`;
}

/** Nova's datetime with microseconds and no zone, as in launched_at: 2013-09-23T13:37:00.880302 */
export function isoMicros(stored: string | null): string | null {
  return stored === null ? null : stored.slice(0, 26);
}

const ISO_8601 = /^(\d{4})-?(\d{2})(?:-?(\d{2}))?(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Milliseconds of an ISO 8601 date or date-time as Nova's `timeutils.parse_isotime` (the iso8601
 * library) reads it: `2011-01-01`, `2011-01-01T10:00:00.5+02:00`, basic `20110101T1000Z`; no
 * zone means UTC. NaN for anything else (`2011/01/01`, `yesterday`, an impossible day).
 */
export function parseIsoTime(text: string): number {
  const m = ISO_8601.exec(text.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d = '01', h = '00', mi = '00', s = '00', frac = '0', zone = 'Z'] = m;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  const tz = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0').slice(0, 3)}${tz}`;
  const t = Date.parse(iso);
  const back = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Date.parse rolls 2011-02-30 over to March; iso8601 refuses it.
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return Number.NaN;
  return t;
}
