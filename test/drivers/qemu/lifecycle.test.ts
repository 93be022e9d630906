/**
 * The qemu driver with real guests (TCG here): one server through boot, console, pause/unpause,
 * suspend/resume (the heartbeat counter goes on, no second boot), a restart of Novum that finds
 * the machine again, stop/start (a second boot), a snapshot booted as a second server, a volume
 * hot-plugged and unplugged (seen in the guest's own `ls /dev/vd*`), delete.
 * Every wait is on the API's status or on a marker in the guest's console, never a fixed sleep.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { TestNovum } from '../../helpers.js';
import {
  consoleLog, count, lastHeartbeat, useQemuNovum, qemuMissing, runningQemus, startQemuNovum, until, waitConsole, waitStatus,
} from './qemu-harness.js';

const missing = qemuMissing();
let dataDir = '';
let n: TestNovum;

useQemuNovum((novum, dir) => { n = novum; dataDir = dir; });

const S = '/compute/v2.1/servers';

async function act(id: string, body: unknown, status: string): Promise<void> {
  const r = await n.request('POST', `${S}/${id}/action`, { body });
  assert.equal(r.status, 202, r.text);
  await waitStatus(n, id, status);
}

async function sampleImage(): Promise<string> {
  const r = await n.request('GET', '/image/v2/images?name=novum-sample');
  assert.equal(r.body.images.length, 1, 'novum-sample is registered on first start');
  const img = r.body.images[0];
  assert.equal(img.disk_format, 'qcow2');
  assert.equal(img.container_format, 'bare');
  assert.ok(img.kernel_id && img.ramdisk_id, 'the sample names its kernel and ramdisk images');
  return img.id;
}

async function boot(name: string, imageRef: string): Promise<string> {
  const r = await n.request('POST', S, { body: { server: { name, imageRef, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const active = await waitStatus(n, id, 'ACTIVE');
  assert.equal(active.body.server['OS-EXT-STS:power_state'], 1);
  return id;
}

test('a real guest through its whole lifecycle', { skip: missing ?? false, timeout: 290000 }, async () => {
  const image = await sampleImage();
  const id = await boot('vm1', image);
  let log = await consoleLog(n, id);
  assert.match(log, /NOVUM_BOOT_OK .*root=\/dev\/vda boots=1/);

  // pause/unpause: QEMU stops the vCPU; the heartbeat counter goes on afterwards.
  await act(id, { pause: null }, 'PAUSED');
  assert.equal((await n.request('GET', `${S}/${id}`)).body.server['OS-EXT-STS:power_state'], 3);
  const beforeUnpause = lastHeartbeat(await consoleLog(n, id)) ?? 0;
  await act(id, { unpause: null }, 'ACTIVE');
  await waitConsole(n, id, (l) => ((lastHeartbeat(l) ?? 0) > beforeUnpause ? true : undefined));

  // suspend/resume: memory saved to a file and restored — the same boot continues.
  await act(id, { suspend: null }, 'SUSPENDED');
  assert.equal(runningQemus(dataDir).length, 0, 'a suspended server has no running QEMU');
  assert.ok(existsSync(path.join(dataDir, 'instances', id, 'memory.state')));
  const beforeResume = lastHeartbeat(await consoleLog(n, id)) ?? 0;
  await act(id, { resume: null }, 'ACTIVE');
  log = await waitConsole(n, id, (l) => ((lastHeartbeat(l) ?? 0) > beforeResume ? l : undefined));
  assert.equal(count(log, 'NOVUM_BOOT_OK'), 1, 'resume does not reboot the guest');

  // A restart of Novum: the machine keeps running and is found again.
  const pids = runningQemus(dataDir);
  assert.equal(pids.length, 1);
  await n.close();
  n = await startQemuNovum(dataDir);
  const again = await n.request('GET', `${S}/${id}`);
  assert.equal(again.body.server.status, 'ACTIVE');
  assert.equal(again.body.server['OS-EXT-STS:power_state'], 1);
  assert.deepEqual(runningQemus(dataDir), pids);
  await act(id, { pause: null }, 'PAUSED');
  await act(id, { unpause: null }, 'ACTIVE');

  // stop (ACPI power button, the guest powers off) and start (a second boot of the same disk).
  await act(id, { 'os-stop': null }, 'SHUTOFF');
  assert.match(await consoleLog(n, id), /NOVUM_POWEROFF/);
  assert.equal(runningQemus(dataDir).length, 0);
  await act(id, { 'os-start': null }, 'ACTIVE');
  await waitConsole(n, id, (l) => (/boots=2/.test(l) ? true : undefined));

  // createImage: a live copy of the disk becomes an image; a server booted from it sees the same disk.
  const snap = await n.request('POST', `${S}/${id}/action`, { body: { createImage: { name: 'vm1-snap' } } });
  assert.equal(snap.status, 202, snap.text);
  const snapId = snap.headers.location ? String(snap.headers.location).split('/').pop()! : snap.body.image_id;
  const img = await until(n, `/image/v2/images/${snapId}`, (r) => r.body?.status === 'active');
  assert.ok(img.body.size > 0, 'the snapshot has real data');
  await waitStatus(n, id, 'ACTIVE');
  // createBackup: the same live copy, kept as a backup image of the given type.
  const backup = await n.request('POST', `${S}/${id}/action`, { body: { createBackup: { name: 'vm1-daily', backup_type: 'daily', rotation: 1 } } });
  assert.equal(backup.status, 202, backup.text);
  const backupId = backup.headers.location ? String(backup.headers.location).split('/').pop()! : backup.body.image_id;
  const bimg = await until(n, `/image/v2/images/${backupId}`, (r) => r.body?.status === 'active');
  assert.ok(bimg.body.size > 0, 'the backup has real data');
  assert.equal(bimg.body.image_type, 'backup');
  assert.equal(bimg.body.backup_type, 'daily');
  await waitStatus(n, id, 'ACTIVE');
  const id2 = await boot('vm2', snapId);
  assert.match(await consoleLog(n, id2), /NOVUM_BOOT_OK .*boots=3/);

  // A volume hot-plugged into a spare PCIe root port: the guest's `ls /dev/vd*` shows vdb, then not.
  const vol = await n.request('POST', '/compute/v2.1/os-volumes', { body: { volume: { size: 1 } } });
  assert.equal(vol.status, 200, vol.text);
  const volId = vol.body.volume.id as string;
  await until(n, `/compute/v2.1/os-volumes/${volId}`, (r) => r.body?.volume?.status === 'available');
  const marker = (await consoleLog(n, id2)).length;
  const att = await n.request('POST', `${S}/${id2}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: volId } } });
  assert.equal(att.status, 200, att.text);
  assert.equal(att.body.volumeAttachment.device, '/dev/vdb');
  await waitConsole(n, id2, (l) => (/NOVUM_DISKS \/dev\/vda \/dev\/vdb/.test(l.slice(marker)) ? true : undefined));
  const plugged = (await consoleLog(n, id2)).length;
  assert.equal((await n.request('DELETE', `${S}/${id2}/os-volume_attachments/${volId}`)).status, 202);
  await waitConsole(n, id2, (l) => (/NOVUM_DISKS \/dev\/vda \n/.test(l.slice(plugged)) ? true : undefined));
  await until(n, `/compute/v2.1/os-volumes/${volId}`, (r) => r.body?.volume?.status === 'available');

  // delete: the machines are gone, and so are their directories.
  for (const sid of [id, id2]) assert.equal((await n.request('DELETE', `${S}/${sid}`)).status, 204);
  for (const sid of [id, id2]) await until(n, `${S}/${sid}`, (r) => r.status === 404);
  assert.equal(runningQemus(dataDir).length, 0);
  assert.equal(existsSync(path.join(dataDir, 'instances', id)), false);
});
