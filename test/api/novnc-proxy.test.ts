/**
 * The noVNC console end to end on the fake driver, over a real socket as Tempest's test_novnc:
 * the page at the console URL, the websocket upgrade with the token, the RFB handshake of the
 * simulated VNC server; a wrong or missing token is refused before any console is reached.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { NOVNC_ROOT } from '../../src/api/console-proxy/novnc-static.js';
import { startNovum, type TestNovum } from '../helpers.js';
import { openConsole, rfbHandshake } from './novnc-client.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const noNovnc = existsSync(NOVNC_ROOT) ? false : `${NOVNC_ROOT} is missing (apt-get install novnc)`;

let n: TestNovum;
let base = '';
let server = '';

before(async () => {
  n = await startNovum({ host: '127.0.0.1', port: 0 });
  base = await n.novum.listen();
  const r = await n.request('POST', '/v2.1/servers', { body: { server: { name: 'vnc', imageRef: IMAGE, flavorRef: '1' } } });
  server = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body?.server?.status === 'ACTIVE');
});
after(async () => { await n.close(); });

/** A console URL as the client sees it: asked over the real socket, so it names this host and port. */
async function consoleUrl(): Promise<string> {
  const r = await fetch(`${base}/v2.1/servers/${server}/remote-consoles`, {
    method: 'POST', headers: { 'x-auth-token': 'admin:openstack', 'content-type': 'application/json', 'openstack-api-version': 'compute 2.6' },
    body: JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } }),
  });
  assert.equal(r.status, 200);
  const url = ((await r.json()) as { remote_console: { url: string } }).remote_console.url;
  assert.ok(url.startsWith(`${base}/novnc/vnc_lite.html?path=`), url);
  return url;
}

test('the console URL serves the noVNC page', { skip: noNovnc }, async () => {
  const r = await fetch(await consoleUrl());
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
  const html = await r.text();
  assert.match(html, /<html/);
  assert.ok(html.includes('noVNC') && html.includes('<script') && html.includes('</html>'));
  const js = await fetch(`${base}/novnc/core/rfb.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);
});

test('files outside noVNC and missing files are 404', async () => {
  for (const p of ['/novnc/../../etc/passwd', '/novnc/%2e%2e/%2e%2e/etc/passwd', '/novnc/no-such-file.js']) {
    const r = await fetch(`${base}${p}`);
    assert.equal(r.status, 404, p);
    assert.ok(!(await r.text()).includes('root:'), p);
  }
});

test('the websocket with the token reaches the VNC server: RFB 3.8, security None, ServerInit', async () => {
  const ws = await openConsole(await consoleUrl());
  try {
    assert.match(ws.response, /^HTTP\/1\.1 101 Switching Protocols/);
    assert.match(ws.response.toLowerCase(), /upgrade: websocket/);
    const init = await rfbHandshake(ws);
    assert.equal(init.version, 'RFB 003.008\n');
    assert.deepEqual([init.width, init.height, init.name], [640, 480, `instance-${server}`]);
  } finally {
    ws.close();
  }
});

test('a wrong or missing token is refused before the upgrade', async () => {
  const url = await consoleUrl();
  for (const mutate of [(p: string) => p.replace('token=', 'token=bad'), (p: string) => p.replace(/\?token=.*/, '')]) {
    const ws = await openConsole(url, mutate);
    try {
      assert.match(ws.response, /^HTTP\/1\.1 403 Forbidden/);
      assert.equal(await ws.receive(), null, 'the connection is closed without data');
    } finally {
      ws.close();
    }
  }
});

test('a page of another site may not open the console (Origin checked as nova-novncproxy)', async () => {
  const url = await consoleUrl();
  const foreign = await openConsole(url, (p) => p, { Origin: 'http://evil.example' });
  try {
    assert.match(foreign.response, /^HTTP\/1\.1 403 Forbidden/);
  } finally {
    foreign.close();
  }
  const own = await openConsole(url, (p) => p, { Origin: base });
  try {
    assert.match(own.response, /^HTTP\/1\.1 101 /);
    assert.equal((await rfbHandshake(own)).version, 'RFB 003.008\n');
  } finally {
    own.close();
  }
});

test('an xvpvnc token does not open the noVNC proxy', async () => {
  const r = await n.request('POST', `/v2.1/servers/${server}/action`, { body: { 'os-getVNCConsole': { type: 'xvpvnc' } } });
  const token = new URL(r.body.console.url as string).searchParams.get('token');
  const ws = await openConsole(`${base}/novnc/vnc_lite.html?path=${encodeURIComponent(`novnc/websockify?token=${token}`)}`);
  try {
    assert.match(ws.response, /^HTTP\/1\.1 403 Forbidden/);
  } finally {
    ws.close();
  }
});
