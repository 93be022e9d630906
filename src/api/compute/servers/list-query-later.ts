/**
 * GET /servers query parameters of microversions after 2.53 (Nova: servers.py _get_servers and
 * schemas/servers.py index_query_v2xx): changes-before (2.66), locked (2.73), unknown parameters
 * refused from 2.75, more filters for members from 2.83 and hostname from 2.90.
 */
import { Type } from '@sinclair/typebox';
import { REGEX_COLUMNS, type LaterListFilters, type RegexColumn } from '../../../compute/list-filters-later.js';
import { badRequest } from '../../../errors.js';
import { nowIso, parseIsoTime } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';
import { validateQuery } from '../../validation.js';

type Query = Record<string, unknown>;

const one = (v: unknown): string | undefined => (Array.isArray(v) ? String(v[v.length - 1]) : v === undefined ? undefined : String(v));
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** Every parameter index_query_v275 names (its values are checked elsewhere). */
const KNOWN = ['user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref', 'image', 'kernel_id', 'ramdisk_id', 'hostname',
  'key_name', 'power_state', 'vm_state', 'task_state', 'host', 'node', 'flavor', 'reservation_id', 'launched_at', 'terminated_at',
  'availability_zone', 'name', 'display_name', 'description', 'display_description', 'locked_by', 'uuid', 'root_device_name',
  'config_drive', 'access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'progress', 'sort_key', 'sort_dir', 'all_tenants',
  'soft_deleted', 'deleted', 'status', 'changes-since', 'ip', 'ip6', 'created_at', 'block_device_mapping', 'services', 'metadata',
  'system_metadata', 'info_cache', 'security_groups', 'pci_devices', 'limit', 'marker', 'tags', 'tags-any', 'not-tags',
  'not-tags-any', 'changes-before', 'locked'];
const indexQueryV275 = Type.Unsafe({
  type: 'object', properties: Object.fromEntries(KNOWN.map((k) => [k, {}])), patternProperties: { '^_': {} }, additionalProperties: false,
});

/** Nova (strutils.bool_from_string strict) for `locked`. */
const TRUE = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE = ['0', 'f', 'false', 'off', 'n', 'no'];
function strictBool(v: string): boolean {
  const s = v.trim().toLowerCase();
  if (TRUE.includes(s)) return true;
  if (FALSE.includes(s)) return false;
  const acceptable = [...TRUE, ...FALSE].sort().map((x) => `'${x}'`).join(', ');
  throw badRequest(`Invalid input received: Unrecognized value '${v}', acceptable values are: ${acceptable}`);
}

/** A date-time query parameter in the stored timestamp format, or Nova's 400. */
export function isoParam(name: string, raw: string): string {
  const t = parseIsoTime(raw);
  if (Number.isNaN(t)) throw badRequest(`Invalid input for query parameters ${name}. Value: ${raw}. '${raw}' is not a 'date-time'`);
  return nowIso(new Date(t));
}

/** Nova's query schema: from 2.75 an unknown parameter is a 400 (before, it is ignored). */
export function checkQueryNames(ctx: RequestContext, q: Query): void {
  if (ctx.mv.atLeast('2.75')) validateQuery(indexQueryV275, q);
}

/** The filters of 2.66 and later. */
export function parseLaterQuery(ctx: RequestContext, q: Query, changesSince: string | undefined): LaterListFilters {
  const out: { -readonly [K in keyof LaterListFilters]: LaterListFilters[K] } = {};
  const before = ctx.mv.atLeast('2.66') ? one(q['changes-before']) : undefined;
  if (before !== undefined) {
    const iso = isoParam('changes-before', before);
    if (changesSince !== undefined && iso < changesSince) {
      throw badRequest('The value of changes-since must be less than or equal to changes-before.');
    }
    // Nova keeps times to the second: a server changed within the named second is "before" it.
    out.changesBefore = `${iso.slice(0, 19)}.999999Z`;
  }
  const locked = ctx.mv.atLeast('2.73') ? one(q.locked) : undefined;
  if (locked !== undefined) out.locked = strictBool(locked);
  // Nova: members may use these filters from 2.83 (remove_invalid_options drops them before); admins always.
  if (ctx.isAdmin || ctx.mv.atLeast('2.83')) Object.assign(out, columnFilters(ctx, q));
  return out;
}

function columnFilters(ctx: RequestContext, q: Query): LaterListFilters {
  // A value that is not a number matches no server (-1 is no power state or progress).
  const int = (v: string | undefined) => (v === undefined ? undefined : /^\s*\d+\s*$/.test(v) ? Number(v) : -1);
  const regex: Partial<Record<RegexColumn, string>> = {};
  for (const column of REGEX_COLUMNS) {
    // Nova: hostname is a member filter from 2.90.
    if (column === 'hostname' && !ctx.isAdmin && !ctx.mv.atLeast('2.90')) continue;
    const v = one(q[column]);
    if (v !== undefined) regex[column] = v;
  }
  return {
    vmStates: many(q.vm_state), taskStates: many(q.task_state), userId: one(q.user_id),
    powerState: int(one(q.power_state)), progress: int(one(q.progress)), regex,
  };
}
