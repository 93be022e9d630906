/**
 * POST /servers/{id}/action: the body's key names the action (Nova: wsgi action dispatch;
 * unknown key → 400 "There is no such action: X"). Each entry validates its body, calls the
 * domain and sets the status Nova answers with.
 */
import type { FastifyReply } from 'fastify';
import type { Services } from '../../../app.js';
import { badRequest, notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import * as schema from './action-schemas.js';
import { idFromHref } from './controller.js';
import { laterActions } from './actions-later.js';

type Args = Record<string, unknown>;
export type ActionHandler = (ctx: RequestContext, id: string, args: Args, body: unknown, reply: FastifyReply) => Promise<unknown>;

/** Validates against `s` and returns the action's own object (`{}` for a null value). */
export const argsOf = (ctx: RequestContext, s: Parameters<typeof validateBody>[0], body: unknown, key: string): Args =>
  ((validateBody(s, body, { legacy: ctx.legacy }) as Args)[key] ?? {}) as Args;

/**
 * An action that exists only from microversion `min` (up to `max`): at other versions Nova finds
 * no method for it and answers 404 (wsgi VersionNotFoundForAPIMethod).
 */
export function versioned(range: { min?: string; max?: string }, handler: ActionHandler): ActionHandler {
  return async (ctx, id, args, body, reply) => {
    const tooLow = range.min !== undefined && !ctx.mv.atLeast(range.min);
    const tooHigh = range.max !== undefined && !ctx.mv.atMost(range.max);
    if (tooLow || tooHigh) throw notFound('The resource could not be found.');
    return handler(ctx, id, args, body, reply);
  };
}

/** Actions other resources add (floating IPs, consoles, ...): merged into the table below. */
export type ActionTable = Readonly<Record<string, ActionHandler>>;

export function actionTable(s: Services, ...extra: ActionTable[]): ActionTable {
  return Object.assign({}, coreActions(s), laterActions(s), ...extra) as ActionTable;
}

function coreActions(s: Services): ActionTable {
  const a = s.compute.actions;
  const simple = (kind: string): ActionHandler => async (ctx, id, _args, _b, reply) => {
    await a.simple(ctx, id, kind);
    reply.code(202);
  };
  return {
    pause: simple('pause'),
    unpause: simple('unpause'),
    suspend: simple('suspend'),
    resume: simple('resume'),
    'os-stop': simple('stop'),
    'os-start': simple('start'),
    unrescue: simple('unrescue'),
    revertResize: simple('revert_resize'),
    shelveOffload: simple('shelve_offload'),
    restore: simple('restore'),
    forceDelete: simple('force_delete'),
    reboot: async (ctx, id, _args, body, reply) => {
      const args = argsOf(ctx, schema.reboot, body, 'reboot');
      await a.simple(ctx, id, String(args.type).toUpperCase() === 'HARD' ? 'reboot_hard' : 'reboot_soft');
      reply.code(202);
    },
    resize: async (ctx, id, _args, body, reply) => {
      const args = argsOf(ctx, schema.resize, body, 'resize');
      await a.resize(ctx, id, idFromHref(String(args.flavorRef)), args['OS-DCF:diskConfig'] as string | undefined);
      reply.code(202);
    },
    confirmResize: async (ctx, id, _args, _body, reply) => {
      await a.confirmResize(ctx, id);
      reply.code(204);
    },
    changePassword: async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.changePassword, body, 'changePassword');
      await a.changePassword(ctx, id, String(r.adminPass));
      reply.code(202);
    },
    createImage: async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.createImage, body, 'createImage');
      const imageId = await a.snapshot(ctx, id, 'createImage', { name: String(r.name), metadata: r.metadata as Record<string, string> | undefined });
      reply.code(202);
      // Nova: 2.45 replaced the Location header by an `image_id` body.
      if (ctx.mv.atLeast('2.45')) return { image_id: imageId };
      reply.header('location', imageLocation(ctx, imageId));
      return undefined;
    },
    createBackup: async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.createBackup, body, 'createBackup');
      const imageId = await a.snapshot(ctx, id, 'createBackup', {
        name: String(r.name), backupType: String(r.backup_type), rotation: Number(r.rotation), metadata: r.metadata as Record<string, string> | undefined,
      });
      reply.code(202);
      if (ctx.mv.atLeast('2.45')) return imageId ? { image_id: imageId } : undefined;
      if (imageId) reply.header('location', imageLocation(ctx, imageId));
      return undefined;
    },
    shelve: async (ctx, id, _args, _body, reply) => {
      await a.shelve(ctx, id);
      reply.code(202);
    },
    unlock: async (ctx, id, _args, _body, reply) => {
      await s.compute.unlock(ctx, id);
      reply.code(202);
    },
    'os-resetState': async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.resetState, body, 'os-resetState');
      await a.resetState(ctx, id, r.state as 'active' | 'error');
      reply.code(202);
    },
    trigger_crash_dump: versioned({ min: '2.17' }, async (ctx, id, _args, body, reply) => {
      argsOf(ctx, schema.triggerCrashDump, body, 'trigger_crash_dump');
      await a.triggerCrashDump(ctx, id);
      reply.code(202);
    }),
    injectNetworkInfo: async (ctx, id, _args, _body, reply) => {
      await a.networkAction(ctx, id, 'injectNetworkInfo');
      reply.code(202);
    },
    resetNetwork: async (ctx, id, _args, _body, reply) => {
      await a.networkAction(ctx, id, 'resetNetwork');
      reply.code(202);
    },
  };
}

/** Nova's Location for a new image: the image service URL plus /images/<id>. */
function imageLocation(ctx: RequestContext, imageId: string | null): string {
  return `${ctx.origin}/image/images/${imageId ?? ''}`;
}

export async function dispatchAction(table: Readonly<Record<string, ActionHandler>>, ctx: RequestContext, id: string, body: unknown, reply: FastifyReply): Promise<unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
    throw badRequest('Malformed request body');
  }
  const keys = Object.keys(body);
  const key = keys.find((k) => k in table);
  if (!key) throw badRequest(`There is no such action: ${keys[0]}`);
  const value = (body as Args)[key];
  return table[key](ctx, id, (value ?? {}) as Args, body, reply);
}
