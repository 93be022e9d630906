import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';
import { RequestContext } from '../../src/api/context.js';
import { ApiVersion } from '../../src/api/microversion.js';
import { serverGroupRoutes } from '../../src/api/compute/server-groups/routes.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SAMPLES = '/work/shared/nova-api-samples/os-server-groups';
const sample = (f: string): any => JSON.parse(readFileSync(`${SAMPLES}/${f}`, 'utf8'));
const keys = (o: object): string[] => Object.keys(o).sort();
let n: TestNovum;

before(async () => {
  n = await startNovum();
  await n.request('PUT', '/v2.1/os-quota-sets/openstack', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
});
after(async () => { await n.close(); });

const createGroup = async (name: string, policy: string, token?: string): Promise<string> => {
  const r = await n.request('POST', '/v2.1/os-server-groups', { token, body: { server_group: { name, policies: [policy] } } });
  assert.equal(r.status, 200, r.text);
  return r.body.server_group.id;
};

/** Boots a server into the group; resolves to its status once the build settles, and its host. */
async function bootIn(group: string, name: string, token?: string): Promise<{ id: string; status: string; host: string | null; fault?: any }> {
  const r = await n.request('POST', '/v2.1/servers', {
    token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' }, 'os:scheduler_hints': { group } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const done = await n.waitFor(`/v2.1/servers/${id}`, (x) => ['ACTIVE', 'ERROR'].includes(x.body?.server?.status));
  const s = done.body.server;
  return { id, status: s.status, host: s['OS-EXT-SRV-ATTR:host'], fault: s.fault };
}

describe('os-server-groups CRUD', () => {
  test('create answers 200 with the sample\'s fields; show and list agree', async () => {
    const req = sample('server-groups-post-req.json');
    const r = await n.request('POST', '/v2.1/os-server-groups', { body: req });
    assert.equal(r.status, 200);
    const g = r.body.server_group;
    assert.deepEqual(keys(g), keys(sample('server-groups-post-resp.json').server_group));
    assert.match(g.id, /^[0-9a-f-]{36}$/);
    assert.equal(g.name, 'test');
    assert.deepEqual(g.policies, ['anti-affinity']);
    assert.deepEqual(g.members, []);
    assert.deepEqual(g.metadata, {});

    const show = await n.request('GET', `/v2.1/os-server-groups/${g.id}`);
    assert.equal(show.status, 200);
    assert.deepEqual(show.body, { server_group: g });
    assert.deepEqual(keys(show.body.server_group), keys(sample('server-groups-get-resp.json').server_group));

    const list = await n.request('GET', '/v2.1/os-server-groups');
    assert.equal(list.status, 200);
    assert.deepEqual(keys(list.body), ['server_groups']);
    assert.deepEqual(list.body.server_groups.find((x: any) => x.id === g.id), g);

    const legacy = await n.request('GET', `/v2/openstack/os-server-groups/${g.id}`);
    assert.equal(legacy.status, 200);
    assert.equal(legacy.body.server_group.id, g.id);
  });

  test('delete answers 204 and the group is gone', async () => {
    const id = await createGroup('doomed', 'affinity');
    const del = await n.request('DELETE', `/v2.1/os-server-groups/${id}`);
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    const show = await n.request('GET', `/v2.1/os-server-groups/${id}`);
    assert.deepEqual(show.body, { itemNotFound: { code: 404, message: `Instance group ${id} could not be found.` } });
    const again = await n.request('DELETE', `/v2.1/os-server-groups/${id}`);
    assert.equal(again.status, 404);
  });

  test('bad bodies answer 400 with Nova\'s validation messages', async () => {
    const post = (body: unknown) => n.request('POST', '/v2.1/os-server-groups', { body });
    const cases: Array<[unknown, string]> = [
      [{ server_group: { name: 'x', policies: ['bogus'] } },
        "Invalid input for field/attribute 0. Value: bogus. 'bogus' is not one of ['anti-affinity', 'affinity']"],
      [{ server_group: { name: 'x', policies: ['soft-affinity'] } },
        "Invalid input for field/attribute 0. Value: soft-affinity. 'soft-affinity' is not one of ['anti-affinity', 'affinity']"],
      [{ server_group: { name: 'x', policies: [] } }, 'Invalid input for field/attribute policies. Value: []. [] is too short'],
      [{ server_group: { name: 'x', policies: ['affinity', 'anti-affinity'] } },
        "Invalid input for field/attribute policies. Value: ['affinity', 'anti-affinity']. ['affinity', 'anti-affinity'] is too long"],
      [{ server_group: { name: 'x' } }, "Invalid input for field/attribute server_group. Value: {'name': 'x'}. 'policies' is a required property"],
      [{ server_group: { policies: ['affinity'] } },
        "Invalid input for field/attribute server_group. Value: {'policies': ['affinity']}. 'name' is a required property"],
      [{ server_group: { name: '', policies: ['affinity'] } }, "Invalid input for field/attribute name. Value: . '' is too short"],
      [{ server_group: { name: 'x', policies: ['affinity'], metadata: {} } },
        "Invalid input for field/attribute server_group. Value: {'name': 'x', 'policies': ['affinity'], 'metadata': {}}. Additional properties are not allowed ('metadata' was unexpected)"],
      [{ name: 'x' }, "'server_group' is a required property"],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(r.body, { badRequest: { code: 400, message } }, JSON.stringify(body));
    }
  });

  test('another project\'s group is not found; admins see it, and all of them with all_projects', async () => {
    const mine = await createGroup('demo-group', 'affinity', 'demo:demo');
    for (const [method, url] of [['GET', `/v2.1/os-server-groups/${mine}`], ['DELETE', `/v2.1/os-server-groups/${mine}`]]) {
      const r = await n.request(method, url, { token: 'alice:other' });
      assert.deepEqual(r.body, { itemNotFound: { code: 404, message: `Instance group ${mine} could not be found.` } });
    }
    const otherList = await n.request('GET', '/v2.1/os-server-groups?all_projects=True', { token: 'alice:other' });
    assert.deepEqual(otherList.body, { server_groups: [] }, 'non-admins get their own project only');
    const adminOwn = await n.request('GET', '/v2.1/os-server-groups');
    assert.ok(!adminOwn.body.server_groups.some((g: any) => g.id === mine));
    const adminAll = await n.request('GET', '/v2.1/os-server-groups?all_projects=True');
    assert.ok(adminAll.body.server_groups.some((g: any) => g.id === mine));
    assert.equal((await n.request('GET', `/v2.1/os-server-groups/${mine}`)).status, 200);
  });

  test('limit and offset page the list as Nova', async () => {
    for (const name of ['p1', 'p2', 'p3']) await createGroup(name, 'affinity', 'pager:paging');
    const page = await n.request('GET', '/v2.1/os-server-groups?limit=2&offset=1', { token: 'pager:paging' });
    assert.deepEqual(page.body.server_groups.map((g: any) => g.name), ['p2', 'p3']);
    const bad = await n.request('GET', '/v2.1/os-server-groups?limit=abc', { token: 'pager:paging' });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'limit param must be an integer' } });
    const neg = await n.request('GET', '/v2.1/os-server-groups?offset=-1', { token: 'pager:paging' });
    assert.deepEqual(neg.body, { badRequest: { code: 400, message: 'offset param must be positive' } });
  });

  test('quota server_groups: the eleventh group answers 403', async () => {
    for (let i = 0; i < 10; i++) await createGroup(`q${i}`, 'affinity', 'quota:groups');
    const r = await n.request('POST', '/v2.1/os-server-groups', { token: 'quota:groups', body: { server_group: { name: 'q10', policies: ['affinity'] } } });
    assert.deepEqual(r.body, { forbidden: { code: 403, message: 'Quota exceeded, too many server groups.' } });
  });
});

describe('scheduler hint group', () => {
  test('an unknown group answers 400 at create', async () => {
    const missing = '11111111-2222-3333-4444-555555555555';
    const r = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1' }, 'os:scheduler_hints': { group: missing } },
    });
    assert.deepEqual(r.body, { badRequest: { code: 400, message: `Instance group ${missing} could not be found.` } });
    const foreign = await createGroup('foreign', 'affinity', 'demo:demo');
    const r2 = await n.request('POST', '/v2.1/servers', {
      token: 'bob:elsewhere', body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1' }, 'OS-SCH-HNT:scheduler_hints': { group: foreign } },
    });
    assert.deepEqual(r2.body, { badRequest: { code: 400, message: `Instance group ${foreign} could not be found.` } });
  });

  test('anti-affinity spreads members over the two hosts; a third goes to ERROR with no valid host', async () => {
    const group = await createGroup('spread', 'anti-affinity');
    const a = await bootIn(group, 'aa-1');
    const b = await bootIn(group, 'aa-2');
    assert.equal(a.status, 'ACTIVE');
    assert.equal(b.status, 'ACTIVE');
    assert.notEqual(a.host, b.host);
    const c = await bootIn(group, 'aa-3');
    assert.equal(c.status, 'ERROR');
    assert.equal(c.fault.message, 'No valid host was found. There are not enough hosts available.');
    const g = (await n.request('GET', `/v2.1/os-server-groups/${group}`)).body.server_group;
    assert.deepEqual(g.members, [a.id, b.id, c.id]);

    // A deleted member leaves the group and frees its host for the next one.
    assert.equal((await n.request('DELETE', `/v2.1/servers/${a.id}`)).status, 204);
    await n.waitFor(`/v2.1/servers/${a.id}`, (x) => x.status === 404);
    const after = (await n.request('GET', `/v2.1/os-server-groups/${group}`)).body.server_group;
    assert.deepEqual(after.members, [b.id, c.id]);
    const d = await bootIn(group, 'aa-4');
    assert.equal(d.status, 'ACTIVE');
    assert.equal(d.host, a.host);
  });

  test('affinity keeps every member on the first member\'s host, multiple create included', async () => {
    const group = await createGroup('together', 'affinity');
    const first = await bootIn(group, 'af-1');
    assert.equal(first.status, 'ACTIVE');
    const r = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'af-m', imageRef: IMAGE, flavorRef: '1', min_count: 3, max_count: 3, return_reservation_id: true }, 'os:scheduler_hints': { group } },
    });
    assert.equal(r.status, 202, r.text);
    const members = (await n.request('GET', `/v2.1/os-server-groups/${group}`)).body.server_group.members as string[];
    assert.equal(members.length, 4);
    for (const id of members) {
      const s = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
      assert.equal(s.body.server['OS-EXT-SRV-ATTR:host'], first.host);
    }
  });

  test('anti-affinity holds for members built at once', async () => {
    const group = await createGroup('spread-at-once', 'anti-affinity', 'multi:spread');
    const r = await n.request('POST', '/v2.1/servers', {
      token: 'multi:spread',
      body: { server: { name: 'sp', imageRef: IMAGE, flavorRef: '1', min_count: 3, max_count: 3 }, 'os:scheduler_hints': { group } },
    });
    assert.equal(r.status, 202, r.text);
    const members = (await n.request('GET', `/v2.1/os-server-groups/${group}`, { token: 'multi:spread' })).body.server_group.members as string[];
    const settled = [];
    for (const id of members) {
      const s = await n.waitFor(`/v2.1/servers/${id}`, (x) => ['ACTIVE', 'ERROR'].includes(x.body.server.status));
      settled.push(s.body.server);
    }
    const active = settled.filter((s) => s.status === 'ACTIVE');
    assert.equal(active.length, 2);
    assert.equal(settled.filter((s) => s.status === 'ERROR').length, 1);
    const hosts = (await Promise.all(active.map((s) => n.request('GET', `/v2.1/servers/${s.id}`)))).map((x) => x.body.server['OS-EXT-SRV-ATTR:host']);
    assert.notEqual(hosts[0], hosts[1]);
  });

  test('quota server_group_members answers 403 past ten servers in a group', async () => {
    const group = await createGroup('crowded', 'anti-affinity', 'crowd:members');
    await n.request('PUT', '/v2.1/os-quota-sets/members', { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
    const body = (count: number) => ({
      server: { name: 'cr', imageRef: IMAGE, flavorRef: '1', min_count: count, max_count: count }, 'os:scheduler_hints': { group },
    });
    const nine = await n.request('POST', '/v2.1/servers', { token: 'crowd:members', body: body(9) });
    assert.equal(nine.status, 202, nine.text);
    const two = await n.request('POST', '/v2.1/servers', { token: 'crowd:members', body: body(2) });
    assert.deepEqual(two.body, { forbidden: { code: 403, message: 'Quota exceeded, too many servers in group' } });
    const one = await n.request('POST', '/v2.1/servers', { token: 'crowd:members', body: body(1) });
    assert.equal(one.status, 202, one.text);
  });
});

describe('microversion branches (no HTTP: MAX_VERSION is 2.1)', () => {
  const call = async (version: string, method: string, path: string, req: Record<string, unknown>) => {
    const route = serverGroupRoutes(n.novum.services).find((r) => r.method === method && r.path === path)!;
    const principal = { userId: 'fake', userName: 'fake', projectId: 'openstack', projectName: 'openstack', roles: ['admin'], isAdmin: true };
    const ctx = new RequestContext(principal, 'req-1', ApiVersion.parse(version), { prefix: '', version: 'v2.1', urlProject: null }, 'http://x', { info() {}, warn() {} });
    return route.handler(ctx, { query: {}, params: {}, ...req } as any, { code() {} } as any) as Promise<any>;
  };

  test('2.13 adds project_id and user_id; 2.15 accepts soft policies; 2.64 uses policy and rules', async () => {
    const v213 = await call('2.13', 'POST', '/os-server-groups', { body: sample('v2.13/server-groups-post-req.json') });
    assert.deepEqual(keys(v213.server_group), keys(sample('v2.13/server-groups-post-resp.json').server_group));
    assert.equal(v213.server_group.project_id, 'openstack');
    assert.equal(v213.server_group.user_id, 'fake');
    const soft = await call('2.15', 'POST', '/os-server-groups', { body: { server_group: { name: 's', policies: ['soft-affinity'] } } });
    assert.deepEqual(soft.server_group.policies, ['soft-affinity']);
    const v264 = await call('2.64', 'POST', '/os-server-groups', { body: sample('v2.64/server-groups-post-req.json') });
    assert.deepEqual(keys(v264.server_group), keys(sample('v2.64/server-groups-post-resp.json').server_group));
    assert.deepEqual(v264.server_group.rules, { max_server_per_host: 3 });
    assert.equal(v264.server_group.policy, 'anti-affinity');
    const shown = await call('2.64', 'GET', '/os-server-groups/:id', { params: { id: v264.server_group.id } });
    assert.deepEqual(keys(shown.server_group), keys(sample('v2.64/server-groups-get-resp.json').server_group));
    await assert.rejects(
      call('2.64', 'POST', '/os-server-groups', { body: { server_group: { name: 'r', policy: 'affinity', rules: { max_server_per_host: 2 } } } }),
      { code: 400, message: 'Only anti-affinity policy supports rules.' },
    );
  });
});
