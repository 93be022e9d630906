/**
 * The qemu driver's other actions with a real guest: hard reboot (a new boot of the same disk),
 * real diagnostics, rescue/unrescue (the rescue disk boots, the server's own disk is attached as
 * vdb), shelve (a snapshot, the machine gone) and unshelve (booted from the snapshot), rebuild (a
 * fresh disk), and a guest that powers itself off becoming SHUTOFF. Boot counts come from the
 * guest's own counter on its disk.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import type { TestNovum } from '../../helpers.js';
import {
  consoleLog, count, useQemuNovum, qemuMissing, runningQemus, until, waitConsole, waitStatus } from './qemu-harness.js';

const missing = qemuMissing();
let dataDir = '';
let n: TestNovum;

useQemuNovum((novum, dir) => { n = novum; dataDir = dir; });

const S = '/compute/v2.1/servers';

async function act(id: string, body: unknown, status: string): Promise<void> {
  const r = await n.request('POST', `${S}/${id}/action`, { body });
  // rescue answers 200 with the admin password; the other actions 202
  assert.ok(r.status === 202 || r.status === 200, r.text);
  await waitStatus(n, id, status);
}

/** Waits for boot marker number `nth` in the console and returns its line. */
const nthBoot = (id: string, nth: number): Promise<string> => waitConsole(n, id, (l) => {
  const lines = l.split('\n').filter((x) => x.includes('NOVUM_BOOT_OK'));
  return lines.length >= nth ? lines[nth - 1] : undefined;
});

test('reboot, diagnostics, rescue, shelve/unshelve and rebuild of a real guest', { skip: missing ?? false, timeout: 290000 }, async () => {
  const image = (await n.request('GET', '/image/v2/images?name=novum-sample')).body.images[0].id as string;
  const created = await n.request('POST', S, { body: { server: { name: 'vm3', imageRef: image, flavorRef: '1' } } });
  assert.equal(created.status, 202, created.text);
  const id = created.body.server.id as string;
  await waitStatus(n, id, 'ACTIVE');
  assert.match(await nthBoot(id, 1), /boots=1/);

  await act(id, { reboot: { type: 'HARD' } }, 'ACTIVE');
  assert.match(await nthBoot(id, 2), /boots=2/);

  const diag = await n.request('GET', `${S}/${id}/diagnostics`, { headers: { 'X-OpenStack-Nova-API-Version': '2.48' } });
  assert.equal(diag.status, 200, diag.text);
  assert.equal(diag.body.driver, 'libvirt');
  assert.ok(diag.body.cpu_details[0].time > 0, 'the vCPU has used real CPU time');
  assert.ok(diag.body.disk_details[0].read_bytes > 0, 'the guest has read its disk');

  // rescue: the image boots from a fresh disk (its own count starts at 1), the server's disk is vdb.
  await act(id, { rescue: null }, 'RESCUE');
  const rescued = await nthBoot(id, 3);
  assert.match(rescued, /root=\/dev\/vda boots=1/);
  await waitConsole(n, id, (l) => (/NOVUM_DISKS \/dev\/vda \/dev\/vdb/.test(l.slice(l.lastIndexOf('NOVUM_BOOT_OK'))) ? true : undefined));
  await act(id, { unrescue: null }, 'ACTIVE');
  assert.match(await nthBoot(id, 4), /boots=3/);

  // shelve: snapshot, machine gone (offloaded at once); unshelve boots that snapshot.
  await act(id, { shelve: null }, 'SHELVED_OFFLOADED');
  assert.equal(runningQemus(dataDir).length, 0);
  await act(id, { unshelve: null }, 'ACTIVE');
  // A new machine, so a new console log (as with libvirt), on the shelved disk.
  assert.match(await nthBoot(id, 1), /boots=4/);

  // rebuild: a fresh disk from the image, so the guest's counter starts again.
  await act(id, { rebuild: { imageRef: image } }, 'ACTIVE');
  assert.match(await nthBoot(id, 2), /boots=1/);
  assert.equal(count(await consoleLog(n, id), 'NOVUM_BOOT_OK'), 2);

  // The guest powers itself off (typed on its serial console): QEMU's SHUTDOWN makes the server SHUTOFF.
  const serial = net.createConnection(path.join(dataDir, 'instances', id, 'serial.sock'));
  await new Promise((r) => serial.once('connect', r));
  serial.write('\npoweroff -f\n');
  const off = await waitStatus(n, id, 'SHUTOFF');
  serial.destroy();
  assert.equal(off.body.server['OS-EXT-STS:power_state'], 4);
  assert.equal(runningQemus(dataDir).length, 0);

  assert.equal((await n.request('DELETE', `${S}/${id}`)).status, 204);
  await until(n, `${S}/${id}`, (r) => r.status === 404);
  assert.equal(runningQemus(dataDir).length, 0);
});
