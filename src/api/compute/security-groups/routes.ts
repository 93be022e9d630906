/**
 * os-security-groups and os-security-group-rules (Nova: security_groups.py), proxies of the
 * network service's groups from 2.1 to 2.35 (404 above); GET /servers/{id}/os-security-groups
 * and the server actions addSecurityGroup / removeSecurityGroup at every microversion.
 */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { badRequest } from '../../../errors.js';
import type { NovaRuleArgs } from '../../../network/nova-security-group-rules.js';
import { validateBody, validateQuery } from '../../validation.js';
import { lastValues } from '../flavors/paging.js';
import type { RouteDef } from '../router.js';
import type { ActionTable } from '../servers/actions.js';
import * as schema from './schemas.js';
import { groupView, ruleView } from './view.js';

/** Nova: MAX_PROXY_API_SUPPORT_VERSION */
const PROXY_MAX = '2.35';

type P = { id: string };
type Json = Record<string, unknown>;

function listOptions(req: FastifyRequest, maxLimit: number): { allTenants: boolean; offset: number; limit: number } {
  const q = lastValues(req);
  validateQuery(schema.indexQuery, q);
  // Nova: common.limited — a limit of 0 (or none) means max_limit.
  const limit = Math.min(maxLimit, Number(q.limit ?? 0) || maxLimit);
  return { allTenants: 'all_tenants' in q, offset: Number(q.offset ?? 0), limit };
}

function ruleArgs(body: unknown, legacy: boolean): NovaRuleArgs {
  const r = (validateBody(schema.securityGroupRule, body, { legacy }) as { security_group_rule: Json }).security_group_rule;
  return {
    parentGroupId: String(r.parent_group_id), groupId: typeof r.group_id === 'string' ? r.group_id : null,
    ipProtocol: r.ip_protocol, fromPort: r.from_port, toPort: r.to_port, cidr: r.cidr,
  };
}

function groupBody(body: unknown, legacy: boolean): { name: string; description: string } {
  return (validateBody(schema.securityGroup, body, { legacy }) as { security_group: { name: string; description: string } }).security_group;
}

export function securityGroupRoutes(s: Services): RouteDef[] {
  const sg = s.network.novaSecurityGroups;
  const proxy = { maxVersion: PROXY_MAX };
  return [
    {
      ...proxy, method: 'GET', path: '/os-security-groups', handler: async (ctx, req) =>
        ({ security_groups: (await sg.list(ctx, listOptions(req, s.config.maxLimit))).map(groupView) }),
    },
    {
      ...proxy, method: 'POST', path: '/os-security-groups', handler: async (ctx, req) => {
        const b = groupBody(req.body, ctx.legacy);
        return { security_group: groupView(await sg.create(ctx, b.name, b.description)) };
      },
    },
    {
      ...proxy, method: 'GET', path: '/os-security-groups/:id', handler: async (ctx, req) =>
        ({ security_group: groupView(await sg.get(ctx, (req.params as P).id)) }),
    },
    {
      ...proxy, method: 'PUT', path: '/os-security-groups/:id', handler: async (ctx, req) => {
        const b = groupBody(req.body, ctx.legacy);
        return { security_group: groupView(await sg.update(ctx, (req.params as P).id, b.name, b.description)) };
      },
    },
    {
      ...proxy, method: 'DELETE', path: '/os-security-groups/:id', status: 202, handler: async (ctx, req) => {
        await sg.delete(ctx, (req.params as P).id);
      },
    },
    {
      ...proxy, method: 'POST', path: '/os-security-group-rules', handler: async (ctx, req) =>
        ({ security_group_rule: ruleView(await sg.createRule(ctx, ruleArgs(req.body, ctx.legacy))) }),
    },
    {
      ...proxy, method: 'DELETE', path: '/os-security-group-rules/:id', status: 202, handler: async (ctx, req) => {
        await sg.deleteRule(ctx, (req.params as P).id);
      },
    },
    {
      method: 'GET', path: '/servers/:server_id/os-security-groups', handler: async (ctx, req) =>
        ({ security_groups: (await sg.ofServer(ctx, (req.params as { server_id: string }).server_id)).map(groupView) }),
    },
  ];
}

/** Nova: SecurityGroupActionController._parse, after the schema. */
function groupName(body: unknown, action: string, legacy: boolean): string {
  const inner = (body as Json)[action];
  if (legacy && (inner === null || typeof inner !== 'object')) throw badRequest('Missing parameter dict');
  const named = validateBody(schema.action(action), body, { legacy }) as Record<string, { name: string }>;
  const name = named[action].name;
  if (name.trim() === '') throw badRequest('Security group name cannot be empty');
  return name;
}

export function securityGroupActions(s: Services): ActionTable {
  const sg = s.network.novaSecurityGroups;
  return {
    addSecurityGroup: async (ctx, id, _args, body, reply) => {
      await sg.addToServer(ctx, id, groupName(body, 'addSecurityGroup', ctx.legacy));
      reply.code(202);
    },
    removeSecurityGroup: async (ctx, id, _args, body, reply) => {
      await sg.removeFromServer(ctx, id, groupName(body, 'removeSecurityGroup', ctx.legacy));
      reply.code(202);
    },
  };
}
