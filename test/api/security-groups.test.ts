/**
 * Security groups: Nova's proxies (os-security-groups, os-security-group-rules, the server's
 * groups and actions, security_groups on create and in views, quotas) and Neutron's API under
 * /networking over the same store.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const SAMPLES = new URL('../../../shared/nova-api-samples/os-security-groups/', import.meta.url);
const sample = (p: string): any => JSON.parse(readFileSync(new URL(p, SAMPLES), 'utf8'));
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const MISSING = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const MV235 = { 'X-OpenStack-Nova-API-Version': '2.35' };

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const nova = (method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
  n.request(method, `/v2.1${url}`, { token, body, headers });
const neutron = (method: string, url: string, token: string, body?: unknown) => n.request(method, `/networking/v2.0${url}`, { token, body });

async function createGroup(token: string, name: string, description = 'd'): Promise<any> {
  const r = await nova('POST', '/os-security-groups', token, { security_group: { name, description } });
  assert.equal(r.status, 200, r.text);
  return r.body.security_group;
}

async function boot(token: string, name: string, groups?: string[]): Promise<string> {
  const server: Record<string, unknown> = { name, imageRef: IMAGE, flavorRef: '1' };
  if (groups) server.security_groups = groups.map((g) => ({ name: g }));
  const r = await nova('POST', '/servers', token, { server });
  assert.equal(r.status, 202, r.text);
  // Nova's create response echoes the groups as requested (names or ids); 'default' when none.
  assert.deepEqual(r.body.server.security_groups, (groups ?? ['default']).map((g) => ({ name: g })));
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}

describe('os-security-groups (Nova proxy, up to 2.35)', () => {
  test('a project\'s first list creates its default group: Nova\'s keys, ingress rules from the group itself', async () => {
    const r = await nova('GET', '/os-security-groups', 'u:sgp1');
    assert.equal(r.status, 200);
    assert.equal(r.body.security_groups.length, 1);
    const g = r.body.security_groups[0];
    assert.deepEqual(Object.keys(g).sort(), Object.keys(sample('security-groups-list-get-resp.json').security_groups[0]).sort());
    assert.deepEqual([g.name, g.description, g.tenant_id], ['default', 'Default security group', 'sgp1']);
    // Neutron's default group: ingress from itself (IPv4 and IPv6); egress rules are not Nova's to show.
    assert.equal(g.rules.length, 2);
    for (const rule of g.rules) {
      assert.deepEqual({ ...rule, id: undefined }, {
        id: undefined, parent_group_id: g.id, ip_protocol: null, from_port: null, to_port: null, group: { name: 'default', tenant_id: 'sgp1' }, ip_range: {},
      });
    }
    const again = await nova('GET', '/os-security-groups', 'u:sgp1');
    assert.deepEqual(again.body.security_groups.map((x: any) => x.id), [g.id], 'one default group only');
  });

  test('create, show, update, delete; sorted by name; errors as Nova words them', async () => {
    const t = 'u:sgp2';
    const web = await createGroup(t, 'web', 'web servers');
    assert.deepEqual({ ...web, id: undefined }, { id: undefined, name: 'web', description: 'web servers', tenant_id: 'sgp2', rules: [] });
    await createGroup(t, 'app');
    const list = await nova('GET', '/os-security-groups', t);
    assert.deepEqual(list.body.security_groups.map((g: any) => g.name), ['app', 'default', 'web']);
    const paged = await nova('GET', '/os-security-groups?limit=1&offset=1', t);
    assert.equal(paged.body.security_groups.length, 1);
    assert.deepEqual((await nova('GET', `/os-security-groups/${web.id}`, t)).body.security_group, web);
    const upd = await nova('PUT', `/os-security-groups/${web.id}`, t, { security_group: { name: 'www', description: 'renamed' } });
    assert.deepEqual([upd.status, upd.body.security_group.name, upd.body.security_group.description], [200, 'www', 'renamed']);
    assert.equal((await nova('DELETE', `/os-security-groups/${web.id}`, t)).status, 202);
    const gone = await nova('GET', `/os-security-groups/${web.id}`, t);
    assert.deepEqual(gone.body, { itemNotFound: { code: 404, message: `Security group ${web.id} does not exist` } });
    const notUuid = await nova('GET', '/os-security-groups/abc', t);
    assert.deepEqual(notUuid.body, { badRequest: { code: 400, message: 'Security group id should be uuid' } });
    const noName = await nova('POST', '/os-security-groups', t, { security_group: { description: 'x' } });
    assert.equal(noName.status, 400);
    assert.match(noName.body.badRequest.message, /'name' is a required property/);
    // Neutron refuses a second `default` with a 409, which Nova reports as a quota 403.
    const dflt = await nova('POST', '/os-security-groups', t, { security_group: { name: 'default', description: '' } });
    assert.deepEqual(dflt.body, { forbidden: { code: 403, message: 'Default security group already exists.' } });
    const other = await nova('GET', `/os-security-groups/${upd.body.security_group.id}`, 'u:sgp2-other');
    assert.equal(other.status, 404, 'another project does not see it');
  });

  test('gone from 2.36; legacy v2 serves it', async () => {
    const r = await nova('GET', '/os-security-groups', 'u:sgp3', undefined, { 'X-OpenStack-Nova-API-Version': '2.36' });
    assert.equal(r.status, 404);
    assert.equal((await nova('GET', '/os-security-groups', 'u:sgp3', undefined, MV235)).status, 200);
    assert.equal((await n.request('GET', '/v2/sgp3/os-security-groups', { token: 'u:sgp3' })).status, 200);
    const rule = await n.request('POST', '/v2.1/os-security-group-rules', { token: 'u:sgp3', body: {}, headers: { 'X-OpenStack-Nova-API-Version': '2.36' } });
    assert.equal(rule.status, 404);
  });

  test('admins list every project\'s groups with all_tenants', async () => {
    await createGroup('u:sgp4', 'mine');
    const own = await nova('GET', '/os-security-groups', 'admin:openstack');
    assert.ok(own.body.security_groups.every((g: any) => g.tenant_id === 'openstack'));
    const all = await nova('GET', '/os-security-groups?all_tenants=1', 'admin:openstack');
    assert.ok(all.body.security_groups.some((g: any) => g.tenant_id === 'sgp4' && g.name === 'mine'));
  });
});

describe('os-security-group-rules', () => {
  test('a CIDR rule as in Nova\'s sample; the group shows it; delete', async () => {
    const t = 'u:sgr1';
    const g = await createGroup(t, 'ssh');
    const req = sample('security-group-rules-post-req.json');
    req.security_group_rule.parent_group_id = g.id;
    const r = await nova('POST', '/os-security-group-rules', t, req);
    assert.equal(r.status, 200, r.text);
    const expected = sample('security-group-rules-post-resp.json').security_group_rule;
    assert.deepEqual({ ...r.body.security_group_rule, id: 'x' }, { ...expected, id: 'x', parent_group_id: g.id });
    const shown = (await nova('GET', `/os-security-groups/${g.id}`, t)).body.security_group;
    assert.deepEqual(shown.rules, [r.body.security_group_rule]);
    const dup = await nova('POST', '/os-security-group-rules', t, req);
    assert.deepEqual(dup.body, { badRequest: { code: 400, message: `This rule already exists in group ${g.id}` } });
    assert.equal((await nova('DELETE', `/os-security-group-rules/${r.body.security_group_rule.id}`, t)).status, 202);
    const missing = await nova('DELETE', `/os-security-group-rules/${MISSING}`, t);
    assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: `Security group rule ${MISSING} does not exist` } });
  });

  test('a source-group rule opens the protocol\'s whole range; icmp -1', async () => {
    const t = 'u:sgr2';
    const g = await createGroup(t, 'a');
    const src = await createGroup(t, 'b');
    const tcp = await nova('POST', '/os-security-group-rules', t, { security_group_rule: { parent_group_id: g.id, group_id: src.id, ip_protocol: 'tcp' } });
    assert.deepEqual({ ...tcp.body.security_group_rule, id: 'x' }, {
      id: 'x', parent_group_id: g.id, ip_protocol: 'tcp', from_port: 1, to_port: 65535, group: { name: 'b', tenant_id: 'sgr2' }, ip_range: {},
    });
    const icmp = await nova('POST', '/os-security-group-rules', t, { security_group_rule: { parent_group_id: g.id, ip_protocol: 'icmp', from_port: -1, to_port: -1 } });
    assert.deepEqual([icmp.body.security_group_rule.from_port, icmp.body.security_group_rule.to_port, icmp.body.security_group_rule.ip_range], [-1, -1, { cidr: '0.0.0.0/0' }]);
  });

  test('Nova\'s checks of protocol, ports and cidr', async () => {
    const t = 'u:sgr3';
    const g = await createGroup(t, 'checks');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ip_protocol: 'tcp', from_port: 'a', to_port: 22 }, 'Invalid input received: To and From ports must be integers'],
      [{ ip_protocol: 'icmp', from_port: 'a', to_port: 0 }, 'Invalid input received: Type and Code must be integers for ICMP protocol type'],
      [{ ip_protocol: 'gre', from_port: 1, to_port: 2 }, 'Invalid IP protocol gre.'],
      [{ ip_protocol: 'tcp', from_port: 30, to_port: 20 }, 'Invalid port range 30:20. Former value cannot be greater than the later'],
      [{ ip_protocol: 'udp', from_port: 0, to_port: 20 }, 'Invalid port range 0:20. Valid UDP ports should be between 1-65535'],
      [{ ip_protocol: 'icmp', from_port: 256, to_port: 0 }, 'Invalid port range 256:0. For ICMP, the type:code must be valid'],
      [{ ip_protocol: 'tcp' }, 'Not enough parameters to build a valid rule.'],
      [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.0' }, '10.0.0.0 is not a valid IP network.'],
      [{ ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.0/0' }, 'Bad prefix for network in cidr 10.0.0.0/0'],
    ];
    for (const [rule, message] of cases) {
      const r = await nova('POST', '/os-security-group-rules', t, { security_group_rule: { parent_group_id: g.id, ...rule } });
      assert.deepEqual(r.body, { badRequest: { code: 400, message } }, JSON.stringify(rule));
    }
    const badParent = await nova('POST', '/os-security-group-rules', t, { security_group_rule: { parent_group_id: 'nope' } });
    assert.equal(badParent.status, 400);
    const noParent = await nova('POST', '/os-security-group-rules', t, { security_group_rule: { parent_group_id: MISSING, ip_protocol: 'tcp', from_port: 1, to_port: 2 } });
    assert.deepEqual(noParent.body, { itemNotFound: { code: 404, message: `Security group ${MISSING} does not exist` } });
  });
});

describe('quotas (set through os-quota-sets up to 2.35, as Tempest\'s QuotasSecurityGroupAdminNegativeTest)', () => {
  test('security_groups: at the limit, a create is 403; security_group_rules 0: a rule is 403', async () => {
    const t = 'u:sgq';
    const used = (await nova('GET', '/limits', t, undefined, MV235)).body.limits.absolute.totalSecurityGroupsUsed;
    const set = (quota_set: Record<string, unknown>) => nova('PUT', '/os-quota-sets/sgq', 'admin:openstack', { quota_set: { ...quota_set, force: true } }, MV235);
    assert.equal((await set({ security_groups: used })).status, 200);
    const over = await nova('POST', '/os-security-groups', t, { security_group: { name: 'sg-overlimit', description: 'sg-desc' } });
    assert.deepEqual(over.body, { forbidden: { code: 403, message: "Quota exceeded for resources: ['security_group']." } });
    assert.equal((await set({ security_groups: 10, security_group_rules: 0 })).status, 200);
    const g = await createGroup(t, 'rules');
    const rule = await nova('POST', '/os-security-group-rules', t, { security_group_rule: { parent_group_id: g.id, ip_protocol: 'tcp', from_port: 1025, to_port: 1025 } });
    assert.deepEqual(rule.body, { forbidden: { code: 403, message: "Quota exceeded for resources: ['security_group_rule']." } });
    const nq = await neutron('GET', '/quotas/sgq', t);
    assert.deepEqual([nq.body.quota.security_group, nq.body.quota.security_group_rule], [10, 0], 'Neutron shows the same limits');
  });
});

describe('servers and their groups', () => {
  test('created in named groups (by name or id); the view and os-security-groups show them', async () => {
    const t = 'u:sgs1';
    const web = await createGroup(t, 'web');
    const id = await boot(t, 's1', ['default', web.id]);
    const server = (await nova('GET', `/servers/${id}`, t)).body.server;
    assert.deepEqual(server.security_groups, [{ name: 'default' }, { name: 'web' }]);
    const list = await nova('GET', `/servers/${id}/os-security-groups`, t);
    assert.deepEqual(list.body.security_groups.map((g: any) => g.name), ['default', 'web']);
    assert.deepEqual(Object.keys(list.body.security_groups[0]).sort(), Object.keys(sample('server-security-groups-list-resp.json').security_groups[0]).sort());
    // the server list at 2.93 shows them too, and a rename shows there
    await nova('PUT', `/os-security-groups/${web.id}`, t, { security_group: { name: 'www', description: '' } });
    const detail = await nova('GET', '/servers/detail', t);
    assert.deepEqual(detail.body.servers.find((s: any) => s.id === id).security_groups, [{ name: 'default' }, { name: 'www' }]);
    const port = (await neutron('GET', `/ports?device_id=${id}`, t)).body.ports[0];
    assert.equal(port.security_groups.length, 2);
    assert.ok(port.security_groups.includes(web.id));
  });

  test('unknown group at create is 400 with neutronclient\'s text', async () => {
    const r = await nova('POST', '/servers', 'u:sgs2', { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', security_groups: [{ name: 'does_not_exist' }] } });
    assert.deepEqual(r.body, { badRequest: { code: 400, message: "Unable to find security_group with name or id 'does_not_exist'" } });
  });

  test('addSecurityGroup / removeSecurityGroup; a group in use cannot be deleted until the server is gone', async () => {
    const t = 'u:sgs3';
    const id = await boot(t, 's3');
    const g = await createGroup(t, 'extra');
    const act = (body: unknown) => nova('POST', `/servers/${id}/action`, t, body);
    assert.equal((await act({ addSecurityGroup: { ...sample('security-group-add-post-req.json').addSecurityGroup, name: 'extra' } })).status, 202);
    assert.equal((await act({ addSecurityGroup: { name: 'extra' } })).status, 202, 'adding twice changes nothing');
    assert.deepEqual((await nova('GET', `/servers/${id}`, t)).body.server.security_groups, [{ name: 'default' }, { name: 'extra' }]);
    const inUse = await nova('DELETE', `/os-security-groups/${g.id}`, t);
    assert.deepEqual(inUse.body, { badRequest: { code: 400, message: `Security Group ${g.id} in use.` } });
    const unknown = await act({ addSecurityGroup: { name: 'nope' } });
    assert.deepEqual(unknown.body, { itemNotFound: { code: 404, message: 'Security group nope is not found for project sgs3' } });
    const empty = await act({ addSecurityGroup: { name: ' ' } });
    assert.deepEqual(empty.body, { badRequest: { code: 400, message: 'Security group name cannot be empty' } });
    assert.equal((await act({ removeSecurityGroup: { name: 'default' } })).status, 202);
    assert.equal((await act({ removeSecurityGroup: { name: 'extra' } })).status, 202);
    // Nova drops the key of a server in no security group.
    assert.equal('security_groups' in (await nova('GET', `/servers/${id}`, t)).body.server, false);
    const notIn = await act({ removeSecurityGroup: { name: 'extra' } });
    assert.deepEqual(notIn.body, { itemNotFound: { code: 404, message: `Security group extra not associated with the instance ${id}` } });
    await act({ addSecurityGroup: { name: 'extra' } });
    assert.equal((await nova('DELETE', `/servers/${id}`, t)).status, 204);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404, { token: t });
    assert.equal((await nova('DELETE', `/os-security-groups/${g.id}`, t)).status, 202);
  });

  test('actions on another project\'s server are 404', async () => {
    const id = await boot('u:sgs4', 's4');
    const r = await nova('POST', `/servers/${id}/action`, 'u:sgs4-other', { addSecurityGroup: { name: 'default' } });
    assert.equal(r.status, 404);
    assert.equal((await nova('GET', `/servers/${id}/os-security-groups`, 'u:sgs4-other')).status, 404);
  });
});

describe('Neutron /v2.0/security-groups and /security-group-rules', () => {
  test('create (201, two egress rules), show, filter by name, update, delete (204)', async () => {
    const t = 'u:nsg1';
    const c = await neutron('POST', '/security-groups', t, { security_group: { name: 'n1', description: 'neutron made' } });
    assert.equal(c.status, 201, c.text);
    const g = c.body.security_group;
    assert.deepEqual([g.name, g.description, g.project_id, g.tenant_id, g.stateful], ['n1', 'neutron made', 'nsg1', 'nsg1', true]);
    assert.deepEqual(g.security_group_rules.map((r: any) => [r.direction, r.ethertype, r.remote_ip_prefix]).sort(), [['egress', 'IPv4', null], ['egress', 'IPv6', null]]);
    const byName = await neutron('GET', '/security-groups?name=n1', t);
    assert.deepEqual(byName.body.security_groups.map((x: any) => x.id), [g.id]);
    const all = await neutron('GET', '/security-groups', t);
    assert.deepEqual(all.body.security_groups.map((x: any) => x.name).sort(), ['default', 'n1']);
    const upd = await neutron('PUT', `/security-groups/${g.id}`, t, { security_group: { description: 'changed' } });
    assert.deepEqual([upd.status, upd.body.security_group.description, upd.body.security_group.name], [200, 'changed', 'n1']);
    assert.equal((await neutron('DELETE', `/security-groups/${g.id}`, t)).status, 204);
    const gone = await neutron('GET', `/security-groups/${g.id}`, t);
    assert.deepEqual(gone.body, { NeutronError: { type: 'SecurityGroupNotFound', message: `Security group ${g.id} does not exist`, detail: '' } });
  });

  test('rules: create (201), duplicate 409, Neutron\'s checks, delete', async () => {
    const t = 'u:nsg2';
    const g = (await neutron('POST', '/security-groups', t, { security_group: { name: 'r' } })).body.security_group;
    const body = { security_group_rule: { security_group_id: g.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.1.2.3/16' } };
    const r = await neutron('POST', '/security-group-rules', t, body);
    assert.equal(r.status, 201, r.text);
    const rule = r.body.security_group_rule;
    assert.deepEqual([rule.protocol, rule.port_range_min, rule.normalized_cidr, rule.project_id, rule.belongs_to_default_sg], ['tcp', 22, '10.1.0.0/16', 'nsg2', false]);
    const dup = await neutron('POST', '/security-group-rules', t, body);
    assert.deepEqual([dup.status, dup.body.NeutronError.type, dup.body.NeutronError.message], [409, 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${rule.id}.`]);
    const bad = async (extra: Record<string, unknown>) => (await neutron('POST', '/security-group-rules', t, { security_group_rule: { ...body.security_group_rule, ...extra } })).body.NeutronError;
    assert.equal((await bad({ direction: 'sideways' })).message, "Invalid input for direction. Reason: 'sideways' is not in ['ingress', 'egress'].");
    assert.equal((await bad({ port_range_min: 30, port_range_max: 20 })).message, 'For TCP/UDP protocols, port_range_min must be <= port_range_max');
    assert.equal((await bad({ remote_group_id: g.id })).type, 'SecurityGroupRemoteGroupAndRemoteIpPrefix');
    assert.equal((await bad({ remote_ip_prefix: '::/0' })).type, 'SecurityGroupRuleParameterConflict');
    assert.equal((await bad({ protocol: null, remote_ip_prefix: null })).message, 'Must also specify protocol if port range is given.');
    assert.equal((await bad({ security_group_id: MISSING })).type, 'SecurityGroupNotFound');
    assert.equal((await bad({ colour: 'red' })).message, "Unrecognized attribute(s) 'colour'");
    const shown = await neutron('GET', `/security-group-rules/${rule.id}`, t);
    assert.equal(shown.body.security_group_rule.id, rule.id);
    assert.equal((await neutron('DELETE', `/security-group-rules/${rule.id}`, t)).status, 204);
    assert.equal((await neutron('GET', `/security-group-rules/${rule.id}`, t)).body.NeutronError.type, 'SecurityGroupRuleNotFound');
  });

  test('default group: a member cannot delete it or rename it; a second default is 409', async () => {
    const t = 'u:nsg3';
    const dflt = (await neutron('GET', '/security-groups?name=default', t)).body.security_groups[0];
    assert.ok(dflt.security_group_rules.some((r: any) => r.remote_group_id === dflt.id && r.belongs_to_default_sg));
    assert.equal((await neutron('DELETE', `/security-groups/${dflt.id}`, t)).body.NeutronError.type, 'SecurityGroupCannotRemoveDefault');
    assert.equal((await neutron('PUT', `/security-groups/${dflt.id}`, t, { security_group: { name: 'x' } })).body.NeutronError.type, 'SecurityGroupCannotUpdateDefault');
    const second = await neutron('POST', '/security-groups', t, { security_group: { name: 'default' } });
    assert.deepEqual([second.status, second.body.NeutronError.type], [409, 'SecurityGroupDefaultAlreadyExists']);
  });

  test('over quota is Neutron\'s 409 OverQuota', async () => {
    const t = 'u:nsg4';
    assert.equal((await nova('PUT', '/os-quota-sets/nsg4', 'admin:openstack', { quota_set: { security_groups: 1, force: true } }, MV235)).status, 200);
    const r = await neutron('POST', '/security-groups', t, { security_group: { name: 'one-too-many' } });
    assert.deepEqual(r.body, { NeutronError: { type: 'OverQuota', message: "Quota exceeded for resources: ['security_group'].", detail: '' } });
  });

  test('a member sees its project\'s groups only; the extension is listed', async () => {
    await neutron('POST', '/security-groups', 'u:nsg5', { security_group: { name: 'private' } });
    const other = await neutron('GET', '/security-groups', 'u:nsg5-other');
    assert.ok(other.body.security_groups.every((g: any) => g.project_id === 'nsg5-other'));
    const ext = await neutron('GET', '/extensions/security-group', 'u:nsg5');
    assert.equal(ext.status, 200);
  });
});
