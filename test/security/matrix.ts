/**
 * What the isolation matrix sends and expects: which routes are admin-only (a member gets 403),
 * which answer without a token, the value of each path parameter (demo's resource where there is
 * one) and a valid body, so that the check under test is ownership, not validation.
 */
import type { RouteEntry } from './support.js';
import type { DemoWorld } from './fixture.js';
import { IMAGE } from './fixture.js';

/** Routes a project member is refused with 403 (Nova/Keystone policy: admin only). */
export const ADMIN_ONLY = new Set([
  'GET /_compute/os-migrations',
  'GET /_compute/os-hypervisors', 'GET /_compute/os-hypervisors/detail', 'GET /_compute/os-hypervisors/statistics',
  'GET /_compute/os-hypervisors/:id', 'GET /_compute/os-hypervisors/:id/uptime', 'GET /_compute/os-hypervisors/:id/search',
  'GET /_compute/os-hypervisors/:id/servers',
  'GET /_compute/os-hosts', 'GET /_compute/os-hosts/:host', 'PUT /_compute/os-hosts/:host', 'GET /_compute/os-hosts/:host/startup',
  'GET /_compute/os-hosts/:host/shutdown', 'GET /_compute/os-hosts/:host/reboot',
  'GET /_compute/os-services', 'PUT /_compute/os-services/:action|:id', 'DELETE /_compute/os-services/:action|:id',
  'GET /_compute/os-console-auth-tokens/:token',
  'PUT /_compute/os-quota-sets/:tenant_id', 'DELETE /_compute/os-quota-sets/:tenant_id', 'PUT /_compute/os-quota-class-sets/:id',
  'POST /_compute/flavors', 'DELETE /_compute/flavors/:flavor_id', 'POST /_compute/flavors/:flavor_id/action',
  'POST /_compute/flavors/:flavor_id/os-extra_specs', 'PUT /_compute/flavors/:flavor_id/os-extra_specs/:key',
  'DELETE /_compute/flavors/:flavor_id/os-extra_specs/:key',
  'GET /_compute/os-availability-zone/detail', 'GET /_compute/os-simple-tenant-usage',
  'POST /identity/v3/projects', 'DELETE /identity/v3/projects/:id|:project', 'POST /identity/v3/users', 'DELETE /identity/v3/users/:id',
  'PUT /identity/v3/projects/:id|:project/users/:user/roles/:role', 'DELETE /identity/v3/projects/:id|:project/users/:user/roles/:role',
]);

/** Routes that may name another project's id: its defaults are the same for every project (Nova: policy "@"). */
export const NOT_OWNED = new Set(['GET /_compute/os-quota-sets/:tenant_id/defaults']);

/** Routes that answer without a token (version documents, token issue). */
export const PUBLIC = new Set([
  'GET /_versions', 'GET /_version/:v', 'GET /identity', 'GET /identity/v3', 'GET /identity/v2.0', 'POST /identity/v3/auth/tokens',
  'POST /identity/v2.0/tokens', 'GET /image', 'GET /image/versions', 'GET /image/v2', 'GET /networking', 'GET /volume', 'GET /volume/v3',
  'GET /volume/v3/:project_id',
  // noVNC's static files, GET /novnc/* (Fastify's printRoutes shows a wildcard route as `*`); its websocket checks a console token.
  'GET *',
]);

/** The value of path parameter `name` in `route`: demo's resource where the route takes one. */
export function paramValues(w: DemoWorld, route: RouteEntry, name: string): string {
  const byName: Record<string, string> = {
    server_id: w.server, request_id: w.requestId, volume_id: w.attached, key: 'k1', network: 'private', keypair_name: w.keypair,
    tenant_id: w.projects.demo, flavor_id: w.flavor, image_id: w.image, token: w.consoleToken, host: 'compute-1', zone: 'nova',
    alias: 'os-keypairs', tag: 'tag1', project: w.projects.demo, user: w.users.demo2, role: w.memberRole, project_id: w.projects.demo2,
    v: 'v2.1',
  };
  if (name === 'action|:id') return route.method === 'PUT' ? 'disable' : w.service;
  if (name in byName) return byName[name];
  const collection = route.path.replace(/\/:.*$/, '').split('/').pop()!;
  const byCollection: Record<string, string> = {
    'os-volumes': w.volume, 'os-snapshots': w.snapshot, 'os-server-groups': w.serverGroup, 'os-floating-ips': w.floatingIp.id,
    'os-hypervisors': w.hypervisor, 'os-quota-class-sets': 'default', projects: w.projects.demo, users: w.users.demo, domains: 'default',
    roles: w.memberRole, images: w.image, ports: w.port, floatingips: w.floatingIp.id, volumes: w.volume, snapshots: w.snapshot,
  };
  return byCollection[collection] ?? 'private';
}

/** admin-only, owned (names a resource of demo's: demo2 gets 404 or 403), or open. */
export function classify(w: DemoWorld, route: RouteEntry): 'admin' | 'owned' | 'open' {
  const key = `${route.method} ${route.path}`;
  if (ADMIN_ONLY.has(key)) return 'admin';
  if (PUBLIC.has(key) || NOT_OWNED.has(key)) return 'open';
  const values: string[] = [];
  route.path.replace(/:(\w+(?:\|:\w+)*)/g, (_m, name: string) => {
    values.push(paramValues(w, route, name));
    return '';
  });
  return values.some((v) => w.secrets.includes(v)) ? 'owned' : 'open';
}

const JSON_PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };

/** A body valid for the route (so that ownership or policy decides), or an invalid one for creates. */
export function bodyFor(w: DemoWorld, route: RouteEntry): { body?: unknown; headers?: Record<string, string> } {
  const p = route.path;
  const bodies: Record<string, unknown> = {
    'PUT /_compute/servers/:server_id': { server: { name: 'renamed' } },
    'POST /_compute/servers/:server_id/metadata': { metadata: { a: 'b' } },
    'PUT /_compute/servers/:server_id/metadata': { metadata: { a: 'b' } },
    'PUT /_compute/servers/:server_id/metadata/:key': { meta: { k1: 'v' } },
    'POST /_compute/servers/:server_id/os-volume_attachments': { volumeAttachment: { volumeId: w.demo2Volume } },
    'PUT /_compute/servers/:server_id/os-volume_attachments/:volume_id': { volumeAttachment: { volumeId: w.demo2Volume } },
    'POST /_compute/servers/:server_id/remote-consoles': { remote_console: { protocol: 'vnc', type: 'novnc' } },
    'POST /_compute/flavors': { flavor: { name: 'f', ram: 64, vcpus: 1, disk: 1 } },
    'PUT /_compute/flavors/:flavor_id': { flavor: { description: 'd' } },
    'POST /_compute/flavors/:flavor_id/action': { addTenantAccess: { tenant: w.projects.demo2 } },
    'POST /_compute/flavors/:flavor_id/os-extra_specs': { extra_specs: { a: 'b' } },
    'PUT /_compute/flavors/:flavor_id/os-extra_specs/:key': { k1: 'v' },
    'PUT /_compute/os-quota-sets/:tenant_id': { quota_set: { instances: 50 } },
    'PUT /_compute/os-quota-class-sets/:id': { quota_class_set: { instances: 50 } },
    'PUT /_compute/os-hosts/:host': { status: 'disable' },
    'PUT /_compute/os-services/:action|:id': { host: 'compute-1', binary: 'nova-compute' },
    'POST /_compute/images/:image_id/metadata': { metadata: { a: 'b' } },
    'PUT /_compute/images/:image_id/metadata': { metadata: { a: 'b' } },
    'PUT /_compute/images/:image_id/metadata/:key': { meta: { k1: 'v' } },
    'POST /_compute/os-floating-ips': { pool: 'no-such-pool' },
    'POST /identity/v3/projects': { project: { name: 'p' } },
    'POST /identity/v3/users': { user: { name: 'u' } },
  };
  const key = `${route.method} ${p}`;
  if (key in bodies) return { body: bodies[key] };
  if (key === 'PATCH /image/v2/images/:id') return { body: JSON.stringify([{ op: 'replace', path: '/name', value: 'x' }]), headers: JSON_PATCH };
  if (key === 'PUT /image/v2/images/:id/file') return { body: 'abc', headers: { 'content-type': 'application/octet-stream' } };
  if (route.method === 'POST' && !p.includes('/identity/')) return { body: { bogus: 1 } };
  return {};
}

/** A valid body for each server action. */
export function actionBody(w: DemoWorld, action: string): Record<string, unknown> {
  const args: Record<string, unknown> = {
    reboot: { type: 'SOFT' }, resize: { flavorRef: '2' }, rebuild: { imageRef: IMAGE }, changePassword: { adminPass: 'x' },
    createImage: { name: 'i' }, createBackup: { name: 'b', backup_type: 'daily', rotation: 1 }, 'os-resetState': { state: 'active' },
    'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false }, evacuate: { onSharedStorage: false },
    addSecurityGroup: { name: 'default' }, removeSecurityGroup: { name: 'default' }, addFloatingIp: { address: w.floatingIp.ip },
    removeFloatingIp: { address: w.floatingIp.ip }, 'os-getVNCConsole': { type: 'novnc' }, 'os-getSPICEConsole': { type: 'spice-html5' },
    'os-getRDPConsole': { type: 'rdp-html5' }, 'os-getSerialConsole': { type: 'serial' }, 'os-getConsoleOutput': { length: 10 },
  };
  return { [action]: args[action] ?? null };
}
