import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { readClouds, startKeystone, type KeystoneNovum } from './keystone-helpers.js';

let k: KeystoneNovum;
before(async () => { k = await startKeystone(); });
after(async () => { await k.n.close(); rmSync(k.dataDir, { recursive: true, force: true }); });

const EXPIRES = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const UNAUTHORIZED = { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } };

test('bootstrap stores only scrypt hashes and writes clouds.yaml (0600) with three clouds', async () => {
  const users = await k.n.novum.store.db.selectFrom('users').selectAll().orderBy('name').execute();
  assert.deepEqual(users.map((u) => u.name), ['admin', 'demo', 'demo2']);
  for (const u of users) {
    // Generated 20-character passwords need no stretching: scrypt at N=1024 (chosen ones: 16384, below).
    assert.match(u.password_hash, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.equal(k.passwords[u.name].length, 20);
    assert.ok(!u.password_hash.includes(k.passwords[u.name]));
    assert.match(u.id, /^[0-9a-f]{32}$/);
  }
  const file = path.join(k.dataDir, 'clouds.yaml');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const clouds = readClouds(k.dataDir).clouds;
  assert.deepEqual(Object.keys(clouds).sort(), ['novum', 'novum-demo', 'novum-demo2']);
  assert.deepEqual({ ...clouds.novum, auth: { ...clouds.novum.auth, password: '' } }, {
    auth: { auth_url: 'http://127.0.0.1:18199/identity/v3', username: 'admin', password: '', project_name: 'admin', user_domain_name: 'Default', project_domain_name: 'Default' },
    region_name: 'RegionOne', identity_api_version: 3, interface: 'public',
  });
  assert.equal(k.passwords.demo.length, 20);
});

test('version documents need no token', async () => {
  const root = await k.n.request('GET', '/identity', { token: null });
  assert.equal(root.status, 300);
  assert.deepEqual(root.body.versions.values.map((v: any) => [v.id, v.status]), [['v3.14', 'stable'], ['v2.0', 'deprecated']]);
  assert.equal(root.body.versions.values[0].links[0].href, 'http://localhost:80/identity/v3/');
  const v3 = await k.n.request('GET', '/identity/v3', { token: null });
  assert.equal(v3.status, 200);
  assert.equal(v3.body.version.id, 'v3.14');
  assert.equal(v3.body.version.updated, '2020-04-07T00:00:00Z');
  const v2 = await k.n.request('GET', '/identity/v2.0', { token: null });
  assert.equal(v2.body.version.id, 'v2.0');
});

test('password auth by name answers 201 with X-Subject-Token and the full token body', async () => {
  const r = await k.login('admin');
  assert.equal(r.status, 201);
  assert.match(r.token, /^[A-Za-z0-9_-]{43}$/);
  const t = r.body.token;
  assert.deepEqual(t.methods, ['password']);
  assert.equal(t.user.name, 'admin');
  assert.deepEqual(t.user.domain, { id: 'default', name: 'Default' });
  assert.equal(t.user.password_expires_at, null);
  assert.equal(t.project.name, 'admin');
  assert.deepEqual(t.project.domain, { id: 'default', name: 'Default' });
  assert.equal(t.is_domain, false);
  assert.match(t.expires_at, EXPIRES);
  assert.match(t.issued_at, EXPIRES);
  assert.equal(Date.parse(t.expires_at) - Date.parse(t.issued_at), 3600 * 1000);
  assert.deepEqual(t.roles.map((x: any) => x.name).sort(), ['admin', 'member', 'reader']);
  assert.equal(t.audit_ids.length, 1);
  const url = (type: string, iface = 'public') => t.catalog.find((c: any) => c.type === type).endpoints.find((e: any) => e.interface === iface).url;
  assert.equal(url('compute'), 'http://localhost:80/compute/v2.1');
  assert.equal(url('image'), 'http://localhost:80/image');
  assert.equal(url('identity', 'admin'), 'http://localhost:80/identity');
  assert.equal(url('network', 'internal'), 'http://localhost:80/networking');
  assert.equal(url('block-storage'), `http://localhost:80/volume/v3/${t.project.id}`);
  assert.equal(url('volumev3'), `http://localhost:80/volume/v3/${t.project.id}`);
  const ep = t.catalog.find((c: any) => c.type === 'compute').endpoints[0];
  assert.equal(ep.region, 'RegionOne');
  assert.equal(ep.region_id, 'RegionOne');
  assert.equal(t.catalog.find((c: any) => c.type === 'image').name, 'glance');
});

test('password auth by user id and project id; unscoped goes to the default project', async () => {
  const first = await k.login('demo');
  const userId = first.body.token.user.id;
  const projectId = first.body.token.project.id;
  const byId = await k.n.request('POST', '/identity/v3/auth/tokens', {
    token: null,
    body: { auth: { identity: { methods: ['password'], password: { user: { id: userId, password: k.passwords.demo } } }, scope: { project: { id: projectId } } } },
  });
  assert.equal(byId.status, 201);
  assert.equal(byId.body.token.project.name, 'demo');
  assert.deepEqual(byId.body.token.roles.map((x: any) => x.name).sort(), ['member', 'reader']);
  const unscoped = await k.n.request('POST', '/identity/v3/auth/tokens', {
    token: null,
    body: { auth: { identity: { methods: ['password'], password: { user: { name: 'demo2', domain: { id: 'default' }, password: k.passwords.demo2 } } } } },
  });
  assert.equal(unscoped.status, 201);
  assert.equal(unscoped.body.token.project.name, 'demo2');
});

test('wrong password, unknown user and a project without roles are 401 in Keystone\'s shape', async () => {
  const wrong = await k.login('admin', 'not-the-password');
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, UNAUTHORIZED);
  assert.equal((await k.login('nobody', 'x')).status, 401);
  const noRole = await k.login('demo', k.passwords.demo, 'admin');
  assert.equal(noRole.status, 401);
});

test('a malformed auth body is 400 in Keystone\'s shape', async () => {
  const r = await k.n.request('POST', '/identity/v3/auth/tokens', { token: null, body: { auth: { identity: {} } } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 400);
  assert.equal(r.body.error.title, 'Bad Request');
  const junk = await k.n.request('POST', '/identity/v3/auth/tokens', { token: null, body: '{nope' });
  assert.equal(junk.status, 400);
  assert.equal(junk.body.error.title, 'Bad Request');
});

test('tokens authenticate compute and image requests; revocation makes them 401 at once', async () => {
  const { token, body } = await k.login('demo');
  const images = await k.n.request('GET', `/v2.1/${body.token.project.id}/images`, { token });
  assert.equal(images.status, 200);
  assert.equal((await k.n.request('GET', '/image/v2/images', { token })).status, 200);
  const admin = await k.login('admin');
  const check = await k.n.request('GET', '/identity/v3/auth/tokens', { token: admin.token, headers: { 'x-subject-token': token } });
  assert.equal(check.status, 200);
  assert.equal(check.body.token.user.name, 'demo');
  assert.equal(check.headers['x-subject-token'], token);
  const head = await k.n.request('HEAD', '/identity/v3/auth/tokens', { token, headers: { 'x-subject-token': token } });
  assert.equal(head.status, 200);
  const del = await k.n.request('DELETE', '/identity/v3/auth/tokens', { token: admin.token, headers: { 'x-subject-token': token } });
  assert.equal(del.status, 204);
  const after = await k.n.request('GET', '/v2.1/images', { token });
  assert.equal(after.status, 401);
  assert.deepEqual(after.body, { unauthorized: { code: 401, message: 'The request you have made requires authentication.' } });
  const gone = await k.n.request('GET', '/identity/v3/auth/tokens', { token: admin.token, headers: { 'x-subject-token': token } });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.title, 'Not Found');
  assert.equal((await k.n.request('GET', '/identity/v3/auth/tokens', { token: null, headers: { 'x-subject-token': admin.token } })).status, 401);
  assert.equal((await k.n.request('GET', '/v2.1/images', { token: 'made-up' })).status, 401);
});

test('a non-admin may not validate somebody else\'s token', async () => {
  const admin = await k.login('admin');
  const demo = await k.login('demo');
  const r = await k.n.request('GET', '/identity/v3/auth/tokens', { token: demo.token, headers: { 'x-subject-token': admin.token } });
  assert.equal(r.status, 403);
});

test('v2.0 tokens: access with token, tenant, serviceCatalog and user', async () => {
  const r = await k.n.request('POST', '/identity/v2.0/tokens', {
    token: null, body: { auth: { passwordCredentials: { username: 'demo', password: k.passwords.demo }, tenantName: 'demo' } },
  });
  assert.equal(r.status, 200);
  const a = r.body.access;
  assert.equal(a.token.tenant.name, 'demo');
  assert.equal(a.token.tenant.enabled, true);
  assert.match(a.token.expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(a.user.username, 'demo');
  assert.deepEqual(a.user.roles.map((x: any) => x.name).sort(), ['member', 'reader']);
  const image = a.serviceCatalog.find((c: any) => c.type === 'image');
  assert.deepEqual(Object.keys(image.endpoints[0]).sort(), ['adminURL', 'id', 'internalURL', 'publicURL', 'region']);
  assert.equal(image.endpoints[0].publicURL, 'http://localhost:80/image');
  assert.equal(image.endpoints[0].region, 'RegionOne');
  assert.deepEqual(a.metadata, { is_admin: 0, roles: a.metadata.roles });
  const ok = await k.n.request('GET', '/v2.1/images', { token: a.token.id });
  assert.equal(ok.status, 200);
  const bad = await k.n.request('POST', '/identity/v2.0/tokens', {
    token: null, body: { auth: { passwordCredentials: { username: 'demo', password: 'x' }, tenantName: 'demo' } },
  });
  assert.equal(bad.status, 401);
});

test('domains, projects, users and roles: admins list them, others get 403', async () => {
  const admin = await k.login('admin');
  const demo = await k.login('demo');
  const domains = await k.n.request('GET', '/identity/v3/domains?name=Default', { token: admin.token });
  assert.equal(domains.status, 200);
  assert.deepEqual(domains.body.domains.map((d: any) => [d.id, d.name, d.enabled]), [['default', 'Default', true]]);
  assert.equal(domains.body.domains[0].links.self, 'http://localhost:80/identity/v3/domains/default');
  const projects = await k.n.request('GET', '/identity/v3/projects', { token: admin.token });
  assert.deepEqual(projects.body.projects.map((p: any) => p.name), ['admin', 'demo', 'demo2']);
  const byName = await k.n.request('GET', '/identity/v3/projects?name=demo2&domain_id=default', { token: admin.token });
  assert.deepEqual(byName.body.projects.map((p: any) => p.name), ['demo2']);
  const users = await k.n.request('GET', '/identity/v3/users?name=demo', { token: admin.token });
  assert.deepEqual(users.body.users.map((u: any) => u.name), ['demo']);
  const roles = await k.n.request('GET', '/identity/v3/roles', { token: admin.token });
  assert.deepEqual(roles.body.roles.map((x: any) => x.name), ['admin', 'member', 'reader']);
  const forbidden = await k.n.request('GET', '/identity/v3/projects', { token: demo.token });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.body.error.title, 'Forbidden');
  const own = await k.n.request('GET', `/identity/v3/users/${demo.body.token.user.id}/projects`, { token: demo.token });
  assert.deepEqual(own.body.projects.map((p: any) => p.name), ['demo']);
  const ownProject = await k.n.request('GET', `/identity/v3/projects/${demo.body.token.project.id}`, { token: demo.token });
  assert.equal(ownProject.body.project.name, 'demo');
  const other = await k.n.request('GET', `/identity/v3/users/${admin.body.token.user.id}/projects`, { token: demo.token });
  assert.equal(other.status, 403);
  assert.equal((await k.n.request('GET', '/identity/v3/projects/nope', { token: admin.token })).status, 404);
});

test('admins create a project and a user, grant a role, and the user logs in there', async () => {
  const admin = await k.login('admin');
  const p = await k.n.request('POST', '/identity/v3/projects', { token: admin.token, body: { project: { name: 'quota-proj', description: 'x', domain_id: 'default' } } });
  assert.equal(p.status, 201);
  const u = await k.n.request('POST', '/identity/v3/users', { token: admin.token, body: { user: { name: 'qu', password: 'secret-pw', default_project_id: p.body.project.id } } });
  assert.equal(u.status, 201);
  const role = (await k.n.request('GET', '/identity/v3/roles?name=member', { token: admin.token })).body.roles[0];
  const grant = await k.n.request('PUT', `/identity/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${role.id}`, { token: admin.token });
  assert.equal(grant.status, 204);
  const login = await k.login('qu', 'secret-pw', 'quota-proj');
  assert.equal(login.status, 201);
  const stored = await k.n.novum.store.db.selectFrom('users').select('password_hash').where('id', '=', u.body.user.id).executeTakeFirstOrThrow();
  assert.match(stored.password_hash, /^scrypt\$16384\$8\$1\$/, 'a password a person chose is hashed at full cost');
  const dup = await k.n.request('POST', '/identity/v3/projects', { token: admin.token, body: { project: { name: 'quota-proj' } } });
  assert.equal(dup.status, 409);
  assert.equal((await k.n.request('DELETE', `/identity/v3/users/${u.body.user.id}`, { token: admin.token })).status, 204);
  assert.equal((await k.n.request('DELETE', `/identity/v3/projects/${p.body.project.id}`, { token: admin.token })).status, 204);
  assert.equal((await k.login('qu', 'secret-pw', 'quota-proj')).status, 401);
});
