/**
 * os-services handlers up to 2.52, where a service is named by `host` and `binary` in the body of
 * PUT /os-services/{enable|disable|disable-log-reason|force-down}.
 */
import type { FastifyRequest } from 'fastify';
import type { HostAdmin } from '../../../compute/host-admin.js';
import { badRequest, notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { asBool } from '../../parameter-types.js';
import { validateBody } from '../../validation.js';
import { lastValues } from '../flavors/paging.js';
import { type ServiceUpdateBody, serviceUpdate, serviceUpdateV211, serviceUpdateV253 } from './schemas.js';
import { isUuid } from '../../../util/ids.js';
import * as view from './view.js';

const POLICY = 'os_compute_api:os-services';

export async function index(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  ctx.requireAdmin(`${POLICY}:list`);
  const q = lastValues(req);
  const list = await admin.services({ host: q.host || undefined, binary: q.binary || undefined });
  return { services: list.map((s) => view.service(ctx, s)) };
}

type Action = (admin: HostAdmin, body: ServiceUpdateBody) => Promise<unknown>;

const ACTIONS: Readonly<Record<string, Action>> = {
  enable: async (admin, b) => {
    await admin.setServiceDisabled(b.host, b.binary, false, null);
    return view.updated(b, 'enabled', null);
  },
  disable: async (admin, b) => {
    await admin.setServiceDisabled(b.host, b.binary, true, null);
    return view.updated(b, 'disabled', null);
  },
  'disable-log-reason': async (admin, b) => {
    if (b.disabled_reason === undefined) throw badRequest('Missing disabled reason field');
    await admin.setServiceDisabled(b.host, b.binary, true, b.disabled_reason);
    return view.updated(b, 'disabled', b.disabled_reason);
  },
};

/** 2.11: force-down sets or clears forced_down. */
const forceDown: Action = async (admin, b) => {
  if (b.forced_down === undefined) throw badRequest('Missing forced_down field');
  const forced = asBool(b.forced_down);
  await admin.setForcedDown(b.host, b.binary, forced);
  return { service: { host: b.host, binary: b.binary, forced_down: forced } };
};

/** 2.53: PUT /os-services/{service_uuid} with status, disabled_reason and forced_down; the full service back. */
async function updateV253(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const id = (req.params as { action: string }).action;
  const body = validateBody(serviceUpdateV253, req.body) as { status?: string; disabled_reason?: string; forced_down?: boolean | string };
  if (!isUuid(id)) throw badRequest(`Invalid uuid ${id}`);
  ctx.requireAdmin(`${POLICY}:update`);
  await admin.serviceByUuid(id);
  if (body.status === 'enabled' && body.disabled_reason) throw badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
  if (body.status === undefined && body.forced_down === undefined) {
    throw badRequest("No updates were requested. Fields 'status' or 'forced_down' should be specified.");
  }
  const st = await admin.updateService(id, {
    ...(body.status !== undefined ? { disabled: body.status === 'disabled', reason: body.disabled_reason ?? null } : {}),
    ...(body.forced_down !== undefined ? { forcedDown: asBool(body.forced_down) } : {}),
  });
  return { service: view.service(ctx, st) };
}

export async function update(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  // Nova: 2.53 replaced the action routes with PUT /os-services/{service_uuid}.
  if (ctx.mv.atLeast('2.53')) return updateV253(admin, ctx, req);
  const v211 = ctx.mv.atLeast('2.11');
  const body = validateBody(v211 ? serviceUpdateV211 : serviceUpdate, req.body, { legacy: ctx.legacy }) as ServiceUpdateBody;
  ctx.requireAdmin(`${POLICY}:update`);
  const name = (req.params as { action: string }).action;
  const action = v211 && name === 'force-down' ? forceDown : Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (!action) throw notFound('Unknown action');
  return action(admin, body);
}

export async function remove(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest): Promise<void> {
  ctx.requireAdmin(`${POLICY}:delete`);
  const id = (req.params as { id: string }).id;
  if (ctx.mv.atLeast('2.53')) {
    if (!isUuid(id)) throw badRequest(`Invalid uuid ${id}`);
    await admin.deleteService(id);
    return;
  }
  // Nova: utils.validate_integer before 2.53 (ids became uuids there).
  if (!/^\s*[-+]?\d+\s*$/.test(id)) throw badRequest('Invalid input received: id must be an integer');
  await admin.deleteService(Number(id));
}
