/**
 * Every server answer of microversions 2.54-2.93 validated against Tempest's own response schemas
 * (the Debian tempest package's tempest/lib/api_schema/response/compute/v2_NN/servers.py, the
 * same selection Tempest's servers client makes per microversion), for an admin and a member.
 * Skipped, with the reason, where that package is not installed.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { Ajv } from 'ajv';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const TEMPEST = '/usr/lib/python3/dist-packages/tempest/lib/api_schema/response/compute';
const NO_TEMPEST = existsSync(TEMPEST) ? false : 'the Debian tempest package (its response schemas) is not installed';

/** Tempest's servers client: the schema module per microversion range (first version of each). */
const MODULES: Array<[string, string]> = [['2.54', 'v2_54'], ['2.57', 'v2_57'], ['2.58', 'v2_58'], ['2.62', 'v2_62'], ['2.63', 'v2_63'],
  ['2.70', 'v2_70'], ['2.71', 'v2_71'], ['2.73', 'v2_73'], ['2.75', 'v2_75'], ['2.79', 'v2_79'], ['2.93', 'v2_79']];
const KINDS = ['get_server', 'list_servers', 'list_servers_detail', 'update_server', 'rebuild_server', 'rebuild_server_with_admin_pass'];

type Schemas = Record<string, Record<string, object>>;
let schemas: Schemas = {};
let n: TestNovum;
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
// The formats Tempest's checker knows; the others are not checked (as jsonschema ignores unknown ones).
ajv.addFormat('ipv4', { type: 'string', validate: (x: string) => isIPv4(x) });
ajv.addFormat('ipv6', { type: 'string', validate: (x: string) => isIPv6(x) });
ajv.addFormat('uuid', /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i);
ajv.addFormat('base64', /^[A-Za-z0-9+/]*={0,2}$/);
for (const f of ['date-time', 'iso8601-date-time', 'uri', 'email', 'regex', 'hostname']) ajv.addFormat(f, true);

before(async () => {
  if (NO_TEMPEST) return;
  const script = `import json, importlib\nout = {}\nfor mod in ${JSON.stringify([...new Set(MODULES.map((m) => m[1]))])}:\n` +
    `    m = importlib.import_module('tempest.lib.api_schema.response.compute.' + mod + '.servers')\n` +
    `    out[mod] = {k: getattr(m, k)['response_body'] for k in ${JSON.stringify(KINDS)}}\nprint(json.dumps(out))\n`;
  schemas = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' })) as Schemas;
  n = await startNovum();
  for (const p of ['openstack', 'demo']) {
    await n.request('PUT', `/v2.1/os-quota-sets/${p}`, { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
  }
});
after(async () => { await n?.close(); });

function check(mod: string, kind: string, body: unknown, what: string): void {
  const validate = ajv.compile(schemas[mod][kind]);
  assert.ok(validate(body), `${what} (${mod}.${kind}): ${JSON.stringify(validate.errors)}\n${JSON.stringify(body).slice(0, 3000)}`);
}

for (const [v, mod] of MODULES) {
  test(`at ${v} show, list, detail, update and rebuild validate against Tempest's ${mod} schemas`, { skip: NO_TEMPEST }, async () => {
    for (const token of ['admin:openstack', 'demo:demo']) {
      const opts = { headers: { 'X-OpenStack-Nova-API-Version': v }, token };
      const created = await n.request('POST', '/v2.1/servers', { ...opts, body: { server: { name: `s-${v}`, imageRef: IMAGE, flavorRef: '1', networks: 'auto' } } });
      assert.equal(created.status, 202, created.text);
      const id = created.body.server.id as string;
      await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', opts);
      check(mod, 'get_server', (await n.request('GET', `/v2.1/servers/${id}`, opts)).body, `${token} show`);
      check(mod, 'list_servers', (await n.request('GET', '/v2.1/servers', opts)).body, `${token} list`);
      check(mod, 'list_servers_detail', (await n.request('GET', '/v2.1/servers/detail', opts)).body, `${token} detail`);
      check(mod, 'update_server', (await n.request('PUT', `/v2.1/servers/${id}`, { ...opts, body: { server: { name: 'renamed' } } })).body, `${token} update`);
      const rebuilt = await n.request('POST', `/v2.1/servers/${id}/action`, { ...opts, body: { rebuild: { imageRef: IMAGE } } });
      assert.equal(rebuilt.status, 202, rebuilt.text);
      check(mod, 'rebuild_server_with_admin_pass', rebuilt.body, `${token} rebuild`);
      await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', opts);
      const { adminPass: _pass, ...withoutPass } = rebuilt.body.server as Record<string, unknown>;
      check(mod, 'rebuild_server', { server: withoutPass }, `${token} rebuild without the password`);
    }
  });
}
