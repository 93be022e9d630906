/**
 * Server microversions 2.77-2.93 (Nova: rest_api_version_history.rst; os-shelve/v2.77 and v2.91,
 * os-server-topology/v2.78, os-rescue/v2.87, servers/v2.90): each asserted at its version and
 * just below it.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum } from '../helpers.js';
import { IMAGE, IMAGE2, serversKit } from './microversion-servers-kit.js';

const kit = serversKit();
const { at, status, boot, act, show } = kit;
async function bootFromVolume(name: string): Promise<string> {
  return boot(name, { imageRef: undefined, block_device_mapping_v2: [{ boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'volume', volume_size: 1 }] });
}

/** Shelved and offloaded (shelved_offload_time 0 offloads at once). */
async function offloaded(name: string, token?: string): Promise<string> {
  const id = await boot(name, {}, '2.1', token);
  assert.equal((await act(id, '2.1', { shelve: null }, token)).status, 202);
  await status(id, 'SHELVED_OFFLOADED', token);
  return id;
}

describe('2.77 and 2.91: unshelve into a zone or onto a host', () => {
  test('2.77: a zone for an offloaded server; Nova schema and zone checks', async () => {
    const id = await offloaded('u77');
    const empty = await act(id, '2.77', { unshelve: {} });
    assert.match(empty.body.badRequest.message, /'availability_zone' is a required property/);
    const bad = await act(id, '2.77', { unshelve: { availability_zone: 'mars' } });
    assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'The requested availability zone is not available' } });
    assert.equal((await act(id, '2.77', { unshelve: { host: 'compute-1' } })).status, 400, 'host is 2.91');
    assert.equal((await act(id, '2.77', { unshelve: { availability_zone: 'nova' } })).status, 202);
    assert.equal((await status(id, 'ACTIVE')).body.server['OS-EXT-AZ:availability_zone'], 'nova');
  });


  test('a zone or host for a server that is shelved but not offloaded is a 409', async () => {
    const keep = await startNovum({ shelvedOffloadTime: -1 });
    try {
      const r = await keep.request('POST', '/v2.1/servers', { body: { server: { name: 's', imageRef: IMAGE, flavorRef: '1' } } });
      const id = r.body.server.id as string;
      await keep.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE');
      await keep.request('POST', `/v2.1/servers/${id}/action`, { body: { shelve: null } });
      await keep.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'SHELVED');
      const r77 = await keep.request('POST', `/v2.1/servers/${id}/action`, { ...at('2.77'), body: { unshelve: { availability_zone: 'nova' } } });
      assert.deepEqual(r77.body, { conflictingRequest: { code: 409, message:
        `Specifying an availability zone or a host when unshelving server "${id}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.` } });
      assert.equal((await keep.request('POST', `/v2.1/servers/${id}/action`, { ...at('2.77'), body: { unshelve: null } })).status, 202);
    } finally {
      await keep.close();
    }
  });

  test('2.91: an admin names the host, a null zone unpins; members may not name a host', async () => {
    const id = await offloaded('u91');
    const unknown = await act(id, '2.91', { unshelve: { host: 'nowhere' } });
    assert.deepEqual(unknown.body, { badRequest: { code: 400, message: 'Compute host nowhere could not be found.' } });
    const mismatch = await act(id, '2.91', { unshelve: { host: 'compute-2', availability_zone: 'nova' } });
    assert.equal(mismatch.status, 202, mismatch.text);
    const s = (await status(id, 'ACTIVE')).body.server;
    assert.equal(s['OS-EXT-SRV-ATTR:host'], 'compute-2');
    const mine = await offloaded('u91m', 'demo:demo');
    const member = await act(mine, '2.91', { unshelve: { host: 'compute-1' } }, 'demo:demo');
    assert.equal(member.status, 403);
    assert.equal(member.body.forbidden.message, "Policy doesn't allow os_compute_api:os-shelve:unshelve_to_host to be performed.");
    assert.equal((await act(mine, '2.91', { unshelve: { availability_zone: null } }, 'demo:demo')).status, 202);
    await status(mine, 'ACTIVE', 'demo:demo');
  });
});

describe('2.78: server topology', () => {
  test('404 before 2.78; no NUMA: empty; a NUMA flavor: its nodes, host details for admins', async () => {
    const plain = await boot('topo');
    assert.equal((await kit.n.request('GET', `/v2.1/servers/${plain}/topology`, at('2.77'))).status, 404);
    const none = await kit.n.request('GET', `/v2.1/servers/${plain}/topology`, at('2.78'));
    assert.deepEqual(none.body, { nodes: [], pagesize_kb: null });
    const f = await kit.n.request('POST', '/v2.1/flavors', { body: { flavor: { name: 'numa2', ram: 2048, vcpus: 4, disk: 1, id: 'numa2' } } });
    assert.equal(f.status, 200, f.text);
    await kit.n.request('POST', '/v2.1/flavors/numa2/os-extra_specs', { body: { extra_specs: { 'hw:numa_nodes': '2', 'hw:cpu_policy': 'dedicated', 'hw:mem_page_size': 'large' } } });
    const id = await boot('numa', { flavorRef: 'numa2' });
    const admin = await kit.n.request('GET', `/v2.1/servers/${id}/topology`, at('2.78'));
    assert.deepEqual(admin.body, {
      nodes: [
        { vcpu_set: [0, 1], siblings: [], memory_mb: 1024, host_node: 0, cpu_pinning: { 0: 0, 1: 1 } },
        { vcpu_set: [2, 3], siblings: [], memory_mb: 1024, host_node: 1, cpu_pinning: { 2: 2, 3: 3 } },
      ],
      pagesize_kb: 2048,
    });
  });
});

describe('2.83: more filters for members', () => {
  test('vm_state, key_name and availability_zone filter from 2.83 and are dropped before', async () => {
    const id = await boot('f83', {}, '2.1', 'demo:demo');
    const list = (q: string, v: string) => kit.n.request('GET', `/v2.1/servers?${q}`, at(v, 'demo:demo'));
    const ids = (r: { body: any }) => r.body.servers.map((s: any) => s.id);
    assert.ok(!ids(await list('vm_state=stopped', '2.83')).includes(id));
    assert.ok(ids(await list('vm_state=active', '2.83')).includes(id));
    assert.ok(ids(await list('vm_state=stopped', '2.82')).includes(id), 'ignored before 2.83');
    assert.ok(ids(await list('availability_zone=nov', '2.83')).includes(id), 'a regular expression');
    assert.ok(!ids(await list('availability_zone=^mars$', '2.83')).includes(id));
    assert.ok(!ids(await list('power_state=4', '2.83')).includes(id));
    assert.ok(ids(await list('power_state=1', '2.83')).includes(id));
  });
});

describe('2.87: rescue of volume-backed servers', () => {
  test('refused before 2.87; from 2.87 with an image that names the rescue bus and device', async () => {
    const id = await bootFromVolume('r87');
    const msg = `Instance ${id} cannot be rescued: Cannot rescue a volume-backed instance`;
    assert.deepEqual((await act(id, '2.86', { rescue: null })).body, { badRequest: { code: 400, message: msg } });
    assert.deepEqual((await act(id, '2.87', { rescue: null })).body, { badRequest: { code: 400, message: msg } });
    const img = await kit.n.request('POST', '/image/v2/images', { body: { name: 'rescue', hw_rescue_bus: 'usb', hw_rescue_device: 'disk' } });
    assert.equal(img.status, 201, img.text);
    const ok = await act(id, '2.87', { rescue: { rescue_image_ref: img.body.id } });
    assert.equal(ok.status, 200, ok.text);
    await status(id, 'RESCUE');
    const missing = await act(await boot('r87b'), '2.87', { rescue: { rescue_image_ref: '5c9e0e9c-1b24-4d2b-9b0d-8ac0d5a1e2f3' } });
    assert.deepEqual(missing.body, { badRequest: { code: 400, message: "Requested rescue image '5c9e0e9c-1b24-4d2b-9b0d-8ac0d5a1e2f3' is not supported" } });
  });
});

describe('2.90: hostname', () => {
  test('create, update and rebuild set it; members see OS-EXT-SRV-ATTR:hostname from 2.90', async () => {
    const id = await boot('h90', { hostname: 'custom-host' }, '2.90', 'demo:demo');
    assert.equal((await show(id, '2.90', 'demo:demo'))['OS-EXT-SRV-ATTR:hostname'], 'custom-host');
    assert.equal('OS-EXT-SRV-ATTR:hostname' in (await show(id, '2.89', 'demo:demo')), false);
    const upd = await kit.n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.90', 'demo:demo'), body: { server: { hostname: 'renamed' } } });
    assert.equal(upd.body.server['OS-EXT-SRV-ATTR:hostname'], 'renamed');
    const rb = await act(id, '2.90', { rebuild: { imageRef: IMAGE, hostname: 'rebuilt' } }, 'demo:demo');
    assert.equal(rb.body.server['OS-EXT-SRV-ATTR:hostname'], 'rebuilt');
    const listed = await kit.n.request('GET', '/v2.1/servers?hostname=^rebuilt$', at('2.90', 'demo:demo'));
    assert.deepEqual(listed.body.servers.map((s: any) => s.id), [id]);
    const low = await kit.n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.89', 'demo:demo'), body: { server: { hostname: 'x1' } } });
    assert.match(low.body.badRequest.message, /Additional properties are not allowed \('hostname' was unexpected\)/);
    const invalid = await kit.n.request('PUT', `/v2.1/servers/${id}`, { ...at('2.90', 'demo:demo'), body: { server: { hostname: 'no_underscores' } } });
    assert.equal(invalid.status, 400);
    const many = await kit.n.request('POST', '/v2.1/servers', { ...at('2.90'), body: { server: { name: 'm', imageRef: IMAGE, flavorRef: '1', networks: 'none', hostname: 'one', max_count: 2 } } });
    assert.deepEqual(many.body, { badRequest: { code: 400, message: 'Unable to allocate a single hostname to multiple instances' } });
  });
});

describe('2.93: rebuild of volume-backed servers', () => {
  test('another image is refused before 2.93 and re-images the root volume from 2.93', async () => {
    const id = await bootFromVolume('r93');
    const old = await act(id, '2.92', { rebuild: { imageRef: IMAGE2 } });
    assert.deepEqual(old.body, { badRequest: { code: 400, message: `Image ${IMAGE2} is unacceptable: Unable to rebuild with a different image for a volume-backed server.` } });
    const same = await act(id, '2.92', { rebuild: { imageRef: IMAGE } });
    assert.equal(same.status, 202, same.text);
    await status(id, 'ACTIVE');
    const ok = await act(id, '2.93', { rebuild: { imageRef: IMAGE2 } });
    assert.equal(ok.status, 202, ok.text);
    assert.equal(ok.body.server.image, '', 'a volume-backed server shows no image');
    await status(id, 'ACTIVE');
    const vols = await kit.n.request('GET', `/v2.1/servers/${id}/os-volume_attachments`);
    const vol = await kit.n.request('GET', `/volume/v3/openstack/volumes/${vols.body.volumeAttachments[0].volumeId}`);
    assert.equal(vol.status, 200, vol.text);
    assert.equal(vol.body.volume.volume_image_metadata.image_id, IMAGE2, 'the root volume carries the new image');
    const certs = await act(id, '2.93', { rebuild: { imageRef: IMAGE2, trusted_image_certificates: ['abc'] } });
    assert.deepEqual(certs.body, { badRequest: { code: 400, message: 'Image certificate validation is not supported for volume-backed servers.' } });
  });
});
