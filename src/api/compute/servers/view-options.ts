/**
 * Which parts of the detailed server view an answer carries (Nova: servers.py show, update and
 * _rebuild pass show_* flags to the view builder). From 2.75 update and rebuild answer the whole
 * server as show does; 2.71 adds the server's groups to all three.
 */
import type { Services } from '../../../app.js';
import { hostStatuses } from '../../../compute/host-status.js';
import type { RequestContext } from '../../context.js';
import type { DetailOptions } from './view.js';

export type ServerAnswer = 'show' | 'list' | 'update' | 'rebuild';

export async function viewOptions(s: Services, ctx: RequestContext, uuid: string | null, answer: ServerAnswer): Promise<DetailOptions> {
  const full = answer === 'show' || answer === 'list' || ctx.mv.atLeast('2.75');
  // Nova: host_status for admins (policy os_compute_api:servers:show:host_status) from 2.16.
  const hostStatus = full && ctx.mv.atLeast('2.16') && ctx.isAdmin ? await hostStatuses(s.hosts) : undefined;
  const serverGroups = uuid !== null && answer !== 'list' && ctx.mv.atLeast('2.71') ? await s.compute.serverGroupsOf(uuid) : undefined;
  return { extended: full, hostStatus, serverGroups, rebuild: answer === 'rebuild' };
}
