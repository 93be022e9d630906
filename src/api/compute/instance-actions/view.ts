/** os-instance-actions views (Nova: instance_actions.py _format_action, _format_event). */
import { eventDetails } from '../../../compute/action-queries.js';
import type { InstanceAction, InstanceActionEvent } from '../../../store/schema.js';
import { isoMicros } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';
import { hostId } from '../servers/view.js';

type Body = Record<string, unknown>;

/** The action's fields; `updated_at` from 2.58. */
export function actionView(ctx: RequestContext, a: InstanceAction): Body {
  const out: Body = {
    action: a.action, instance_uuid: a.instance_uuid, message: a.message, project_id: a.project_id,
    request_id: a.request_id, start_time: isoMicros(a.start_time), user_id: a.user_id,
  };
  if (ctx.mv.atLeast('2.58')) out.updated_at = isoMicros(a.updated_at);
  return out;
}

/**
 * One event. Admins (policy os-instance-actions:events) see the traceback, from 2.62 the `host`
 * and from 2.84 the `details`; everyone sees the hashed `hostId` from 2.62.
 */
export function eventView(ctx: RequestContext, e: InstanceActionEvent, projectId: string): Body {
  const out: Body = {
    event: e.event, start_time: isoMicros(e.start_time), finish_time: isoMicros(e.finish_time), result: e.result,
  };
  if (ctx.isAdmin) out.traceback = e.traceback;
  if (ctx.isAdmin && ctx.mv.atLeast('2.62')) out.host = e.host ?? '';
  if (ctx.mv.atLeast('2.62')) out.hostId = hostId(projectId, e.host);
  // Nova: policy os-instance-actions:events:details is admin-only by default.
  if (ctx.isAdmin && ctx.mv.atLeast('2.84')) out.details = eventDetails(e);
  return out;
}
