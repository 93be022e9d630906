/** os-server-groups views (Nova: server_groups.py _format_server_group). */
import type { ServerGroup } from '../../../compute/server-groups.js';
import type { RequestContext } from '../../context.js';

export function serverGroupView(ctx: RequestContext, g: ServerGroup): Record<string, unknown> {
  const out: Record<string, unknown> = { id: g.uuid, name: g.name };
  if (ctx.mv.atLeast('2.64')) {
    out.policy = g.policy;
    out.rules = g.rules;
  } else {
    out.policies = [g.policy];
    // Nova: an always-empty metadata, dropped at 2.64.
    out.metadata = {};
  }
  out.members = g.members;
  if (ctx.mv.atLeast('2.13')) {
    out.project_id = g.projectId;
    out.user_id = g.userId;
  }
  return out;
}
