/** Timestamps as Novum stores them: ISO-8601 UTC with microseconds, e.g. 2026-01-01T12:00:00.123000Z. */
export function nowIso(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
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
