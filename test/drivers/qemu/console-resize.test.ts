/**
 * The qemu driver with a real guest (TCG here), on a Novum listening on 127.0.0.1: the noVNC
 * console (page, websocket with the token, QEMU's own RFB greeting; a wrong token refused),
 * resize on the one host with allow-resize-to-same-host (revert, then confirm; the guest's own
 * /proc/meminfo shows the RAM), QEMU killed → SHUTOFF; and a boot timeout → ERROR.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { instanceFiles } from '../../../src/drivers/qemu/instance-files.js';
import { startNovum, type TestNovum } from '../../helpers.js';
import { openConsole, rfbHandshake } from '../../api/novnc-client.js';
import { cleanUp, consoleLog, preparedDataDir, qemuMissing, runningQemus, until, waitConsole, waitStatus } from './qemu-harness.js';

const missing = qemuMissing();
const S = '/compute/v2.1/servers';
const dirs: string[] = [];
const novums: TestNovum[] = [];

async function qemuNovum(extra: Record<string, unknown> = {}): Promise<TestNovum> {
  const dataDir = await preparedDataDir();
  dirs.push(dataDir);
  const n = await startNovum({ dataDir, driver: 'qemu', databaseUrl: '', host: '127.0.0.1', port: 0, ...extra });
  novums.push(n);
  return n;
}

after(async () => {
  for (const n of novums) await n.close();
  for (const d of dirs) cleanUp(d);
});

let n: TestNovum;
let image = '';
before(async () => {
  if (missing) return;
  n = await qemuNovum({ allowResizeToSameHost: true });
  image = (await n.request('GET', '/image/v2/images?name=novum-sample')).body.images[0].id as string;
});

async function act(id: string, body: unknown, code: number, status: string): Promise<void> {
  const r = await n.request('POST', `${S}/${id}/action`, { body });
  assert.equal(r.status, code, r.text);
  await waitStatus(n, id, status);
}

const printed = (log: string, label: string): number[] => [...log.matchAll(new RegExp(`NOVUM_${label} (\\d+)`, 'g'))].map((m) => Number(m[1]));

/**
 * Types `awk` on the guest's serial shell until a new `NOVUM_<label> <n>` line shows on the console
 * log: `field` of the line of `file` matching `match` (the echoed command does not match, only awk's output).
 */
async function guestValue(id: string, label: string, file: string, match: string, field: number): Promise<number> {
  const seen = printed(await consoleLog(n, id), label).length;
  const sock = connect(instanceFiles(n.novum.config.dataDir, id).serial);
  await new Promise((res, rej) => sock.once('connect', res).once('error', rej));
  const ask = (): boolean => sock.write(`awk '/${match}/ { print "NOVUM_" "${label}", $${field} }' ${file}\n`);
  ask();
  const timer = setInterval(ask, 3000);
  try {
    return await waitConsole(n, id, (log) => {
      const all = printed(log, label);
      return all.length > seen ? all[all.length - 1] : undefined;
    }, 60000);
  } finally {
    clearInterval(timer);
    sock.destroy();
  }
}
const guestMemKb = (id: string): Promise<number> => guestValue(id, 'MEM', '/proc/meminfo', 'MemTotal', 2);
/** vda's size in KiB (/proc/partitions), as the guest's kernel sees it. */
const guestDiskKb = (id: string): Promise<number> => guestValue(id, 'DISK', '/proc/partitions', 'vda$', 3);

const qemuRamArg = (pid: number): string => {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return args[args.indexOf('-m') + 1];
};

test('noVNC console, same-host resize with revert and confirm, QEMU killed → SHUTOFF', { skip: missing ?? false, timeout: 280000 }, async (t) => {
  const base = await n.novum.listen();
  const r = await n.request('POST', S, { body: { server: { name: 'vnc-resize', imageRef: image, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitStatus(n, id, 'ACTIVE');

  // The console: the URL names the listening Novum, the page is noVNC, the websocket reaches QEMU's VNC server.
  const rc = await fetch(`${base}${S}/${id}/remote-consoles`, {
    method: 'POST', headers: { 'x-auth-token': 'admin:openstack', 'content-type': 'application/json', 'openstack-api-version': 'compute 2.6' },
    body: JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } }),
  });
  assert.equal(rc.status, 200);
  const url = ((await rc.json()) as { remote_console: { url: string } }).remote_console.url;
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.ok((await page.text()).includes('noVNC'));
  const t0 = Date.now();
  const ws = await openConsole(url);
  try {
    assert.match(ws.response, /^HTTP\/1\.1 101 /);
    const init = await rfbHandshake(ws);
    assert.equal(init.version, 'RFB 003.008\n');
    assert.match(init.name, /^QEMU \(instance-[0-9a-f]{8}\)$/, 'QEMU names the VNC desktop after the machine');
    assert.ok(init.width > 0 && init.height > 0);
    t.diagnostic(`websocket upgrade to ServerInit ${Date.now() - t0} ms (${init.width}x${init.height})`);
  } finally {
    ws.close();
  }
  const bad = await openConsole(url, (p) => p.replace('token=', 'token=bad'));
  assert.match(bad.response, /^HTTP\/1\.1 403 /);
  assert.equal(await bad.receive(), null);
  bad.close();

  // Resize on the one host: the guest boots again with m1.small's 2048 MB; revert brings 512 back.
  const tiny = await guestMemKb(id);
  assert.equal(await guestDiskKb(id), 1024 * 1024, 'm1.tiny: a 1 GB root disk');
  assert.ok(tiny > 300 * 1024 && tiny <= 512 * 1024, `MemTotal ${tiny} kB`);
  await act(id, { resize: { flavorRef: '2' } }, 202, 'VERIFY_RESIZE');
  const [pid] = runningQemus(n.novum.config.dataDir);
  assert.equal(qemuRamArg(pid), '2048');
  const small = await guestMemKb(id);
  // m1.small: a 20 GB root disk, grown under the guest (qemu-img resize).
  assert.equal(await guestDiskKb(id), 20 * 1024 * 1024);
  assert.ok(small > 1800 * 1024 && small <= 2048 * 1024, `MemTotal ${small} kB after resize`);
  t.diagnostic(`guest MemTotal: ${tiny} kB at m1.tiny, ${small} kB at m1.small`);
  await act(id, { revertResize: null }, 202, 'ACTIVE');
  assert.equal(qemuRamArg(runningQemus(n.novum.config.dataDir)[0]), '512');
  assert.equal((await n.request('GET', `${S}/${id}`)).body.server.flavor.id, '1');
  await act(id, { resize: { flavorRef: '2' } }, 202, 'VERIFY_RESIZE');
  await act(id, { confirmResize: null }, 204, 'ACTIVE');
  const confirmed = (await n.request('GET', `${S}/${id}`)).body.server;
  assert.equal(confirmed.flavor.id, '2');
  const [pid2] = runningQemus(n.novum.config.dataDir);
  assert.equal(qemuRamArg(pid2), '2048');

  // QEMU dies under the server: Nova's power-state sync makes it SHUTOFF, power_state 4 (SHUTDOWN).
  process.kill(pid2, 'SIGKILL');
  const off = await until(n, `${S}/${id}`, (x) => x.body?.server?.status === 'SHUTOFF');
  assert.equal(off.body.server['OS-EXT-STS:power_state'], 4);
  assert.deepEqual(runningQemus(n.novum.config.dataDir), []);
  assert.equal((await n.request('DELETE', `${S}/${id}`)).status, 204);
});

test('a guest that never prints its boot marker goes to ERROR after the boot timeout, its QEMU stopped', { skip: missing ?? false, timeout: 120000 }, async () => {
  // A raw disk of zeros: the BIOS finds nothing to boot, on TCG as on KVM. Only images that carry
  // novum_sample promise the marker (others are ACTIVE once QEMU runs them), so this one carries it.
  const t = await qemuNovum({ qemuBootTimeout: 2 });
  const created = await t.request('POST', '/image/v2/images', { body: { name: 'blank', disk_format: 'raw', container_format: 'bare', novum_sample: 'root' } });
  assert.equal(created.status, 201, created.text);
  const img = created.body.id as string;
  const put = await t.novum.http.inject({
    method: 'PUT', url: `/image/v2/images/${img}/file`, headers: { 'x-auth-token': 'admin:openstack', 'content-type': 'application/octet-stream' },
    payload: Buffer.alloc(1024 * 1024),
  });
  assert.equal(put.statusCode, 204, put.body);
  const r = await t.request('POST', S, { body: { server: { name: 'never-boots', imageRef: img, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const err = await until(t, `${S}/${id}`, (x) => x.body?.server?.status === 'ERROR');
  assert.equal(err.body.server['OS-EXT-STS:task_state'], null);
  assert.equal(err.body.server.fault.code, 500);
  assert.match(err.body.server.fault.message, /did not print NOVUM_BOOT_OK on its console within 2 s/);
  assert.deepEqual(runningQemus(path.resolve(t.novum.config.dataDir)), []);
});
