/**
 * Neutron's security groups and rules under /networking (GET/POST /v2.0/security-groups,
 * GET/PUT/DELETE /v2.0/security-groups/{id}, GET/POST /v2.0/security-group-rules, GET/DELETE
 * /v2.0/security-group-rules/{id}): what `openstack security group ...` and `server create
 * --security-group` send. Body checks and messages follow Neutron's api/v2/base.py.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Actor } from '../../compute/action-log.js';
import { isUuid } from '../../util/ids.js';
import { NeutronError } from './errors.js';
import { applyQuery, pickFields } from './query.js';
import { groupView, ruleView } from './security-group-views.js';

type Body = Record<string, unknown>;
type Id = { id: string };

const GROUP_ATTRS = ['id', 'name', 'description', 'tenant_id', 'project_id', 'security_group_rules', 'stateful', 'shared', 'tags',
  'created_at', 'updated_at', 'revision_number'];
const RULE_ATTRS = ['id', 'tenant_id', 'project_id', 'security_group_id', 'direction', 'ethertype', 'protocol', 'port_range_min',
  'port_range_max', 'remote_ip_prefix', 'remote_group_id', 'remote_address_group_id', 'normalized_cidr', 'description',
  'belongs_to_default_sg', 'created_at', 'updated_at', 'revision_number'];

const bad = (message: string): NeutronError => new NeutronError(400, 'HTTPBadRequest', message);

function actorOf(req: FastifyRequest): Actor {
  const p = req.principal!;
  return { userId: p.userId, projectId: p.projectId, isAdmin: p.isAdmin, requestId: req.id };
}

/** `{"<resource>": {...}}` with only `allowed` attributes, as Neutron checks it. */
function resourceBody(body: unknown, resource: string, known: readonly string[], allowed: readonly string[], creating: boolean): Body {
  if (body === null || typeof body !== 'object' || Object.keys(body).length === 0) throw bad('Resource body required');
  const inner = (body as Body)[resource];
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw bad(`Unable to find '${resource}' in request body`);
  const attrs = inner as Body;
  const unknown = Object.keys(attrs).filter((k) => !known.includes(k));
  if (unknown.length) throw bad(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
  for (const k of Object.keys(attrs)) {
    if (allowed.includes(k)) continue;
    throw creating ? bad(`Attribute '${k}' of a ${resource} is not supported by Novum`) : bad(`Cannot update read-only attribute ${k}`);
  }
  return attrs;
}

function text(attrs: Body, key: string, max: number): string | undefined {
  const v = attrs[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(`Invalid input for ${key}. Reason: '${String(v)}' is not a valid string.`);
  if (v.length > max) throw bad(`Invalid input for ${key}. Reason: '${v}' exceeds maximum length of ${max}.`);
  return v;
}

/** The project a resource is created for: the caller's, or another one named by an admin. */
function ownerOf(actor: Actor, attrs: Body): string {
  const named = attrs.project_id ?? attrs.tenant_id;
  if (named === undefined || named === actor.projectId) return actor.projectId;
  if (!actor.isAdmin) {
    throw bad("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges");
  }
  return String(named);
}

/** Novum's groups are stateful only. */
function checkStateful(attrs: Body): void {
  if (attrs.stateful !== undefined && attrs.stateful !== true) throw bad('Stateless security groups are not supported by Novum');
}

function uuidAttr(attrs: Body, key: string, required: boolean): string | null {
  const v = attrs[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`Failed to parse request. Required attribute '${key}' not specified`);
    return null;
  }
  if (typeof v !== 'string' || !isUuid(v)) throw bad(`Invalid input for ${key}. Reason: '${String(v)}' is not a valid UUID.`);
  return v;
}

function groupRoutes(app: FastifyInstance, s: Services): void {
  const store = s.network.securityGroups;
  app.get('/v2.0/security-groups', async (req) => ({ security_groups: applyQuery((await store.list(actorOf(req))).map(groupView), req.query) }));
  app.get('/v2.0/security-groups/:id', async (req) => ({ security_group: pickFields(groupView(await store.get(actorOf(req), (req.params as Id).id)), req.query) }));
  app.post('/v2.0/security-groups', async (req, reply) => {
    const actor = actorOf(req);
    const attrs = resourceBody(req.body, 'security_group', GROUP_ATTRS, ['name', 'description', 'stateful', 'tenant_id', 'project_id'], true);
    checkStateful(attrs);
    const created = await store.create(actor, {
      name: text(attrs, 'name', 255) ?? '', description: text(attrs, 'description', 255) ?? '', projectId: ownerOf(actor, attrs),
    });
    return reply.code(201).send({ security_group: groupView(created) });
  });
  app.put('/v2.0/security-groups/:id', async (req) => {
    const attrs = resourceBody(req.body, 'security_group', GROUP_ATTRS, ['name', 'description', 'stateful'], false);
    checkStateful(attrs);
    const updated = await store.update(actorOf(req), (req.params as Id).id, { name: text(attrs, 'name', 255), description: text(attrs, 'description', 255) });
    return { security_group: groupView(updated) };
  });
  app.delete('/v2.0/security-groups/:id', async (req, reply) => {
    await store.delete(actorOf(req), (req.params as Id).id);
    return reply.code(204).send();
  });
}

function ruleRoutes(app: FastifyInstance, s: Services): void {
  const store = s.network.securityGroups;
  const defaults = async (actor: Actor): Promise<Set<string>> => new Set((await store.list(actor)).filter((g) => g.is_default).map((g) => g.id));
  app.get('/v2.0/security-group-rules', async (req) => {
    const actor = actorOf(req);
    const ids = await defaults(actor);
    return { security_group_rules: applyQuery((await store.rules(actor)).map((r) => ruleView(r, ids)), req.query) };
  });
  app.get('/v2.0/security-group-rules/:id', async (req) => {
    const actor = actorOf(req);
    const rule = await store.rule(actor, (req.params as Id).id);
    return { security_group_rule: pickFields(ruleView(rule, await defaults(actor)), req.query) };
  });
  app.post('/v2.0/security-group-rules', async (req, reply) => {
    const actor = actorOf(req);
    const attrs = resourceBody(req.body, 'security_group_rule', RULE_ATTRS, ['security_group_id', 'direction', 'ethertype', 'protocol',
      'port_range_min', 'port_range_max', 'remote_ip_prefix', 'remote_group_id', 'remote_address_group_id', 'description', 'tenant_id', 'project_id'], true);
    if (attrs.remote_address_group_id !== undefined && attrs.remote_address_group_id !== null) throw bad('Address groups are not supported by Novum');
    ownerOf(actor, attrs);
    const created = await store.createRule(actor, {
      securityGroupId: uuidAttr(attrs, 'security_group_id', true)!, direction: attrs.direction ?? null, ethertype: attrs.ethertype,
      protocol: attrs.protocol, portRangeMin: attrs.port_range_min, portRangeMax: attrs.port_range_max,
      remoteIpPrefix: attrs.remote_ip_prefix, remoteGroupId: uuidAttr(attrs, 'remote_group_id', false), description: text(attrs, 'description', 255),
    });
    return reply.code(201).send({ security_group_rule: ruleView(created, await defaults(actor)) });
  });
  app.delete('/v2.0/security-group-rules/:id', async (req, reply) => {
    await store.deleteRule(actorOf(req), (req.params as Id).id);
    return reply.code(204).send();
  });
}

export function securityGroupRoutes(app: FastifyInstance, s: Services): void {
  groupRoutes(app, s);
  ruleRoutes(app, s);
}
