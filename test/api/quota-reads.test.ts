/**
 * The quota reads `openstack limits show --absolute` and `openstack quota show` make besides
 * Nova's: Cinder limits and quota sets, Neutron quotas; and the (empty) os-aggregates list
 * `openstack hypervisor show` reads.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PUBLIC_NETWORK_ID } from '../../src/network/topology.js';
import { startNovum, type TestNovum } from '../helpers.js';

let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

async function volume(token: string, size: number): Promise<string> {
  const r = await n.request('POST', '/volume/v3/volumes', { body: { volume: { size } }, token });
  assert.equal(r.status, 202);
  return r.body.volume.id;
}

test('Cinder limits: defaults and what the project uses', async () => {
  const token = 'u:vlimits';
  await volume(token, 2);
  await volume(token, 3);
  const r = await n.request('GET', '/volume/v3/vlimits/limits', { token });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    limits: {
      rate: [],
      absolute: {
        maxTotalVolumes: 10, maxTotalSnapshots: 10, maxTotalVolumeGigabytes: 1000, maxTotalBackups: 10, maxTotalBackupGigabytes: 1000,
        totalVolumesUsed: 2, totalSnapshotsUsed: 0, totalGigabytesUsed: 5, totalBackupsUsed: 0, totalBackupGigabytesUsed: 0,
      },
    },
  });
  assert.equal((await n.request('GET', '/volume/v3/other/limits', { token })).status, 400);
});

test('Cinder os-quota-sets: limits, ?usage=true, defaults; another project only for admins', async () => {
  const token = 'u:vquota';
  await volume(token, 4);
  const plain = await n.request('GET', '/volume/v3/vquota/os-quota-sets/vquota?usage=False', { token });
  assert.equal(plain.status, 200);
  assert.deepEqual([plain.body.quota_set.id, plain.body.quota_set.volumes, plain.body.quota_set.gigabytes, plain.body.quota_set['volumes_lvmdriver-1']],
    ['vquota', 10, 1000, -1]);
  const used = await n.request('GET', '/volume/v3/os-quota-sets/vquota?usage=true', { token });
  assert.deepEqual(used.body.quota_set.volumes, { limit: 10, in_use: 1, reserved: 0 });
  assert.deepEqual(used.body.quota_set.gigabytes, { limit: 1000, in_use: 4, reserved: 0 });
  const defaults = await n.request('GET', '/volume/v3/os-quota-sets/vquota/defaults', { token });
  assert.equal(defaults.body.quota_set.snapshots, 10);
  const foreign = await n.request('GET', '/volume/v3/os-quota-sets/someone', { token });
  assert.deepEqual([foreign.status, foreign.body], [403, { forbidden: { code: 403, message: "Policy doesn't allow volume_extension:quotas:show to be performed." } }]);
  assert.equal((await n.request('GET', '/volume/v3/os-quota-sets/vquota')).status, 200, 'admin may read any project');
});

test('Neutron quotas: defaults; floatingip, security_group(_rule) are the enforced Nova limits', async () => {
  assert.equal((await n.request('PUT', '/v2.1/os-quota-sets/nq', { body: { quota_set: { floating_ips: 3 } } })).status, 200);
  const r = await n.request('GET', '/networking/v2.0/quotas/nq', { token: 'u:nq' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    quota: { network: 100, subnet: 100, subnetpool: -1, port: 500, router: 10, floatingip: 3, security_group: 10, security_group_rule: 20, rbac_policy: 10 },
  });
  assert.equal((await n.request('GET', '/networking/v2.0/quotas/nq/default', { token: 'u:nq' })).body.quota.floatingip, 10);
  const foreign = await n.request('GET', '/networking/v2.0/quotas/other', { token: 'u:nq' });
  assert.deepEqual([foreign.status, foreign.body], [403, { NeutronError: { type: 'NotAuthorized', message: 'Not authorized.', detail: '' } }]);
  // The Neutron limit is the one allocation checks.
  const fip = () => n.request('POST', '/networking/v2.0/floatingips', { body: { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } }, token: 'u:nq' });
  for (let i = 0; i < 3; i++) assert.equal((await fip()).status, 201);
  assert.equal((await fip()).status, 409);
});

test('os-aggregates: an empty list for admins, 403 for others', async () => {
  const r = await n.request('GET', '/v2.1/os-aggregates');
  assert.deepEqual([r.status, r.body], [200, { aggregates: [] }]);
  const demo = await n.request('GET', '/v2.1/os-aggregates', { token: 'demo:demo' });
  assert.deepEqual([demo.status, demo.body], [403, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-aggregates:index to be performed." } }]);
});
