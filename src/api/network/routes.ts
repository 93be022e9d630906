/**
 * The Neutron v2.0 read subset under /networking, as one encapsulated Fastify plugin: what
 * openstacksdk's cloud layer and `openstack availability zone list` read (networks, subnets,
 * ports of a server, floating IPs, security groups, extensions, zones), Neutron's error body, a token on every
 * route but the version document.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Actor } from '../../compute/action-log.js';
import { originOf } from '../http.js';
import { extensionNotFound, floatingIpNotFound, neutronErrorHandler, networkNotFound, portNotFound, sendNeutronError, subnetNotFound } from './errors.js';
import { applyQuery, pickFields } from './query.js';
import * as view from './views.js';
import { floatingIpWriteRoutes } from './floating-ip-writes.js';
import { quotaRoutes } from './quotas.js';
import { securityGroupRoutes } from './security-groups.js';

type Id = { id: string };

function actorOf(req: FastifyRequest): Actor {
  const p = req.principal!;
  return { userId: p.userId, projectId: p.projectId, isAdmin: p.isAdmin, requestId: req.id };
}

function one<T extends Record<string, unknown>>(key: string, items: readonly T[], id: string, req: FastifyRequest, missing: (id: string) => Error): Record<string, unknown> {
  const item = items.find((i) => i.id === id);
  if (!item) throw missing(id);
  return { [key]: pickFields(item, req.query) };
}

function resourceRoutes(app: FastifyInstance, s: Services): void {
  const neutron = s.network.neutron;
  const networks = async (): Promise<Record<string, unknown>[]> => {
    const owner = await neutron.owner();
    return neutron.networks().map((n) => view.networkView(n, owner));
  };
  const subnets = async (): Promise<Record<string, unknown>[]> => {
    const owner = await neutron.owner();
    return neutron.networks().map((n) => view.subnetView(n, owner));
  };
  const ports = async (req: FastifyRequest): Promise<Record<string, unknown>[]> => {
    const device = (req.query as { device_id?: unknown }).device_id;
    return (await neutron.ports(actorOf(req), typeof device === 'string' ? device : undefined)).map(view.portView);
  };
  const fips = async (req: FastifyRequest): Promise<Record<string, unknown>[]> => (await neutron.floatingIps(actorOf(req))).map(view.floatingIpView);

  app.get('/v2.0/networks', async (req) => ({ networks: applyQuery(await networks(), req.query) }));
  app.get('/v2.0/networks/:id', async (req) => one('network', await networks(), (req.params as Id).id, req, networkNotFound));
  app.get('/v2.0/subnets', async (req) => ({ subnets: applyQuery(await subnets(), req.query) }));
  app.get('/v2.0/subnets/:id', async (req) => one('subnet', await subnets(), (req.params as Id).id, req, subnetNotFound));
  app.get('/v2.0/ports', async (req) => ({ ports: applyQuery(await ports(req), req.query) }));
  app.get('/v2.0/ports/:id', async (req) => one('port', await ports(req), (req.params as Id).id, req, portNotFound));
  app.get('/v2.0/floatingips', async (req) => ({ floatingips: applyQuery(await fips(req), req.query) }));
  app.get('/v2.0/floatingips/:id', async (req) => one('floatingip', await fips(req), (req.params as Id).id, req, floatingIpNotFound));
  app.get('/v2.0/availability_zones', async (req) => ({ availability_zones: applyQuery(view.zonesView().availability_zones as Record<string, unknown>[], req.query) }));
  app.get('/v2.0/extensions', async () => ({ extensions: view.EXTENSIONS.map(view.extensionView) }));
  app.get('/v2.0/extensions/:alias', async (req) => {
    const alias = (req.params as { alias: string }).alias;
    const ext = view.EXTENSIONS.find((e) => e.alias === alias);
    if (!ext) throw extensionNotFound(alias);
    return { extension: view.extensionView(ext) };
  });
}

const COLLECTIONS: ReadonlyArray<[string, string]> = [['network', 'networks'], ['subnet', 'subnets'], ['port', 'ports'], ['floatingip', 'floatingips'],
  ['security_group', 'security-groups'], ['security_group_rule', 'security-group-rules']];

export function registerNetworkApi(app: FastifyInstance, s: Services): void {
  void app.register(async (child) => {
    child.setErrorHandler((err, _req, reply) => neutronErrorHandler(err, reply));
    child.setNotFoundHandler((_req, reply) => sendNeutronError(reply, 404, 'HTTPNotFound', 'The resource could not be found.'));
    child.addHook('onRequest', async (req) => {
      const config = req.routeOptions.config as { publicRoute?: boolean } | undefined;
      if (!config?.publicRoute) await child.authenticate(req);
    });
    const origin = (req: FastifyRequest): string => originOf(req, s.config.publicUrl);
    child.get('/', { config: { publicRoute: true } }, async (req) => ({
      versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${origin(req)}/networking/v2.0/` }] }],
    }));
    child.get('/v2.0', async (req) => ({
      resources: COLLECTIONS.map(([name, collection]) => ({
        name, collection, links: [{ rel: 'self', href: `${origin(req)}/networking/v2.0/${collection}` }],
      })),
    }));
    resourceRoutes(child, s);
    floatingIpWriteRoutes(child, s);
    quotaRoutes(child, s);
    securityGroupRoutes(child, s);
  }, { prefix: '/networking' });
}
