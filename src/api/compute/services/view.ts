/** os-services views (Nova: ServiceController._get_service_detail). */
import type { ServiceState } from '../../../compute/host-admin.js';
import { isoMicros } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';
import type { ServiceUpdateBody } from './schemas.js';

type Body = Record<string, unknown>;

/** A line of GET /os-services; `forced_down` from 2.11, the uuid as id from 2.53. */
export function service(ctx: RequestContext, st: ServiceState): Body {
  const s = st.service;
  const out: Body = {
    id: ctx.mv.atLeast('2.53') ? s.uuid : s.id,
    binary: s.binary,
    host: s.host,
    zone: s.availability_zone,
    status: s.disabled ? 'disabled' : 'enabled',
    state: st.up ? 'up' : 'down',
    updated_at: isoMicros(st.updatedAt),
    disabled_reason: s.disabled_reason,
  };
  if (ctx.mv.atLeast('2.11')) out.forced_down = s.forced_down === 1;
  return out;
}

/** The answer to enable / disable: the request's host and binary, the new status, a reason when one was given. */
export function updated(b: ServiceUpdateBody, status: 'enabled' | 'disabled', reason: string | null): { service: Body } {
  const out: Body = { host: b.host, binary: b.binary, status };
  if (reason) out.disabled_reason = reason;
  return { service: out };
}
