/**
 * The legacy novaclient CLI (Debian's /usr/bin/nova) with the OS_* variables a user exports
 * from clouds.yaml: list, boot --poll (it sends networks "auto"), show, diagnostics,
 * get-password (encrypted, and decrypted with the key pair's private key), console-log,
 * interface-list, flavor-list, hypervisor-stats.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE, NOVA, skipUnless, startCloud, type CallResult, type ClientCloud } from './harness.js';

const skip = skipUnless(NOVA, 'apt-get install python3-novaclient');
const opts = { skip, timeout: 180_000 };

let cloud: ClientCloud;
let adminPass = '';
let serverId = '';

before(async () => {
  if (skip) return;
  cloud = await startCloud('nova-cli');
});
after(async () => { await cloud?.stop(); });

async function nova(...args: string[]): Promise<string> {
  const r: CallResult = await cloud.run(NOVA, args);
  assert.equal(r.code, 0, `nova ${args.join(' ')} exited ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
  return r.stdout;
}

/** `| key | value |` rows of novaclient's property tables. */
function properties(out: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const m of out.matchAll(/^\| (\S[^|]*?)\s+\| (.*?)\s*\|$/gm)) rows[m[1]] = m[2];
  return rows;
}

/** Data rows of a novaclient list table, as arrays of cells. */
function tableRows(out: string): string[][] {
  const lines = out.split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(1).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

test('nova list on an empty project prints an empty table', opts, async () => {
  const out = await nova('list');
  assert.match(out, /\| ID \| Name \| Status \| Task State \| Power State \| Networks \|/);
  assert.deepEqual(tableRows(out), []);
});

test('nova keypair-add and boot --key-name --poll end ACTIVE', opts, async () => {
  // novaclient negotiates 2.92, where Nova generates no key pairs any more (public_key is required):
  // generation is asked for at 2.91, as a user of an older script would
  const refused = await cloud.run(NOVA, ['keypair-add', 'nkp']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /public_key/);
  const pem = await nova('--os-compute-api-version', '2.91', 'keypair-add', 'nkp');
  assert.match(pem, /-----BEGIN RSA PRIVATE KEY-----/);
  writeFileSync(path.join(cloud.tmp, 'nkp.pem'), pem, { mode: 0o600 });
  const out = await nova('boot', '--image', IMAGE, '--flavor', 'm1.tiny', '--key-name', 'nkp', '--poll', 'nv1');
  const p = properties(out);
  adminPass = p.adminPass;
  serverId = p.id;
  assert.match(serverId, /^[0-9a-f-]{36}$/);
  assert.match(adminPass, /^\S{8,}$/);
  assert.match(out, /Server building\.\.\. 100% complete\s+Finished/);
});

test('nova show / nova list: ACTIVE with its network address', opts, async () => {
  const p = properties(await nova('show', 'nv1'));
  // nova negotiates Novum's maximum: from 2.47 the server embeds its flavor (printed as flavor:original_name).
  const flavor = p['flavor:original_name'] ?? p.flavor;
  assert.deepEqual([p.status, p['OS-EXT-STS:vm_state'], p.key_name, p.id], ['ACTIVE', 'active', 'nkp', serverId]);
  assert.ok(['m1.tiny', 'm1.tiny (1)'].includes(flavor), `flavor printed as ${flavor}`);
  assert.match(p['private network'], /^10\.0\.\d+\.\d+$/);
  const rows = tableRows(await nova('list'));
  assert.deepEqual(rows.map((r) => r.slice(0, 5)), [[serverId, 'nv1', 'ACTIVE', '-', 'Running']]);
  assert.equal(rows[0][5], `private=${p['private network']}`);
});

test('nova diagnostics (admin) prints the hypervisor\'s counters', opts, async () => {
  const p = properties(await nova('diagnostics', 'nv1'));
  if (p.driver !== undefined) {
    // 2.48 and later: Nova's standard diagnostics
    assert.equal(p.state, 'running');
    assert.equal(p.num_cpus, '1');
    assert.match(p.memory_details, /maximum/);
  } else {
    assert.equal(p.memory, '524288');
    assert.match(p.cpu0_time, /^\d+$/);
    assert.match(p.vda_read, /^\d+$/);
    assert.match(p.vnet0_rx, /^\d+$/);
  }
});

test('nova get-password: encrypted without a key file, the admin password with it', opts, async () => {
  const encrypted = (await nova('get-password', 'nv1')).trim();
  assert.match(encrypted, /^[A-Za-z0-9+/]{100,}={0,2}$/, 'the base64 of the RSA-encrypted password');
  const decrypted = (await nova('get-password', 'nv1', path.join(cloud.tmp, 'nkp.pem'))).trim();
  assert.equal(decrypted, adminPass);
});

test('nova console-log prints the boot log', opts, async () => {
  const out = await nova('console-log', 'nv1');
  assert.match(out, /Linux version/);
  assert.match(out, /login:/);
});

test('nova interface-list: the server\'s port on the private network', opts, async () => {
  const p = properties(await nova('show', 'nv1'));
  const rows = tableRows(await nova('interface-list', 'nv1'));
  assert.equal(rows.length, 1);
  const [state, portId, netId, ips, mac] = rows[0];
  assert.equal(state, 'ACTIVE');
  assert.match(portId, /^[0-9a-f-]{36}$/);
  assert.match(netId, /^[0-9a-f-]{36}$/);
  assert.equal(ips, p['private network']);
  assert.match(mac, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
});

test('nova flavor-list and hypervisor-stats', opts, async () => {
  const flavors = tableRows(await nova('flavor-list'));
  assert.deepEqual(flavors.map((r) => [r[1], r[2], r[6]]),
    [['m1.tiny', '512', '1'], ['m1.small', '2048', '1'], ['m1.medium', '4096', '2'], ['m1.large', '8192', '4'], ['m1.xlarge', '16384', '8']]);
  // novaclient itself refuses hypervisor-stats from 2.88, where Nova removed the statistics
  const stats = properties(await nova('--os-compute-api-version', '2.87', 'hypervisor-stats'));
  assert.deepEqual([stats.count, stats.running_vms, stats.vcpus, stats.vcpus_used, stats.memory_mb_used], ['2', '1', '128', '1', '512']);
});

test('nova delete removes it', opts, async () => {
  await nova('delete', 'nv1');
  for (let i = 0; tableRows(await nova('list')).length > 0; i++) {
    assert.ok(i < 20, 'nv1 is still listed');
    await new Promise((r) => setTimeout(r, 200));
  }
});
