/**
 * Server list filters of later microversions (Nova: db/main/api.py instance_get_all_by_filters):
 * changes-before (2.66), locked (2.73), and the columns members may filter on from 2.83 (admins
 * always could): exact matches for states, user and numbers, regular expressions for the rest.
 */
import type { SelectQueryBuilder } from 'kysely';
import { regexpMatch, type Engine } from '../store/dialect.js';
import type { Database } from '../store/schema.js';

/** Columns Nova matches with a regular expression. */
export const REGEX_COLUMNS = ['availability_zone', 'config_drive', 'key_name', 'created_at', 'launched_at', 'terminated_at', 'hostname'] as const;
export type RegexColumn = (typeof REGEX_COLUMNS)[number];

export interface LaterListFilters {
  /** 2.66: servers changed at or before this time (deleted ones included, as with changes-since) */
  readonly changesBefore?: string;
  /** 2.73 */
  readonly locked?: boolean;
  readonly vmStates?: readonly string[];
  readonly taskStates?: readonly string[];
  readonly userId?: string;
  /** Nova matches these integer columns as text; Novum compares the number (see docs/compatibility.md) */
  readonly powerState?: number;
  readonly progress?: number;
  readonly regex?: Partial<Record<RegexColumn, string>>;
}

export function applyLaterFilters<O>(q: SelectQueryBuilder<Database, 'instances', O>, engine: Engine, f: LaterListFilters | undefined): SelectQueryBuilder<Database, 'instances', O> {
  if (!f) return q;
  if (f.changesBefore !== undefined) q = q.where('updated_at', '<=', f.changesBefore);
  if (f.locked !== undefined) q = q.where('locked', '=', f.locked ? 1 : 0);
  if (f.vmStates?.length) q = q.where('vm_state', 'in', [...f.vmStates]);
  if (f.taskStates?.length) q = q.where('task_state', 'in', [...f.taskStates]);
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.powerState !== undefined) q = q.where('power_state', '=', f.powerState);
  if (f.progress !== undefined) q = q.where('progress', '=', f.progress);
  for (const [column, pattern] of Object.entries(f.regex ?? {})) {
    if (pattern !== undefined) q = q.where(regexpMatch(engine, column, pattern));
  }
  return q;
}
