/**
 * Consoles (Nova: remote_consoles.py, console_output.py, console_auth_tokens.py): the
 * os-getVNCConsole and os-getConsoleOutput actions, POST /servers/{id}/remote-consoles (2.6+)
 * and the admin's token check GET /os-console-auth-tokens/{token}.
 */
import type { Services } from '../../../app.js';
import { badRequest, NovaError, notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import type { RouteDef } from '../router.js';
import { versioned, type ActionTable } from '../servers/actions.js';
import * as schema from './schemas.js';

/** Where the browser opens a console of this type (Nova: novncproxy_base_url, xvpvncproxy_base_url). */
export function consoleUrl(ctx: RequestContext, type: string, token: string): string {
  return type === 'xvpvnc'
    ? `${ctx.origin}/xvpvnc/console?token=${token}`
    // noVNC opens its websocket at /<path>: Novum's proxy at /novnc/websockify checks the token.
    : `${ctx.origin}/novnc/vnc_lite.html?path=${encodeURIComponent(`novnc/websockify?token=${token}`)}`;
}

export function consoleActions(s: Services): ActionTable {
  const { consoles, guest } = s.network;
  return {
    // Nova: 2.6 replaced the os-get*Console actions by POST /servers/{id}/remote-consoles.
    'os-getVNCConsole': versioned({ max: '2.5' }, async (ctx, id, _args, body) => {
      const b = validateBody(schema.getVncConsole, body, { legacy: ctx.legacy }) as { 'os-getVNCConsole': { type: string } };
      const type = b['os-getVNCConsole'].type;
      const token = await consoles.vncToken(ctx, id, type, 'get_vnc_console');
      return { console: { type, url: consoleUrl(ctx, type, token) } };
    }),
    'os-getConsoleOutput': async (ctx, id, _args, body) => {
      const b = validateBody(schema.getConsoleOutput, body, { legacy: ctx.legacy }) as { 'os-getConsoleOutput': { length?: number | string | null } };
      return { output: await guest.consoleOutput(ctx, id, b['os-getConsoleOutput'].length) };
    },
  };
}

type RemoteConsole = { remote_console: { protocol: string; type: string } };

/** POST /servers/{id}/remote-consoles: one request for every console protocol (2.6+). */
async function createRemoteConsole(s: Services, ctx: RequestContext, id: string, body: unknown): Promise<unknown> {
  if (!ctx.mv.atLeast('2.6')) throw notFound('The resource could not be found.');
  const shape = ctx.mv.atLeast('2.8') ? schema.createRemoteConsoleV28 : schema.createRemoteConsoleV26;
  const { protocol, type } = (validateBody(shape, body) as RemoteConsole).remote_console;
  // Nova: the simulated hypervisor offers VNC only; other protocols are disabled consoles.
  if (protocol !== 'vnc') throw badRequest(`Unavailable console type ${type}.`);
  const token = await s.network.consoles.vncToken(ctx, id, type, 'create');
  return { remote_console: { protocol, type, url: consoleUrl(ctx, type, token) } };
}

/** Nova: below 2.31 only RDP tokens may be shown (401 for the rest). */
async function showToken(s: Services, ctx: RequestContext, token: string): Promise<unknown> {
  ctx.requireAdmin('os_compute_api:os-console-auth-tokens');
  if (!token) throw badRequest('token not provided');
  const info = await s.network.consoles.connectInfo(token);
  if (!info) throw notFound('Token not found');
  if (!ctx.mv.atLeast('2.31') && info.consoleType !== 'rdp-html5') {
    throw new NovaError(401, 'The requested console type details are not accessible');
  }
  return { console: { instance_uuid: info.instanceUuid, host: info.host, port: info.port, internal_access_path: info.internalAccessPath } };
}

export function consoleRoutes(s: Services): RouteDef[] {
  return [
    {
      method: 'POST', path: '/servers/:server_id/remote-consoles',
      handler: (ctx, req) => createRemoteConsole(s, ctx, (req.params as { server_id: string }).server_id, req.body),
    },
    { method: 'GET', path: '/os-console-auth-tokens/:token', handler: (ctx, req) => showToken(s, ctx, (req.params as { token: string }).token) },
  ];
}
