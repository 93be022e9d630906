/**
 * openstacksdk (Debian's python3-openstacksdk under /usr/bin/python3): test/clients/sdk_walk.py
 * as the non-admin `demo` through clouds.yaml — the cloud layer's create_server(wait=True)
 * (networks, subnets, GET /servers/detail polling, an automatic floating IP through Neutron),
 * the compute proxy's stop/start/reboot with wait_for_server, console output, and
 * delete_server(wait=True, delete_ips=True).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, startCloud, type ClientCloud } from './harness.js';

function sdkMissing(): string | false {
  try {
    execFileSync(PYTHON, ['-c', 'import openstack'], { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    return false;
  } catch {
    return process.env.CI ? false : `${PYTHON} cannot import openstack (apt-get install python3-openstacksdk; .ci/run does) and CI is not set`;
  }
}

const skip = sdkMissing();
const WALK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sdk_walk.py');

let cloud: ClientCloud;

before(async () => {
  if (skip) return;
  cloud = await startCloud('sdk');
});
after(async () => { await cloud?.stop(); });

test('sdk_walk.py: create, stop, start, reboot, delete as demo', { skip, timeout: 180_000 }, async () => {
  const r = await cloud.run(PYTHON, [WALK], 'novum-demo');
  assert.equal(r.code, 0, `sdk_walk.py exited ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  const seen = JSON.parse(lines[lines.length - 1]);
  assert.deepEqual(seen.servers_before, []);
  assert.deepEqual([seen.image, seen.flavor], ['cirros-0.6.2-x86_64-disk', 'm1.tiny']);
  assert.equal(seen.created.status, 'ACTIVE');
  assert.equal(seen.created.name, 'sdk1');
  // the SDK negotiates Novum's maximum: from 2.47 the server embeds its flavor's original_name instead of its id
  assert.ok(['1', 'm1.tiny'].includes(seen.created.flavor), `flavor ${seen.created.flavor}`);
  assert.match(seen.created.private_v4, /^10\.0\.\d+\.\d+$/);
  assert.match(seen.created.public_v4, /^172\.24\.4\.\d+$/, 'the cloud layer gave the server a floating IP');
  assert.deepEqual(seen.ports, [[seen.created.private_v4]]);
  assert.deepEqual(seen.floating_ips, [[seen.created.public_v4, seen.created.private_v4]]);
  assert.deepEqual(seen.stopped, ['SHUTOFF', 'stopped', 4]);
  assert.deepEqual(seen.started, ['ACTIVE', 'active', 1]);
  assert.equal(seen.rebooted, 'ACTIVE');
  assert.ok(seen.console >= 2, `the console log shows the boots: ${seen.console}`);
  assert.equal(seen.deleted, true);
  assert.deepEqual(seen.servers_after, []);
  assert.deepEqual(seen.floating_ips_after, [], 'delete_ips released the floating IP');
});
