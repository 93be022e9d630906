/** os-getVNCConsole, os-getConsoleOutput, remote-consoles and os-console-auth-tokens over HTTP. */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const DEMO = 'demo:demo';

let n: TestNovum;
let server: string;
let demoServer: string;

async function boot(name: string, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}

/** Runs `check` on a server the worker has not scheduled yet (no host), then lets the worker go on. */
async function withHostless(check: (id: string) => Promise<void>): Promise<void> {
  await n.novum.worker.stop();
  try {
    const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'waiting', imageRef: IMAGE, flavorRef: '1' } } });
    await check(r.body.server.id as string);
  } finally {
    n.novum.worker.start();
  }
}

before(async () => {
  n = await startNovum();
  server = await boot('console');
  demoServer = await boot('demo-console', DEMO);
});
after(async () => { await n.close(); });

const act = (id: string, body: unknown, token?: string, base = '/v2.1') => n.request('POST', `${base}/servers/${id}/action`, { body, token });

describe('os-getVNCConsole', () => {
  test('novnc and xvpvnc answer 200 with a URL carrying a fresh token', async () => {
    const r = await act(server, { 'os-getVNCConsole': { type: 'novnc' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body.console).sort(), ['type', 'url']);
    assert.equal(r.body.console.type, 'novnc');
    assert.match(r.body.console.url, /^http:\/\/localhost:80\/novnc\/vnc_lite\.html\?path=novnc%2Fwebsockify%3Ftoken%3D[0-9a-f-]{36}$/);
    const again = await act(server, { 'os-getVNCConsole': { type: 'novnc' } });
    assert.notEqual(again.body.console.url, r.body.console.url);
    const xvp = await act(server, { 'os-getVNCConsole': { type: 'xvpvnc' } });
    assert.match(xvp.body.console.url, /^http:\/\/localhost:80\/xvpvnc\/console\?token=[0-9a-f-]{36}$/);
  });

  test('the seed\'s example, verbatim on legacy v2', async () => {
    const r = await act(server, { 'os-getVNCConsole': { type: 'novnc' } }, undefined, '/v2/openstack');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.console.type, 'novnc');
    assert.equal(typeof r.body.console.url, 'string');
  });

  test('a bad type is Nova\'s schema error; no host is 409; another project\'s server is 404', async () => {
    const bad = await act(server, { 'os-getVNCConsole': { type: 'spice' } });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: "Invalid input for field/attribute type. Value: spice. 'spice' is not one of ['novnc', 'xvpvnc']" } });
    const missing = await act(server, { 'os-getVNCConsole': {} });
    assert.match(missing.body.badRequest.message, /'type' is a required property/);
    await withHostless(async (id) => {
      const notReady = await act(id, { 'os-getVNCConsole': { type: 'novnc' } });
      assert.deepEqual(notReady.body, { conflictingRequest: { code: 409, message: `Instance ${id} is not ready` } });
    });
    const cross = await act(demoServer, { 'os-getVNCConsole': { type: 'novnc' } }, 'u:other');
    assert.equal(cross.status, 404);
    const own = await act(demoServer, { 'os-getVNCConsole': { type: 'novnc' } }, DEMO);
    assert.equal(own.status, 200, 'a member opens the console of a server of the project');
  });
});

describe('console tokens', () => {
  test('the token is stored with the server\'s host, port and expiry; unknown tokens have no console', async () => {
    const r = await act(server, { 'os-getVNCConsole': { type: 'novnc' } });
    const token = decodeURIComponent(String(r.body.console.url).split('path=')[1]).split('token=')[1];
    const info = await n.novum.services.network.consoles.connectInfo(token);
    const shown = await n.request('GET', `/v2.1/servers/${server}`);
    assert.equal(info?.instanceUuid, server);
    assert.equal(info?.host, shown.body.server['OS-EXT-SRV-ATTR:host']);
    assert.equal(info?.consoleType, 'novnc');
    assert.ok(info && info.port >= 5900);
    assert.equal(await n.novum.services.network.consoles.connectInfo('not-a-token'), null);
  });

  test('GET /os-console-auth-tokens/{token}: admin only; 404 for unknown; below 2.31 only RDP tokens are shown (401)', async () => {
    const r = await act(server, { 'os-getVNCConsole': { type: 'novnc' } });
    const token = decodeURIComponent(String(r.body.console.url).split('path=')[1]).split('token=')[1];
    const member = await n.request('GET', `/v2.1/os-console-auth-tokens/${token}`, { token: DEMO });
    assert.deepEqual(member.body, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-console-auth-tokens to be performed." } });
    const unknown = await n.request('GET', '/v2.1/os-console-auth-tokens/nope');
    assert.deepEqual(unknown.body, { itemNotFound: { code: 404, message: 'Token not found' } });
    const vnc = await n.request('GET', `/v2.1/os-console-auth-tokens/${token}`);
    assert.equal(vnc.status, 401);
    assert.equal(vnc.body.unauthorized?.message ?? JSON.stringify(vnc.body), 'The requested console type details are not accessible');
  });

  test('POST /servers/{id}/remote-consoles exists from 2.6 only (404 at 2.1)', async () => {
    const r = await n.request('POST', `/v2.1/servers/${server}/remote-consoles`, { body: { remote_console: { protocol: 'vnc', type: 'novnc' } } });
    assert.equal(r.status, 404);
  });
});

describe('os-getConsoleOutput', () => {
  test('the whole log, or its last lines as Nova\'s _tail_log cuts them', async () => {
    const all = await act(server, { 'os-getConsoleOutput': {} });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(Object.keys(all.body), ['output']);
    assert.match(all.body.output, /Linux version/);
    assert.match(all.body.output, /login:\n$/);
    const lines = all.body.output.split('\n');
    assert.equal((await act(server, { 'os-getConsoleOutput': { length: null } })).body.output, all.body.output);
    assert.equal((await act(server, { 'os-getConsoleOutput': { length: 2 } })).body.output, `${lines.at(-2)}\n`);
    assert.equal((await act(server, { 'os-getConsoleOutput': { length: '3' } })).body.output, lines.slice(-3).join('\n'));
    assert.equal((await act(server, { 'os-getConsoleOutput': { length: 0 } })).body.output, '');
    assert.equal((await act(server, { 'os-getConsoleOutput': { length: -1 } })).body.output, lines.slice(1).join('\n'));
  });

  test('the seed\'s example, verbatim on legacy v2', async () => {
    const r = await act(server, { 'os-getConsoleOutput': { length: 50 } }, undefined, '/v2/openstack');
    assert.equal(r.status, 200, r.text);
    assert.equal(typeof r.body.output, 'string');
    assert.ok(r.body.output.length > 0);
  });

  test('a bad length is 400 with Nova\'s schema message; no host is 409; other projects get 404', async () => {
    const low = await act(server, { 'os-getConsoleOutput': { length: -2 } });
    assert.deepEqual(low.body, { badRequest: { code: 400, message: 'Invalid input for field/attribute length. Value: -2. -2 is less than the minimum of -1' } });
    const junk = await act(server, { 'os-getConsoleOutput': { length: 'abc' } });
    assert.deepEqual(junk.body, { badRequest: { code: 400, message: "Invalid input for field/attribute length. Value: abc. 'abc' does not match '^-?[0-9]+$'" } });
    const float = await act(server, { 'os-getConsoleOutput': { length: 1.5 } });
    assert.equal(float.status, 400);
    const extra = await act(server, { 'os-getConsoleOutput': { lines: 3 } });
    assert.match(extra.body.badRequest.message, /'lines' was unexpected/);
    await withHostless(async (id) => {
      const notReady = await act(id, { 'os-getConsoleOutput': {} });
      assert.deepEqual(notReady.body, { conflictingRequest: { code: 409, message: `Instance ${id} is not ready` } });
    });
    assert.equal((await act(demoServer, { 'os-getConsoleOutput': {} }, 'u:other')).status, 404);
    assert.equal((await act(demoServer, { 'os-getConsoleOutput': {} }, DEMO)).status, 200);
  });
});
