/** os-hosts handlers: the legacy per-host view of services, usage and power (Nova: hosts.py). */
import type { FastifyRequest } from 'fastify';
import type { HostAdmin, PowerAction } from '../../../compute/host-admin.js';
import { notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import { lastValues } from '../flavors/paging.js';
import { hostUpdate } from './schemas.js';

const POLICY = 'os_compute_api:os-hosts';
const hostOf = (req: FastifyRequest): string => (req.params as { host: string }).host;
/** Nova's policy names for the power actions. */
const POWER_RULES: Readonly<Record<PowerAction, string>> = { startup: 'start', shutdown: 'shutdown', reboot: 'reboot' };

/** Nova: os-hosts is gone from 2.43. */
function checkVersion(ctx: RequestContext): void {
  if (ctx.mv.atLeast('2.43')) throw notFound('The resource could not be found.');
}

export async function index(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  checkVersion(ctx);
  ctx.requireAdmin(`${POLICY}:list`);
  const services = await admin.hostList(lastValues(req).zone || undefined);
  return { hosts: services.map((s) => ({ host_name: s.host, service: s.topic, zone: s.availability_zone })) };
}

export async function show(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  checkVersion(ctx);
  ctx.requireAdmin(`${POLICY}:show`);
  const host = hostOf(req);
  const resources = await admin.hostResources(host);
  return { host: resources.map((r) => ({ resource: { host, ...r } })) };
}

export async function update(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  checkVersion(ctx);
  const body = validateBody(hostUpdate, req.body, { legacy: ctx.legacy });
  ctx.requireAdmin(`${POLICY}:update`);
  const host = hostOf(req);
  const out: Record<string, string> = { host };
  if (body.status !== undefined) out.status = await admin.setHostEnabled(host, body.status.toLowerCase() === 'enable');
  if (body.maintenance_mode !== undefined) {
    out.maintenance_mode = await admin.setHostMaintenance(host, body.maintenance_mode.toLowerCase() === 'enable');
  }
  return out;
}

export async function power(admin: HostAdmin, ctx: RequestContext, req: FastifyRequest, action: PowerAction): Promise<unknown> {
  checkVersion(ctx);
  ctx.requireAdmin(`${POLICY}:${POWER_RULES[action]}`);
  const host = hostOf(req);
  return { host, power_action: await admin.powerAction(host, action) };
}
