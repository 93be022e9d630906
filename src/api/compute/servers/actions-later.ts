/**
 * Server actions whose request or answer changed after 2.53: rebuild (2.54 key_name, 2.57
 * user_data, 2.63 trusted certificates, 2.75 full answer, 2.90 hostname, 2.93 volume-backed),
 * migrate (2.56 host), live migration and evacuation (2.68 without `force`), lock (2.73 reason),
 * unshelve (2.77 zone, 2.91 host) and rescue (2.87 volume-backed). Merged over the core table.
 */
import type { Services } from '../../../app.js';
import { badRequest } from '../../../errors.js';
import { asBool } from '../../parameter-types.js';
import type { ActionTable } from './actions.js';
import { argsOf } from './actions.js';
import * as schema from './action-schemas.js';
import { idFromHref } from './controller.js';
import { viewOptions } from './view-options.js';
import { detailView } from './view.js';

type Args = Record<string, unknown>;

/** `force` of evacuate (2.29-2.67) and os-migrateLive (2.30-2.67): only with a destination host. */
function forceOf(r: Args): boolean {
  const force = asBool(r.force);
  if (force && !r.host) throw badRequest("Can't force to a non-provided destination");
  return force;
}

/** What a rebuild body asks for, per microversion (a key not in the schema never reaches here). */
function rebuildRequest(r: Args, reimage: boolean): Parameters<Services['compute']['actions']['rebuild']>[2] {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(r, k);
  return {
    imageRef: idFromHref(String(r.imageRef)), name: r.name as string | undefined, adminPass: r.adminPass as string | undefined,
    metadata: r.metadata as Record<string, string> | undefined, accessIPv4: r.accessIPv4 as string | undefined,
    accessIPv6: r.accessIPv6 as string | undefined, diskConfig: r['OS-DCF:diskConfig'] as string | undefined,
    description: r.description as string | null | undefined,
    ...(has('key_name') ? { keyName: r.key_name as string | null } : {}),
    ...(has('user_data') ? { userData: r.user_data as string | null } : {}),
    ...(has('trusted_image_certificates') ? { trustedCerts: r.trusted_image_certificates as string[] | null } : {}),
    ...(has('hostname') ? { hostname: r.hostname as string } : {}),
    reimageBootVolume: reimage,
  };
}

export function laterActions(s: Services): ActionTable {
  const a = s.compute.actions;
  return {
    rebuild: async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.rebuildSchema(ctx.mv), body, 'rebuild');
      const { instance, adminPass } = await a.rebuild(ctx, id, rebuildRequest(r, ctx.mv.atLeast('2.93')));
      reply.code(202);
      reply.header('location', ctx.selfLink('servers', id));
      return { server: { ...detailView(ctx, instance, await viewOptions(s, ctx, id, 'rebuild')), adminPass } };
    },
    migrate: async (ctx, id, _args, body, reply) => {
      // Nova: the body is validated (and its host read) from 2.56 only.
      const host = ctx.mv.atLeast('2.56') ? (argsOf(ctx, schema.migrateV256, body, 'migrate').host as string | null | undefined) : undefined;
      await a.resize(ctx, id, null, undefined, host ?? undefined);
      reply.code(202);
    },
    'os-migrateLive': async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.migrateLiveSchemaV268(ctx.mv), body, 'os-migrateLive');
      await s.compute.moves.liveMigrate(ctx, id, (r.host as string | null) ?? null, forceOf(r));
      reply.code(202);
    },
    evacuate: async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.evacuateSchemaV268(ctx.mv), body, 'evacuate');
      const adminPass = await s.compute.moves.evacuate(ctx, id, {
        host: (r.host as string | undefined) ?? null, onSharedStorage: asBool(r.onSharedStorage), adminPass: r.adminPass as string | undefined,
        force: forceOf(r),
      });
      reply.code(200);
      // Nova: from 2.14 the password is not returned (os-server-password has it).
      return adminPass === null || ctx.mv.atLeast('2.14') ? undefined : { adminPass };
    },
    lock: async (ctx, id, _args, body, reply) => {
      const reason = ctx.mv.atLeast('2.73') ? (argsOf(ctx, schema.lockV273, body, 'lock').locked_reason as string | undefined) : undefined;
      await s.compute.lock(ctx, id, reason ?? null);
      reply.code(202);
    },
    unshelve: async (ctx, id, _args, body, reply) => {
      let opts: { zone?: string | null; host?: string } = {};
      if (ctx.mv.atLeast('2.77')) {
        const r = argsOf(ctx, ctx.mv.atLeast('2.91') ? schema.unshelveV291 : schema.unshelveV277, body, 'unshelve');
        opts = { ...('availability_zone' in r ? { zone: r.availability_zone as string | null } : {}), ...(r.host !== undefined ? { host: r.host as string } : {}) };
      }
      await a.unshelve(ctx, id, opts);
      reply.code(202);
    },
    rescue: async (ctx, id, _args, body, reply) => {
      const r = argsOf(ctx, schema.rescue, body, 'rescue');
      const adminPass = await a.rescue(ctx, id, r.adminPass as string | undefined, r.rescue_image_ref as string | undefined, ctx.mv.atLeast('2.87'));
      reply.code(200);
      return { adminPass };
    },
  };
}
