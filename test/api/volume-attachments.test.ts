import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SEED_OPS = JSON.parse(readFileSync('/work/shared/seed/operations.json', 'utf8')) as Array<{ line: number; examples: any[] }>;
const seedExamples = (line: number): any[] => SEED_OPS.find((o) => o.line === line)!.examples;
const ATTACHMENT_KEYS = ['device', 'id', 'serverId', 'volumeId'];

let n: TestNovum;
before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

async function boot(name: string, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return r.body.server.id;
}

/** An available volume, made through Cinder (`image` makes it bootable). */
async function volume(opts: { size?: number; image?: string; token?: string } = {}): Promise<string> {
  const project = (opts.token ?? 'admin:openstack').split(':')[1];
  const body = { volume: { size: opts.size ?? 1, ...(opts.image ? { imageRef: opts.image } : {}) } };
  const r = await n.request('POST', `/volume/v3/${project}/volumes`, { token: opts.token, body });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/volume/v3/${project}/volumes/${r.body.volume.id}`, (x) => x.body.volume.status === 'available', { token: opts.token });
  return r.body.volume.id;
}

const volStatus = async (id: string): Promise<string> => (await n.request('GET', `/v2.1/os-volumes/${id}`)).body.volume.status;
const attached = async (server: string): Promise<unknown> => (await n.request('GET', `/v2.1/servers/${server}`)).body.server['os-extended-volumes:volumes_attached'];
const actions = async (server: string): Promise<string[]> =>
  (await n.request('GET', `/v2.1/servers/${server}/os-instance-actions`)).body.instanceActions.map((a: { action: string }) => a.action);

describe('the seed\'s volume attachment examples', () => {
  test('attach (line 6012), list (6085), show (6129), detach (6171) on /v2/openstack, with every key of the examples', async () => {
    const server = await boot('seed-attach');
    const vol = await volume();
    const [attachReq, attachResp] = seedExamples(6012);
    const body = { volumeAttachment: { ...attachReq.volumeAttachment, volumeId: vol } };
    const base = `/v2/openstack/servers/${server}/os-volume_attachments`;
    const r = await n.request('POST', base, { body });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body.volumeAttachment).sort(), Object.keys(attachResp.volumeAttachment).sort());
    assert.deepEqual(r.body.volumeAttachment, { device: '/dev/vdb', id: vol, serverId: server, volumeId: vol });

    const list = await n.request('GET', base);
    assert.equal(list.status, 200);
    assert.deepEqual(Object.keys(list.body), Object.keys(seedExamples(6085)[0]));
    assert.deepEqual(Object.keys(list.body.volumeAttachments[0]).sort(), Object.keys(seedExamples(6085)[0].volumeAttachments[0]).sort());
    assert.deepEqual(list.body.volumeAttachments, [{ device: '/dev/vdb', id: vol, serverId: server, volumeId: vol }]);

    const show = await n.request('GET', `${base}/${vol}`);
    assert.equal(show.status, 200);
    assert.deepEqual(Object.keys(show.body.volumeAttachment).sort(), Object.keys(seedExamples(6129)[0].volumeAttachment).sort());
    assert.deepEqual(show.body.volumeAttachment, { device: '/dev/vdb', id: vol, serverId: server, volumeId: vol });

    const del = await n.request('DELETE', `${base}/${vol}`);
    assert.equal(del.status, 202);
    assert.equal(del.text, '');
  });
});

describe('attach and detach', () => {
  test('attach makes the volume in-use and shows in the server; detach makes it available again', async () => {
    const server = await boot('att');
    const [v1, v2] = [await volume(), await volume()];
    const base = `/v2.1/servers/${server}/os-volume_attachments`;
    assert.equal((await n.request('POST', base, { body: { volumeAttachment: { volumeId: v1 } } })).body.volumeAttachment.device, '/dev/vdb');
    const second = await n.request('POST', base, { body: { volumeAttachment: { volumeId: v2, device: '/dev/vdf' } } });
    assert.equal(second.body.volumeAttachment.device, '/dev/vdf', 'a requested device is used');
    assert.equal(await volStatus(v1), 'in-use');
    const proxied = (await n.request('GET', `/v2.1/os-volumes/${v1}`)).body.volume;
    assert.deepEqual(proxied.attachments, [{ id: v1, serverId: server, volumeId: v1, device: '/dev/vdb' }]);
    assert.deepEqual(await attached(server), [{ id: v1 }, { id: v2 }]);
    const listed = (await n.request('GET', '/v2.1/servers/detail')).body.servers.find((s: { id: string }) => s.id === server);
    assert.deepEqual(listed['os-extended-volumes:volumes_attached'], [{ id: v1 }, { id: v2 }]);

    assert.equal((await n.request('DELETE', `${base}/${v1}`)).status, 202);
    assert.equal(await volStatus(v1), 'available');
    assert.deepEqual(await attached(server), [{ id: v2 }]);
    assert.deepEqual((await n.request('GET', `/v2.1/os-volumes/${v1}`)).body.volume.attachments, [{}]);
    const acts = await actions(server);
    assert.deepEqual(acts.slice(0, 3), ['detach_volume', 'attach_volume', 'attach_volume']);
  });

  test('attach errors carry Nova\'s codes and messages', async () => {
    const server = await boot('att-err');
    const other = await boot('att-other');
    const vol = await volume();
    const base = `/v2.1/servers/${server}/os-volume_attachments`;
    const unknown = '11111111-2222-3333-4444-555555555555';
    const missing = await n.request('POST', base, { body: { volumeAttachment: { volumeId: unknown } } });
    assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: `Volume ${unknown} could not be found.` } });
    const badId = await n.request('POST', base, { body: { volumeAttachment: { volumeId: 'not-a-uuid' } } });
    assert.equal(badId.status, 400);
    assert.match(badId.body.badRequest.message, /Invalid input for field\/attribute volumeId/);
    const badDevice = await n.request('POST', base, { body: { volumeAttachment: { volumeId: vol, device: 'vdb' } } });
    assert.equal(badDevice.status, 400);
    const noServer = await n.request('POST', `/v2.1/servers/${unknown}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: vol } } });
    assert.deepEqual(noServer.body, { itemNotFound: { code: 404, message: `Instance ${unknown} could not be found.` } });

    assert.equal((await n.request('POST', base, { body: { volumeAttachment: { volumeId: vol } } })).status, 200);
    const again = await n.request('POST', `/v2.1/servers/${other}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: vol } } });
    assert.deepEqual(again.body, { badRequest: { code: 400, message: `Invalid volume: volume '${vol}' status must be 'available'. Currently in 'in-use'` } });
    const vol2 = await volume();
    const inUse = await n.request('POST', base, { body: { volumeAttachment: { volumeId: vol2, device: '/dev/vdb' } } });
    assert.deepEqual(inUse.body, { conflictingRequest: { code: 409, message: 'The supplied device path (/dev/vdb) is in use.' } });
  });

  test('show and detach of a volume not attached: Nova\'s 404s', async () => {
    const server = await boot('att-404');
    const vol = await volume();
    const base = `/v2.1/servers/${server}/os-volume_attachments`;
    const show = await n.request('GET', `${base}/${vol}`);
    assert.deepEqual(show.body, { itemNotFound: { code: 404, message: `Instance ${server} is not attached to volume ${vol}` } });
    const detach = await n.request('DELETE', `${base}/${vol}`);
    assert.deepEqual(detach.body, { itemNotFound: { code: 404, message: `Instance ${server} is not attached to volume ${vol}` } });
    const unknown = '11111111-2222-3333-4444-555555555555';
    const gone = await n.request('DELETE', `${base}/${unknown}`);
    assert.deepEqual(gone.body, { itemNotFound: { code: 404, message: `Volume ${unknown} could not be found.` } });
    assert.deepEqual((await n.request('GET', base)).body, { volumeAttachments: [] });
  });

  test('server state and lock: locked 409 for members, shelved 409 before 2.20, paused allowed', async () => {
    const token = 'demo:vols';
    const server = await boot('att-lock', token);
    const vol = await volume({ token });
    const base = `/v2.1/servers/${server}/os-volume_attachments`;
    assert.equal((await n.request('POST', `/v2.1/servers/${server}/action`, { body: { lock: null } })).status, 202);
    const locked = await n.request('POST', base, { token, body: { volumeAttachment: { volumeId: vol } } });
    assert.deepEqual(locked.body, { conflictingRequest: { code: 409, message: `Instance ${server} is locked` } });
    await n.request('POST', `/v2.1/servers/${server}/action`, { body: { unlock: null } });
    await n.request('POST', `/v2.1/servers/${server}/action`, { token, body: { pause: null } });
    await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body.server.status === 'PAUSED', { token });
    assert.equal((await n.request('POST', base, { token, body: { volumeAttachment: { volumeId: vol } } })).status, 200);
    await n.request('POST', `/v2.1/servers/${server}/action`, { token, body: { unpause: null } });
    await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body.server.status === 'ACTIVE', { token });
    await n.request('POST', `/v2.1/servers/${server}/action`, { token, body: { shelve: null } });
    // shelved-offload-time is 0 here, so SHELVED is fleeting: wait for where it settles
    await n.waitFor(`/v2.1/servers/${server}`, (x) => x.body.server.status === 'SHELVED_OFFLOADED', { token });
    const shelved = await n.request('DELETE', `${base}/${vol}`, { token });
    assert.deepEqual(shelved.body, { conflictingRequest: { code: 409, message: `Cannot 'detach_volume' instance ${server} while it is in vm_state shelved_offloaded` } });
  });

  test('swap (PUT) moves the attachment to a new volume; admin only', async () => {
    const server = await boot('swap');
    const [old, fresh, small] = [await volume({ size: 2 }), await volume({ size: 2 }), await volume({ size: 1 })];
    const base = `/v2.1/servers/${server}/os-volume_attachments`;
    await n.request('POST', base, { body: { volumeAttachment: { volumeId: old } } });
    const member = await n.request('PUT', `${base}/${old}`, { token: 'demo:demo', body: { volumeAttachment: { volumeId: fresh } } });
    assert.equal(member.status, 403);
    const tooSmall = await n.request('PUT', `${base}/${old}`, { body: { volumeAttachment: { volumeId: small } } });
    assert.deepEqual(tooSmall.body, { badRequest: { code: 400, message: 'Invalid volume: New volume must be the same size or larger.' } });
    const unknown = '11111111-2222-3333-4444-555555555555';
    const noNew = await n.request('PUT', `${base}/${old}`, { body: { volumeAttachment: { volumeId: unknown } } });
    assert.deepEqual(noNew.body, { badRequest: { code: 400, message: `Volume ${unknown} could not be found.` } });
    const notAttached = await n.request('PUT', `${base}/${small}`, { body: { volumeAttachment: { volumeId: fresh } } });
    assert.deepEqual(notAttached.body, { itemNotFound: { code: 404, message: 'The volume was either invalid or not attached to the instance.' } });
    const r = await n.request('PUT', `${base}/${old}`, { body: { volumeAttachment: { volumeId: fresh } } });
    assert.equal(r.status, 202);
    assert.equal(await volStatus(old), 'available');
    assert.equal(await volStatus(fresh), 'in-use');
    assert.deepEqual((await n.request('GET', base)).body.volumeAttachments.map((a: { volumeId: string }) => a.volumeId), [fresh]);
    assert.equal((await actions(server))[0], 'swap_volume');
  });

  test('deleting a server detaches its volumes', async () => {
    const server = await boot('att-del');
    const vol = await volume();
    await n.request('POST', `/v2.1/servers/${server}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: vol } } });
    await n.request('DELETE', `/v2.1/servers/${server}`);
    await n.waitFor(`/v2.1/servers/${server}`, (x) => x.status === 404);
    assert.equal(await volStatus(vol), 'available');
    const del = await n.request('DELETE', `/v2.1/os-volumes/${vol}`);
    assert.equal(del.status, 202);
  });
});

describe('boot from volume', () => {
  test('the seed\'s os-volumes_boot example (line 6227) with a real volume: image "", volume in-use at /dev/vda', async () => {
    const vol = await volume({ image: IMAGE });
    const [req, resp] = seedExamples(6227);
    const body = JSON.parse(JSON.stringify(req).replaceAll('7b4dc407-d515-4d96-9eba-cf86bd4a61f7', vol));
    const r = await n.request('POST', '/v2/openstack/os-volumes_boot', { body });
    assert.equal(r.status, 202, r.text);
    for (const key of Object.keys(resp.server)) assert.ok(key in r.body.server, `answer lacks ${key}`);
    const id = r.body.server.id;
    const shown = await n.waitFor(`/v2/openstack/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
    assert.equal(shown.body.server.image, '');
    assert.deepEqual(shown.body.server['os-extended-volumes:volumes_attached'], [{ id: vol }]);
    assert.equal(await volStatus(vol), 'in-use');
    const att = await n.request('GET', `/v2.1/servers/${id}/os-volume_attachments/${vol}`);
    assert.equal(att.body.volumeAttachment.device, '/dev/vda');
    const root = await n.request('DELETE', `/v2.1/servers/${id}/os-volume_attachments/${vol}`);
    assert.deepEqual(root.body, { forbidden: { code: 403, message: "Can't detach root device volume" } });
    await n.request('DELETE', `/v2.1/servers/${id}`);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
    assert.equal(await volStatus(vol), 'available', 'delete_on_termination defaults to false');
  });

  test('unknown and unbootable volumes are refused with Nova\'s messages', async () => {
    const fake = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', block_device_mapping_v2: [
        { device_name: '/dev/sdb1', source_type: 'blank', destination_type: 'local', delete_on_termination: 'True', guest_format: 'swap', boot_index: '-1' },
        { device_name: '/dev/sda1', source_type: 'volume', destination_type: 'volume', uuid: 'fake-volume-id-1', boot_index: '0' },
      ] } },
    });
    assert.deepEqual(fake.body, { badRequest: { code: 400, message: 'Block Device Mapping is Invalid: failed to get volume fake-volume-id-1.' } });
    const blank = await volume();
    const notBootable = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'x', flavorRef: '1', block_device_mapping_v2: [{ source_type: 'volume', destination_type: 'volume', uuid: blank, boot_index: 0 }] } },
    });
    assert.deepEqual(notBootable.body, { badRequest: { code: 400, message: `Block Device Mapping is Invalid: Block Device ${blank} is not bootable.` } });
    const many = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', max_count: 2, block_device_mapping_v2: [{ source_type: 'volume', destination_type: 'volume', uuid: blank, boot_index: 1 }] } },
    });
    assert.deepEqual(many.body, { badRequest: { code: 400, message: 'Cannot attach one or more volumes to multiple instances' } });
    const noSize = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'x', flavorRef: '1', block_device_mapping_v2: [{ source_type: 'image', destination_type: 'volume', uuid: IMAGE, boot_index: 0 }] } },
    });
    assert.deepEqual(noSize.body, { badRequest: { code: 400, message: "Block Device Mapping is Invalid: Images with destination_type 'volume' need to have a non-zero size specified" } });
    const noRoot = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'x', flavorRef: '1', block_device_mapping_v2: [{ source_type: 'blank', destination_type: 'local', guest_format: 'swap', boot_index: -1 }] } },
    });
    assert.equal(noRoot.status, 400);
    assert.match(noRoot.body.badRequest.message, /^Block Device Mapping is Invalid: Boot sequence/);
  });

  test('image → volume creates the root volume; delete_on_termination deletes it with the server', async () => {
    const r = await n.request('POST', '/v2.1/servers', {
      body: { server: { name: 'bfv-image', flavorRef: '1', block_device_mapping_v2: [
        { source_type: 'image', destination_type: 'volume', uuid: IMAGE, boot_index: 0, volume_size: 2, delete_on_termination: true },
        { source_type: 'blank', destination_type: 'local', guest_format: 'swap', boot_index: -1 },
        { source_type: 'blank', destination_type: 'volume', volume_size: 1, boot_index: -1 },
      ] } },
    });
    assert.equal(r.status, 202, r.text);
    const id = r.body.server.id;
    const shown = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE');
    assert.equal(shown.body.server.image, '');
    const vols = shown.body.server['os-extended-volumes:volumes_attached'].map((v: { id: string }) => v.id);
    assert.equal(vols.length, 2);
    const atts = (await n.request('GET', `/v2.1/servers/${id}/os-volume_attachments`)).body.volumeAttachments;
    assert.deepEqual(atts.map((a: { device: string }) => a.device), ['/dev/vda', '/dev/vdb']);
    const rootVol = (await n.request('GET', `/volume/v3/openstack/volumes/${vols[0]}`)).body.volume;
    assert.equal(rootVol.bootable, 'true');
    assert.equal(rootVol.size, 2);
    assert.equal(rootVol.status, 'in-use');
    await n.request('DELETE', `/v2.1/servers/${id}`);
    await n.waitFor(`/v2.1/servers/${id}`, (x) => x.status === 404);
    assert.equal((await n.request('GET', `/v2.1/os-volumes/${vols[0]}`)).status, 404, 'delete_on_termination: the root volume is gone');
    assert.equal(await volStatus(vols[1]), 'available', 'the blank volume stays');
  });
});
