/**
 * Images uploaded through Glance v2 (`POST /v2/images`, then `PUT /v2/images/{id}/file`) boot with
 * the qemu driver: a qcow2 disk that names a kernel and ramdisk (kernel_id / ramdisk_id) boots
 * them directly, and a raw disk whose boot sector the BIOS runs boots on its own. Neither carries
 * `novum_sample`, so each is ACTIVE once QEMU runs it; the test then waits on its console.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestNovum } from '../../helpers.js';
import {
  consoleLog, useQemuNovum, qemuMissing, runningQemus, until, waitConsole, waitStatus } from './qemu-harness.js';

const missing = qemuMissing();
let dataDir = '';
let n: TestNovum;

useQemuNovum((novum, dir) => { n = novum; dataDir = dir; });

const S = '/compute/v2.1/servers';
const TOKEN = 'admin:openstack';
const RAW_MARKER = 'NOVUM_RAW_BOOT hello from the boot sector';

/**
 * One 512-byte sector the BIOS loads at 0000:7C00: it writes RAW_MARKER and CRLF to COM1 (0x3F8)
 * byte by byte, then halts with interrupts off. Hand-assembled 16-bit real-mode code.
 */
function bootSector(): Buffer {
  const code = [
    0xfa, //             cli
    0x31, 0xc0, //       xor ax, ax
    0x8e, 0xd8, //       mov ds, ax
    0xbe, 0x17, 0x7c, // mov si, 0x7c17        ; the message, right after the code (23 bytes)
    0xba, 0xf8, 0x03, // mov dx, 0x3f8         ; COM1's transmit register
    0xfc, //             cld
    0xac, //             next: lodsb           ; al = [si++]
    0x84, 0xc0, //       test al, al
    0x74, 0x03, //       jz done
    0xee, //             out dx, al
    0xeb, 0xf8, //       jmp next
    0xf4, //             done: hlt
    0xeb, 0xfd, //       jmp done
  ];
  assert.equal(code.length, 0x17);
  const sector = Buffer.alloc(512);
  Buffer.from(code).copy(sector, 0);
  Buffer.from(`${RAW_MARKER}\r\n\0`, 'latin1').copy(sector, code.length);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

/** POST /v2/images, then PUT its data; returns the active image's id. */
async function upload(body: Record<string, unknown>, data: Buffer): Promise<string> {
  const created = await n.request('POST', '/image/v2/images', { body });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as string;
  assert.equal(created.body.status, 'queued');
  const put = await n.novum.http.inject({
    method: 'PUT', url: `/image/v2/images/${id}/file`, headers: { 'x-auth-token': TOKEN, 'content-type': 'application/octet-stream' }, payload: data,
  });
  assert.equal(put.statusCode, 204, put.body);
  const img = await n.request('GET', `/image/v2/images/${id}`);
  assert.equal(img.body.status, 'active');
  assert.equal(img.body.size, data.length);
  return id;
}

async function bootServer(name: string, imageRef: string): Promise<string> {
  const r = await n.request('POST', S, { body: { server: { name, imageRef, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const active = await waitStatus(n, id, 'ACTIVE');
  assert.equal(active.body.server['OS-EXT-STS:power_state'], 1);
  return id;
}

async function remove(id: string): Promise<void> {
  assert.equal((await n.request('DELETE', `${S}/${id}`)).status, 204);
  await until(n, `${S}/${id}`, (r) => r.status === 404);
}

test('an uploaded qcow2 disk naming the sample kernel and ramdisk boots them', { skip: missing ?? false, timeout: 240000 }, async () => {
  const sample = (await n.request('GET', '/image/v2/images?name=novum-sample')).body.images[0];
  assert.ok(sample.kernel_id && sample.ramdisk_id, 'the sample is registered AMI-style, with kernel_id and ramdisk_id');
  const download = await n.novum.http.inject({ method: 'GET', url: `/image/v2/images/${sample.id}/file`, headers: { 'x-auth-token': TOKEN } });
  assert.equal(download.statusCode, 200);
  const disk = download.rawPayload;
  assert.equal(disk.subarray(0, 4).toString('latin1'), 'QFI\xfb', 'the sample root disk is qcow2');

  const image = await upload({
    name: 'uploaded-qcow2', disk_format: 'qcow2', container_format: 'bare', kernel_id: sample.kernel_id, ramdisk_id: sample.ramdisk_id,
  }, disk);
  const id = await bootServer('from-upload', image);
  const server = (await n.request('GET', `${S}/${id}`)).body.server;
  assert.equal(server.image.id, image);
  const line = await waitConsole(n, id, (l) => l.split('\n').find((x) => x.includes('NOVUM_BOOT_OK')));
  assert.match(line, /root=\/dev\/vda boots=1/, 'the uploaded disk is the root file system');
  await remove(id);
  assert.deepEqual(runningQemus(dataDir), []);
});

test('an uploaded raw disk with a BIOS boot sector boots and writes to the serial console', { skip: missing ?? false, timeout: 120000 }, async () => {
  const image = await upload({ name: 'boot-sector', disk_format: 'raw', container_format: 'bare' }, bootSector());
  const id = await bootServer('bios-boot', image);
  await waitConsole(n, id, (l) => (l.includes(RAW_MARKER) ? true : undefined));
  assert.doesNotMatch(await consoleLog(n, id), /NOVUM_BOOT_OK/);
  // The halted guest keeps running as far as QEMU is concerned: the server stays ACTIVE.
  const again = (await n.request('GET', `${S}/${id}`)).body.server;
  assert.equal(again.status, 'ACTIVE');
  assert.equal(again['OS-EXT-STS:power_state'], 1);
  await remove(id);
  assert.deepEqual(runningQemus(dataDir), []);
});
