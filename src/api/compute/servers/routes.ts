/** The servers route table: CRUD, actions, metadata, ips and instance actions. */
import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';
import { extraActions } from '../action-extensions.js';
import { actionTable, dispatchAction } from './actions.js';
import { ServersController } from './controller.js';
import { ServerSubresources } from './subresources.js';
import { showTopology } from './topology.js';

type P = { server_id: string; key: string; network: string; request_id: string };

export function serverRoutes(s: Services): RouteDef[] {
  const c = new ServersController(s);
  const sub = new ServerSubresources(s);
  const actions = actionTable(s, ...extraActions(s));
  const id = (req: { params: unknown }): P => req.params as P;
  return [
    { method: 'GET', path: '/servers', handler: (ctx, req) => c.index(ctx, req, false) },
    { method: 'GET', path: '/servers/detail', handler: (ctx, req) => c.index(ctx, req, true) },
    { method: 'POST', path: '/servers', handler: (ctx, req, reply) => c.create(ctx, req, reply) },
    { method: 'POST', path: '/os-volumes_boot', handler: (ctx, req, reply) => c.create(ctx, req, reply) },
    { method: 'GET', path: '/servers/:server_id', handler: (ctx, req) => c.show(ctx, id(req).server_id) },
    // The seed's slips: GET /servers/{id}/detail and GET /servers/{id}/action show the server.
    { method: 'GET', path: '/servers/:server_id/detail', handler: (ctx, req) => c.show(ctx, id(req).server_id) },
    { method: 'GET', path: '/servers/:server_id/action', handler: (ctx, req) => c.show(ctx, id(req).server_id) },
    { method: 'PUT', path: '/servers/:server_id', handler: (ctx, req) => c.update(ctx, id(req).server_id, req.body) },
    { method: 'DELETE', path: '/servers/:server_id', status: 204, handler: (ctx, req) => c.delete(ctx, id(req).server_id) },
    { method: 'POST', path: '/servers/:server_id/action', handler: (ctx, req, reply) => dispatchAction(actions, ctx, id(req).server_id, req.body, reply) },
    { method: 'GET', path: '/servers/:server_id/metadata', handler: (ctx, req) => sub.listMetadata(ctx, id(req).server_id) },
    { method: 'POST', path: '/servers/:server_id/metadata', handler: (ctx, req) => sub.setMetadata(ctx, id(req).server_id, req.body, false) },
    { method: 'PUT', path: '/servers/:server_id/metadata', handler: (ctx, req) => sub.setMetadata(ctx, id(req).server_id, req.body, true) },
    { method: 'GET', path: '/servers/:server_id/metadata/:key', handler: (ctx, req) => sub.showMetadataItem(ctx, id(req).server_id, id(req).key) },
    { method: 'PUT', path: '/servers/:server_id/metadata/:key', handler: (ctx, req) => sub.setMetadataItem(ctx, id(req).server_id, id(req).key, req.body) },
    { method: 'DELETE', path: '/servers/:server_id/metadata/:key', status: 204, handler: (ctx, req) => sub.deleteMetadataItem(ctx, id(req).server_id, id(req).key) },
    { method: 'GET', path: '/servers/:server_id/topology', minVersion: '2.78', handler: (ctx, req) => showTopology(s, ctx, id(req).server_id) },
    { method: 'GET', path: '/servers/:server_id/ips', handler: (ctx, req) => sub.ips(ctx, id(req).server_id) },
    { method: 'GET', path: '/servers/:server_id/ips/:network', handler: (ctx, req) => sub.ipsByNetwork(ctx, id(req).server_id, id(req).network) },
  ];
}
