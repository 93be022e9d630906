/** os-keypairs handlers (Nova: nova/api/openstack/compute/keypairs.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { keypairNotFound } from '../../../compute/keypairs.js';
import { mergedLimit } from '../../../compute/quota-check.js';
import { policyForbidden } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import { validateQuery } from '../../validation.js';
import { validated } from '../flavors/controller.js';
import { checkName } from '../flavors/names.js';
import { lastValues, nextLinks, pageSize } from '../flavors/paging.js';
import { type KeypairBody, create, createV210, createV22, createV292, indexQueryV235, indexQueryV275, itemQueryV275 } from './schemas.js';
import * as view from './view.js';

const POLICY = 'os_compute_api:os-keypairs';
const nameOf = (req: FastifyRequest): string => (req.params as Record<string, string>).keypair_name;

/** Nova: the first `user_id` query value, honoured from 2.10; other users' keys need admin. */
function targetUser(ctx: RequestContext, req: FastifyRequest, rule: string, asked?: string): string {
  let userId = asked;
  if (userId === undefined && ctx.mv.atLeast('2.10')) {
    const v = (req.query as Record<string, unknown>).user_id;
    userId = Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined;
  }
  if (userId === undefined || userId === ctx.userId) return ctx.userId;
  if (!ctx.isAdmin) throw policyForbidden(`${POLICY}:${rule}`);
  return userId;
}

export async function index(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const userId = targetUser(ctx, req, 'index');
  if (!ctx.mv.atLeast('2.35')) {
    return { keypairs: (await s.keypairs.list(userId)).map((k) => view.indexItem(ctx, k)) };
  }
  const q = lastValues(req);
  validateQuery(ctx.mv.atLeast('2.75') ? indexQueryV275 : indexQueryV235, q);
  const size = pageSize(q.limit, s.config.maxLimit);
  const keys = size === 0 ? [] : await s.keypairs.list(userId, { limit: size, marker: q.marker });
  const body: Record<string, unknown> = { keypairs: keys.map((k) => view.indexItem(ctx, k)) };
  const links = nextLinks(ctx, req, size, keys.length, keys.at(-1)?.name, 'os-keypairs');
  if (links.length) body.keypairs_links = links;
  return body;
}

export async function createKeypair(s: Services, ctx: RequestContext, req: FastifyRequest, reply: { code(n: number): unknown }): Promise<unknown> {
  const schema = ctx.mv.atLeast('2.92') ? createV292 : ctx.mv.atLeast('2.10') ? createV210 : ctx.mv.atLeast('2.2') ? createV22 : create;
  const { keypair } = validated<KeypairBody>(ctx, schema, req.body);
  checkName(keypair.name, ctx.legacy);
  const userId = targetUser(ctx, req, 'create', keypair.user_id);
  // Nova: the caller's project and user limits, the smaller one (the target user's pairs are counted).
  const scopes = await s.quotas.scopes(ctx.projectId, ctx.userId);
  const made = await s.keypairs.create({
    userId, name: keypair.name, type: keypair.type, publicKey: keypair.public_key, maxKeypairs: mergedLimit(scopes, 'key_pairs'),
    extendedName: ctx.mv.atLeast('2.92'),
  });
  // Nova: 2.2 made create answer 201.
  reply.code(ctx.mv.atLeast('2.2') ? 201 : 200);
  return view.created(ctx, made);
}

/** Nova 2.75: GET and DELETE of one key pair take `user_id` and nothing else. */
function checkItemQuery(ctx: RequestContext, req: FastifyRequest): void {
  if (ctx.mv.atLeast('2.75')) validateQuery(itemQueryV275, lastValues(req));
}

export async function show(s: Services, ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  checkItemQuery(ctx, req);
  const userId = targetUser(ctx, req, 'show');
  const k = await s.keypairs.get(userId, nameOf(req));
  if (!k) throw keypairNotFound(nameOf(req), userId);
  return view.show(ctx, k);
}

export async function remove(s: Services, ctx: RequestContext, req: FastifyRequest, reply: { code(n: number): unknown }): Promise<void> {
  checkItemQuery(ctx, req);
  const userId = targetUser(ctx, req, 'delete');
  await s.keypairs.delete(userId, nameOf(req));
  // Nova: 2.2 made delete answer 204.
  reply.code(ctx.mv.atLeast('2.2') ? 204 : 202);
}
