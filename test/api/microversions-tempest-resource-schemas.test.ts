/**
 * Answers of the non-server resources at microversions 2.55-2.93 validated against Tempest's own
 * response schemas (the Debian tempest package's tempest/lib/api_schema/response/compute/v2_NN/,
 * the newest module of each resource that Tempest's clients pick for the version asked), for an
 * admin and, where members may look, a member. Skipped, with the reason, where that package is
 * not installed.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { Ajv } from 'ajv';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const PUBLIC_KEY = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova';
const TEMPEST = '/usr/lib/python3/dist-packages/tempest/lib/api_schema/response/compute';
const NO_TEMPEST = existsSync(TEMPEST) ? false : 'the Debian tempest package (its response schemas) is not installed';
/** module → the schema kinds used here */
const KINDS: Record<string, string[]> = {
  'v2_61.flavors': ['list_flavors', 'list_flavors_details', 'create_update_get_flavor_details'],
  'v2_59.migrations': ['list_migrations'],
  'v2_79.servers': ['show_instance_action', 'attach_volume', 'show_volume_attachment', 'list_volume_attachments'],
  'v2_64.server_groups': ['create_show_server_group', 'list_server_groups'],
  'v2_57.quotas': ['get_quota_set', 'get_quota_set_details', 'update_quota_set'],
  'v2_57.quota_classes': ['get_quota_class_set'],
  'v2_57.limits': ['get_limit'],
  'v2_70.interfaces': ['list_interfaces', 'get_create_interfaces'],
  'v2_2.keypairs': ['create_keypair', 'get_keypair', 'list_keypairs'],
};

type Schema = { status_code: number[]; response_body: object };
let schemas: Record<string, Record<string, Schema>> = {};
let n: TestNovum;
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
ajv.addFormat('uuid', /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i);
ajv.addFormat('ipv4', { type: 'string', validate: (x: string) => isIPv4(x) });
ajv.addFormat('ipv6', { type: 'string', validate: (x: string) => isIPv6(x) });
// The other formats Tempest's checker does not check either.
for (const f of ['date-time', 'iso8601-date-time', 'uri', 'email', 'regex', 'hostname', 'base64']) ajv.addFormat(f, true);

before(async () => {
  if (NO_TEMPEST) return;
  const script = 'import json, importlib\nout = {}\n'
    + `for mod, kinds in ${JSON.stringify(KINDS)}.items():\n`
    + "    m = importlib.import_module('tempest.lib.api_schema.response.compute.' + mod)\n"
    + '    out[mod] = {k: {"status_code": getattr(m, k)["status_code"], "response_body": getattr(m, k)["response_body"]} for k in kinds}\n'
    + 'print(json.dumps(out))\n';
  schemas = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }));
  n = await startNovum();
});
after(async () => { await n?.close(); });

/** Sends the request at `v` and checks the answer's status and body against Tempest's schema. */
async function check(mod: string, kind: string, v: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const r = await n.request(method, `/v2.1${path}`, { headers: { 'X-OpenStack-Nova-API-Version': v }, body, token });
  const s = schemas[mod][kind];
  assert.ok(s.status_code.includes(r.status), `${method} ${path} at ${v}: ${r.status} ${r.text}`);
  const validate = ajv.compile(s.response_body);
  assert.ok(validate(r.body), `${method} ${path} at ${v} (${mod}.${kind}): ${JSON.stringify(validate.errors)}\n${r.text.slice(0, 2000)}`);
  return r.body;
}

async function boot(token: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name: 'schemas', imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return r.body.server.id;
}

test('flavors (2.61 schemas at 2.93), quotas and limits (2.57), keypairs (2.2 at 2.92)', { skip: NO_TEMPEST }, async () => {
  const flavor = { flavor: { name: 'ts', ram: 64, vcpus: 1, disk: 1, id: 'ts', description: 'd' } };
  await check('v2_61.flavors', 'create_update_get_flavor_details', '2.93', 'POST', '/flavors', flavor);
  await n.request('POST', '/v2.1/flavors/ts/os-extra_specs', { headers: { 'X-OpenStack-Nova-API-Version': '2.93' }, body: { extra_specs: { 'hw:cpu_policy': 'shared' } } });
  await check('v2_61.flavors', 'create_update_get_flavor_details', '2.93', 'PUT', '/flavors/ts', { flavor: { description: 'e' } });
  for (const token of ['admin:openstack', 'demo:demo']) {
    await check('v2_61.flavors', 'list_flavors', '2.93', 'GET', '/flavors', undefined, token);
    await check('v2_61.flavors', 'list_flavors_details', '2.93', 'GET', '/flavors/detail', undefined, token);
    await check('v2_61.flavors', 'create_update_get_flavor_details', '2.93', 'GET', '/flavors/ts', undefined, token);
    await check('v2_57.limits', 'get_limit', '2.93', 'GET', '/limits', undefined, token);
  }
  await check('v2_57.quotas', 'get_quota_set', '2.93', 'GET', '/os-quota-sets/openstack');
  await check('v2_57.quotas', 'get_quota_set_details', '2.93', 'GET', '/os-quota-sets/openstack/detail');
  await check('v2_57.quotas', 'update_quota_set', '2.93', 'PUT', '/os-quota-sets/demo', { quota_set: { instances: 20 } });
  await check('v2_57.quota_classes', 'get_quota_class_set', '2.93', 'GET', '/os-quota-class-sets/default');
  await check('v2_2.keypairs', 'create_keypair', '2.92', 'POST', '/os-keypairs', { keypair: { name: 'k.1@x', public_key: PUBLIC_KEY } });
  await check('v2_2.keypairs', 'get_keypair', '2.92', 'GET', '/os-keypairs/k.1@x');
  await check('v2_2.keypairs', 'list_keypairs', '2.92', 'GET', '/os-keypairs');
});

test('server groups (2.64), instance actions (2.79 module at 2.83), volume attachments (2.79 module at 2.93), interfaces (2.70)', { skip: NO_TEMPEST }, async () => {
  const group = await check('v2_64.server_groups', 'create_show_server_group', '2.93', 'POST', '/os-server-groups',
    { server_group: { name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: 2 } } });
  await check('v2_64.server_groups', 'create_show_server_group', '2.93', 'GET', `/os-server-groups/${group.server_group.id}`);
  await check('v2_64.server_groups', 'list_server_groups', '2.93', 'GET', '/os-server-groups');
  for (const token of ['admin:openstack', 'demo:demo']) {
    const server = await boot(token);
    const project = token.split(':')[1];
    const actions = (await n.request('GET', `/v2.1/servers/${server}/os-instance-actions`, { token })).body.instanceActions;
    // Tempest 33 has no 2.84 schema (event `details`); its newest, 2.79's, holds up to 2.83.
    await check('v2_79.servers', 'show_instance_action', '2.83', 'GET', `/servers/${server}/os-instance-actions/${actions[0].request_id}`, undefined, token);
    const vol = await n.request('POST', `/volume/v3/${project}/volumes`, { token, body: { volume: { size: 1 } } });
    await n.waitFor(`/volume/v3/${project}/volumes/${vol.body.volume.id}`, (x) => x.body.volume.status === 'available', { token });
    const base = `/servers/${server}/os-volume_attachments`;
    // Tempest's newest attachment schemas are 2.79's (2.89 renamed id: Tempest 33 does not know it).
    await check('v2_79.servers', 'attach_volume', '2.79', 'POST', base, { volumeAttachment: { volumeId: vol.body.volume.id, tag: 't' } }, token);
    await check('v2_79.servers', 'show_volume_attachment', '2.79', 'GET', `${base}/${vol.body.volume.id}`, undefined, token);
    await check('v2_79.servers', 'list_volume_attachments', '2.79', 'GET', base, undefined, token);
    const ifaces = await check('v2_70.interfaces', 'list_interfaces', '2.93', 'GET', `/servers/${server}/os-interface`, undefined, token);
    await check('v2_70.interfaces', 'get_create_interfaces', '2.93', 'GET', `/servers/${server}/os-interface/${ifaces.interfaceAttachments[0].port_id}`, undefined, token);
  }
});

test('os-migrations (2.59 module, at 2.59 and 2.79)', { skip: NO_TEMPEST }, async () => {
  const server = await boot('admin:openstack');
  await n.request('POST', `/v2.1/servers/${server}/action`, { body: { migrate: null } });
  await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body.server.status === 'VERIFY_RESIZE');
  for (const v of ['2.59', '2.79']) {
    const list = await check('v2_59.migrations', 'list_migrations', v, 'GET', '/os-migrations');
    assert.ok(list.migrations.length > 0);
  }
});
