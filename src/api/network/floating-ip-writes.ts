/**
 * Neutron's floating IP writes under /networking: POST /v2.0/floatingips (201), PUT
 * /v2.0/floatingips/{id} with `port_id` (bind or, with null, unbind), DELETE (204). What
 * openstacksdk's cloud layer (auto floating IP on create_server) and `openstack floating ip
 * create` / `server add|remove floating ip` send. Body checks and messages follow Neutron's
 * api/v2/base.py; attributes Novum does not model are refused rather than ignored.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Actor } from '../../compute/action-log.js';
import { NovaError } from '../../errors.js';
import type { FloatingIpPort, Port } from '../../network/neutron.js';
import { NETWORKS, type NetworkDef } from '../../network/topology.js';
import { isUuid } from '../../util/ids.js';
import { floatingIpNotFound, NeutronError, networkNotFound, portNotFound } from './errors.js';
import { floatingIpView } from './views.js';

type Body = Record<string, unknown>;

/** Every attribute a Neutron floating IP has; the ones Novum accepts on create / update. */
const KNOWN = ['id', 'floating_ip_address', 'subnet_id', 'floating_network_id', 'router_id', 'port_id', 'fixed_ip_address',
  'tenant_id', 'project_id', 'status', 'description', 'dns_domain', 'dns_name', 'qos_policy_id', 'port_details', 'tags',
  'created_at', 'updated_at', 'revision_number'];
const ON_CREATE = ['floating_network_id', 'port_id', 'fixed_ip_address'];
const ON_UPDATE = ['port_id', 'fixed_ip_address'];

const bad = (message: string): NeutronError => new NeutronError(400, 'HTTPBadRequest', message);

function actorOf(req: FastifyRequest): Actor {
  const p = req.principal!;
  return { userId: p.userId, projectId: p.projectId, isAdmin: p.isAdmin, requestId: req.id };
}

/** `{"floatingip": {...}}` with only the attributes `allowed`, as Neutron checks it. */
function resourceBody(body: unknown, allowed: readonly string[], creating: boolean): Body {
  if (body === null || typeof body !== 'object' || Object.keys(body).length === 0) throw bad('Resource body required');
  const inner = (body as Body).floatingip;
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw bad("Unable to find 'floatingip' in request body");
  const attrs = inner as Body;
  const unknown = Object.keys(attrs).filter((k) => !KNOWN.includes(k));
  if (unknown.length) throw bad(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
  for (const k of Object.keys(attrs)) {
    if (allowed.includes(k)) continue;
    throw creating ? bad(`Attribute '${k}' of a floating IP is not supported by Novum`) : bad(`Cannot update read-only attribute ${k}`);
  }
  for (const k of ['floating_network_id', 'port_id']) {
    const v = attrs[k];
    if (v !== undefined && v !== null && !(typeof v === 'string' && isUuid(v))) {
      throw bad(`Invalid input for ${k}. Reason: '${String(v)}' is not a valid UUID.`);
    }
  }
  return attrs;
}

function externalNetwork(id: unknown): NetworkDef {
  if (typeof id !== 'string') throw bad("Failed to parse request. Required attribute 'floating_network_id' not specified");
  const net = NETWORKS.find((n) => n.id === id);
  if (!net) throw networkNotFound(id);
  if (!net.external) throw bad(`Bad floatingip request: Network ${id} is not a valid external network.`);
  return net;
}

/** The port `port_id` names (null when it is null or absent), checked against `fixed_ip_address`. */
async function targetPort(s: Services, actor: Actor, attrs: Body): Promise<Port | null> {
  const id = attrs.port_id;
  if (typeof id !== 'string') {
    if (attrs.fixed_ip_address !== undefined && attrs.fixed_ip_address !== null) {
      throw bad('Bad floatingip request: fixed_ip_address cannot be specified without a port_id.');
    }
    return null;
  }
  const port = (await s.network.neutron.ports(actor)).find((p) => p.id === id);
  if (!port) throw portNotFound(id);
  const fixed = attrs.fixed_ip_address;
  if (fixed !== undefined && fixed !== null && fixed !== port.fixedAddress) {
    throw bad(`Bad floatingip request: Port ${id} does not have fixed ip ${String(fixed)}.`);
  }
  return port;
}

/** Nova's refusals from the shared allocator, as Neutron words them. */
function asNeutron(err: unknown, network: NetworkDef): unknown {
  if (!(err instanceof NovaError) || err instanceof NeutronError) return err;
  if (err.code === 403) return new NeutronError(409, 'OverQuota', "Quota exceeded for resources: ['floatingip'].");
  if (err.code === 404) return new NeutronError(409, 'IpAddressGenerationFailure', `No more IP addresses available on network ${network.id}.`);
  return err;
}

async function findFip(s: Services, actor: Actor, id: string): Promise<FloatingIpPort> {
  const found = (await s.network.neutron.floatingIps(actor)).find((f) => f.fip.id === id);
  if (!found) throw floatingIpNotFound(id);
  return found;
}

export function floatingIpWriteRoutes(app: FastifyInstance, s: Services): void {
  const writes = s.network.neutronFloatingIps;
  app.post('/v2.0/floatingips', async (req, reply) => {
    const actor = actorOf(req);
    const attrs = resourceBody(req.body, ON_CREATE, true);
    const network = externalNetwork(attrs.floating_network_id);
    const port = await targetPort(s, actor, attrs);
    const created = await writes.create(actor, network, port).catch((err: unknown) => { throw asNeutron(err, network); });
    return reply.code(201).send({ floatingip: floatingIpView(created) });
  });
  app.put('/v2.0/floatingips/:id', async (req) => {
    const actor = actorOf(req);
    const found = await findFip(s, actor, (req.params as { id: string }).id);
    const attrs = resourceBody(req.body, ON_UPDATE, false);
    const port = await targetPort(s, actor, attrs);
    // Without `port_id` the binding stays as it is.
    if (!('port_id' in attrs)) return { floatingip: floatingIpView(found) };
    return { floatingip: floatingIpView(await writes.bind(actor, found.fip, port)) };
  });
  app.delete('/v2.0/floatingips/:id', async (req, reply) => {
    const actor = actorOf(req);
    const { fip } = await findFip(s, actor, (req.params as { id: string }).id);
    await writes.delete(actor, fip);
    return reply.code(204).send();
  });
}
