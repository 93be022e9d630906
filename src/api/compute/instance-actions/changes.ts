/**
 * The `changes-since` / `changes-before` window of the lists that page by time (instance actions
 * from 2.58/2.66, migrations from 2.59/2.66). Nova: instance_actions.py and migrations.py index.
 */
import { badRequest } from '../../../errors.js';
import { nowIso, parseIsoTime } from '../../../util/time.js';

/** Both bounds in the stored timestamp format (ISO, UTC, microseconds); absent when not asked. */
export interface ChangesWindow {
  readonly changesSince?: string;
  readonly changesBefore?: string;
}

/** Reads the (already schema-checked) parameters; 400 when the window closes before it opens. */
export function changesWindow(q: Record<string, string | undefined>, allowSince: boolean, allowBefore: boolean): ChangesWindow {
  const since = allowSince && q['changes-since'] !== undefined ? parseIsoTime(q['changes-since']) : undefined;
  const before = allowBefore && q['changes-before'] !== undefined ? parseIsoTime(q['changes-before']) : undefined;
  if (since !== undefined && before !== undefined && before < since) {
    throw badRequest('The value of changes-since must be less than or equal to changes-before.');
  }
  return {
    ...(since !== undefined ? { changesSince: nowIso(new Date(since)) } : {}),
    ...(before !== undefined ? { changesBefore: nowIso(new Date(before)) } : {}),
  };
}
