/**
 * Microversions 2.60-2.93 of volume attachments (2.60 multiattach, 2.70 tag, 2.79
 * delete_on_termination, 2.85 update, 2.89 attachment_id/bdm_uuid), os-interface (2.70 tag),
 * os-server-external-events (2.76, 2.82, 2.93 names) and the aggregate image cache (2.81).
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { microversionCaller, startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

const call = microversionCaller(() => n);
const badRequest = (message: string) => ({ badRequest: { code: 400, message } });

async function boot(name: string, token?: string): Promise<string> {
  const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return r.body.server.id;
}

async function volume(multiattach = false): Promise<string> {
  const r = await n.request('POST', '/volume/v3/openstack/volumes', { body: { volume: { size: 1, ...(multiattach ? { multiattach: true } : {}) } } });
  assert.equal(r.status, 202, r.text);
  await n.waitFor(`/volume/v3/openstack/volumes/${r.body.volume.id}`, (x) => x.body.volume.status === 'available');
  return r.body.volume.id;
}

const cinderStatus = async (id: string): Promise<string> => (await n.request('GET', `/volume/v3/openstack/volumes/${id}`)).body.volume.status;

describe('volume attachments', () => {
  test('2.70 tag, 2.79 delete_on_termination, 2.89 attachment_id and bdm_uuid instead of id', async () => {
    const server = await boot('va');
    const vol = await volume();
    const base = `/servers/${server}/os-volume_attachments`;
    const noDot = await call('2.78', 'POST', base, { volumeAttachment: { volumeId: vol, delete_on_termination: true } });
    assert.equal(noDot.status, 400, 'delete_on_termination from 2.79');
    const made = await call('2.79', 'POST', base, { volumeAttachment: { volumeId: vol, tag: 'data', delete_on_termination: true } });
    assert.equal(made.status, 200, made.text);
    assert.deepEqual(Object.keys(made.body.volumeAttachment).sort(), ['delete_on_termination', 'device', 'id', 'serverId', 'tag', 'volumeId']);
    assert.equal(made.body.volumeAttachment.tag, 'data');
    assert.equal(made.body.volumeAttachment.delete_on_termination, true);
    assert.equal((await call('2.69', 'GET', `${base}/${vol}`)).body.volumeAttachment.tag, undefined);
    assert.equal((await call('2.70', 'GET', `${base}/${vol}`)).body.volumeAttachment.tag, 'data');
    const v289 = (await call('2.89', 'GET', base)).body.volumeAttachments[0];
    assert.deepEqual(Object.keys(v289).sort(), ['attachment_id', 'bdm_uuid', 'delete_on_termination', 'device', 'serverId', 'tag', 'volumeId']);
    assert.match(v289.attachment_id, UUID);
    assert.match(v289.bdm_uuid, UUID);
  });

  test('2.85: PUT with the same volume changes delete_on_termination (owner allowed); other fields must match', async () => {
    const server = await boot('upd', 'demo:demo');
    const r = await n.request('POST', '/volume/v3/demo/volumes', { token: 'demo:demo', body: { volume: { size: 1 } } });
    const vol = r.body.volume.id;
    await n.waitFor(`/volume/v3/demo/volumes/${vol}`, (x) => x.body.volume.status === 'available', { token: 'demo:demo' });
    const base = `/servers/${server}/os-volume_attachments`;
    const att = (await call('2.79', 'POST', base, { volumeAttachment: { volumeId: vol } }, 'demo:demo')).body.volumeAttachment;
    assert.equal(att.delete_on_termination, false);
    assert.equal((await call('2.84', 'PUT', `${base}/${vol}`, { volumeAttachment: { volumeId: vol } }, 'demo:demo')).status, 403, 'swap (admin) before 2.85');
    const put = (body: Record<string, unknown>) => call('2.85', 'PUT', `${base}/${vol}`, { volumeAttachment: { volumeId: vol, ...body } }, 'demo:demo');
    assert.equal((await put({ delete_on_termination: true, device: att.device, serverId: server, id: vol })).status, 202);
    assert.equal((await call('2.85', 'GET', `${base}/${vol}`, undefined, 'demo:demo')).body.volumeAttachment.delete_on_termination, true);
    assert.deepEqual((await put({ device: '/dev/vdz' })).body, badRequest('The device property is not mutable'));
    assert.deepEqual((await put({ tag: 'other' })).body, badRequest('The tag property is not mutable'));
    assert.deepEqual((await put({ serverId: '11111111-2222-4333-8444-555555555555' })).body, badRequest('The serverId property is not mutable'));
    const other = await volume();
    assert.deepEqual((await call('2.85', 'PUT', `/servers/${server}/os-volume_attachments/${other}`, { volumeAttachment: { volumeId: other } })).body,
      { itemNotFound: { code: 404, message: `No volume Block Device Mapping with id ${other}.` } });
    assert.equal((await call('2.85', 'PUT', `${base}/${vol}`, { volumeAttachment: { volumeId: other } }, 'demo:demo')).status, 403, 'a swap stays admin-only');
  });

  test('2.60: a multiattach volume attaches to several servers, stays in-use until the last detach', async () => {
    const a = await boot('ma-a');
    const b = await boot('ma-b');
    const vol = await volume(true);
    assert.equal((await n.request('GET', `/volume/v3/openstack/volumes/${vol}`)).body.volume.multiattach, true);
    const attach = (server: string, v: string) => call(v, 'POST', `/servers/${server}/os-volume_attachments`, { volumeAttachment: { volumeId: vol } });
    assert.deepEqual((await attach(a, '2.59')).body, badRequest('Multiattach volumes are only supported starting with compute API version 2.60.'));
    const first = await attach(a, '2.60');
    assert.equal(first.status, 200, first.text);
    assert.equal((await attach(b, '2.60')).status, 200);
    assert.deepEqual((await attach(a, '2.60')).body, badRequest(`Invalid volume: volume ${vol} already attached`));
    const shown = (await n.request('GET', `/volume/v3/openstack/volumes/${vol}`)).body.volume;
    assert.deepEqual(shown.attachments.map((x: any) => x.server_id).sort(), [a, b].sort());
    assert.equal((await call('2.60', 'DELETE', `/servers/${a}/os-volume_attachments/${vol}`)).status, 202);
    assert.equal(await cinderStatus(vol), 'in-use');
    assert.equal((await call('2.60', 'DELETE', `/servers/${b}/os-volume_attachments/${vol}`)).status, 202);
    assert.equal(await cinderStatus(vol), 'available');
    const single = await volume();
    assert.equal((await attach(a, '2.60')).status, 200);
    assert.equal((await call('2.60', 'POST', `/servers/${a}/os-volume_attachments`, { volumeAttachment: { volumeId: single } })).status, 200);
    assert.equal((await call('2.60', 'POST', `/servers/${b}/os-volume_attachments`, { volumeAttachment: { volumeId: single } })).status, 400,
      'an ordinary volume still attaches once');
  });
});

describe('os-interface (2.70)', () => {
  test('interface attachments show a tag from 2.70', async () => {
    const server = await boot('ifaces');
    const list = (await call('2.70', 'GET', `/servers/${server}/os-interface`)).body.interfaceAttachments;
    assert.ok(list.length > 0);
    assert.equal(list[0].tag, null);
    assert.equal((await call('2.69', 'GET', `/servers/${server}/os-interface`)).body.interfaceAttachments[0].tag, undefined);
  });
});

describe('os-server-external-events', () => {
  test('accepted events are 200; unknown servers, missing tags make a 207; names grow with the microversion', async () => {
    const server = await boot('events');
    const missing = '11111111-2222-4333-8444-555555555555';
    const post = (v: string, events: unknown[], token?: string) => call(v, 'POST', '/os-server-external-events', { events }, token);
    const ok = await post('2.1', [{ name: 'network-changed', server_uuid: server }]);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body, { events: [{ name: 'network-changed', server_uuid: server, status: 'completed', code: 200 }] });
    const mixed = await post('2.76', [
      { name: 'network-vif-plugged', server_uuid: server, tag: 'port-1', status: 'completed' },
      { name: 'network-changed', server_uuid: missing },
      { name: 'power-update', server_uuid: server },
      { name: 'power-update', server_uuid: server, tag: 'POWER_OFF' },
    ]);
    assert.equal(mixed.status, 207);
    assert.deepEqual(mixed.body.events.map((e: any) => [e.code, e.status]), [[200, 'completed'], [404, 'failed'], [400, 'failed'], [200, 'completed']]);
    assert.equal((await post('2.75', [{ name: 'power-update', server_uuid: server, tag: 'POWER_ON' }])).status, 400, 'power-update from 2.76');
    assert.equal((await post('2.81', [{ name: 'accelerator-request-bound', server_uuid: server, tag: 'arq' }])).status, 400);
    assert.equal((await post('2.82', [{ name: 'accelerator-request-bound', server_uuid: server, tag: 'arq' }])).status, 200);
    assert.equal((await post('2.92', [{ name: 'volume-reimaged', server_uuid: server, tag: 'v' }])).status, 400);
    assert.equal((await post('2.93', [{ name: 'volume-reimaged', server_uuid: server, tag: 'v' }])).status, 200);
    assert.equal((await post('2.1', [])).status, 400);
    assert.equal((await post('2.1', [{ name: 'network-changed', server_uuid: server }], 'demo:demo')).status, 403);
    const actions = (await call('2.1', 'GET', `/servers/${server}/os-instance-actions`)).body.instanceActions.map((a: any) => a.action);
    assert.ok(actions.includes('stop'), `power-update POWER_OFF records a stop action: ${actions.join()}`);
  });
});

describe('aggregate image cache (2.81)', () => {
  test('POST /os-aggregates/{id}/images: validated, admin-only; no aggregate exists', async () => {
    const body = { cache: [{ id: IMAGE }] };
    assert.equal((await call('2.80', 'POST', '/os-aggregates/1/images', body)).status, 404, 'from 2.81');
    assert.deepEqual((await call('2.81', 'POST', '/os-aggregates/1/images', body)).body,
      { itemNotFound: { code: 404, message: 'Aggregate 1 could not be found.' } });
    assert.equal((await call('2.81', 'POST', '/os-aggregates/1/images', body, 'demo:demo')).status, 403);
    assert.equal((await call('2.81', 'POST', '/os-aggregates/1/images', { cache: [] })).status, 400);
    assert.deepEqual((await call('2.81', 'POST', '/os-aggregates/1/images', { cache: [{ id: IMAGE }, { id: IMAGE }] })).body,
      badRequest('Duplicate images in request'));
    assert.deepEqual((await call('2.81', 'POST', '/os-aggregates/abc/images', body)).body, badRequest('Invalid input received: id must be an integer'));
  });
});
