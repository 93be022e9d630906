/**
 * Quota races beyond instances (races.test.ts), on whichever engine the suite runs (SQLite, and
 * PostgreSQL on its pass): many concurrent creates of key pairs, server groups, floating IPs and
 * group members never exceed the quota — each check counts and inserts as one locked step.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startNovum, type Reply, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const PUBLIC_KEY: string = JSON.parse(readFileSync('/work/shared/nova-api-samples/os-keypairs/keypairs-import-post-req.json', 'utf8')).keypair.public_key;
let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

/** Fires `count` requests at once; checks only `ok` and 403 came back, and how many of each. */
async function race(what: string, count: number, ok: number, fire: (i: number) => Promise<Reply>): Promise<Reply[]> {
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => fire(i)));
  const tally = new Map<number, number>();
  for (const a of answers) tally.set(a.status, (tally.get(a.status) ?? 0) + 1);
  assert.deepEqual([...tally.keys()].sort(), [ok, 403], `statuses seen: ${JSON.stringify([...tally])}`);
  process.stdout.write(`# ${what} race: ${count} requests, ${tally.get(ok)} accepted, ${tally.get(403)} refused, 5xx 0\n`);
  return answers;
}

const refusals = (answers: Reply[]): Set<string> => new Set(answers.filter((a) => a.status === 403).map((a) => a.body.forbidden.message));

test('1,000 concurrent key pair imports against key_pairs 10: exactly 10 are accepted', async () => {
  const token = 'kp-user:kp-race';
  assert.equal((await n.request('PUT', '/v2.1/os-quota-sets/kp-race', { body: { quota_set: { key_pairs: 10 } } })).status, 200);
  const answers = await race('key pair', 1000, 200, (i) =>
    n.request('POST', '/v2.1/os-keypairs', { token, body: { keypair: { name: `k${i}`, public_key: PUBLIC_KEY } } }));
  assert.equal(answers.filter((a) => a.status === 200).length, 10);
  assert.deepEqual(refusals(answers), new Set(['Quota exceeded, too many key pairs.']));
  assert.equal((await n.request('GET', '/v2.1/os-keypairs', { token })).body.keypairs.length, 10);
});

test('1,000 concurrent server group creates against server_groups 10: exactly 10 are accepted', async () => {
  const token = 'sg-user:sg-race';
  const answers = await race('server group', 1000, 200, (i) =>
    n.request('POST', '/v2.1/os-server-groups', { token, body: { server_group: { name: `g${i}`, policies: ['affinity'] } } }));
  assert.equal(answers.filter((a) => a.status === 200).length, 10);
  assert.deepEqual(refusals(answers), new Set(['Quota exceeded, too many server groups.']));
  assert.equal((await n.request('GET', '/v2.1/os-server-groups', { token })).body.server_groups.length, 10);
  const limits = await n.request('GET', '/v2.1/limits', { token });
  assert.equal(limits.body.limits.absolute.totalServerGroupsUsed, 10);
});

test('300 concurrent floating IP allocations against floating_ips 5: exactly 5 are accepted', async () => {
  const token = 'fip-user:fip-race';
  assert.equal((await n.request('PUT', '/v2.1/os-quota-sets/fip-race', { body: { quota_set: { floating_ips: 5 } } })).status, 200);
  const answers = await race('floating IP', 300, 200, () => n.request('POST', '/v2.1/os-floating-ips', { token, body: { pool: 'public' } }));
  assert.equal(answers.filter((a) => a.status === 200).length, 5);
  assert.deepEqual(refusals(answers), new Set(['IP allocation over quota in pool public.']));
  assert.equal((await n.request('GET', '/v2.1/os-floating-ips', { token })).body.floating_ips.length, 5);
  assert.equal((await n.request('GET', '/v2.1/limits', { token })).body.limits.absolute.totalFloatingIpsUsed, 5);
});

test('200 concurrent creates into one group against server_group_members 5: exactly 5 join', async () => {
  const token = 'm-user:member-race';
  await n.request('PUT', '/v2.1/os-quota-sets/member-race', { body: { quota_set: { server_group_members: 5, instances: -1, cores: -1, ram: -1 } } });
  const group = (await n.request('POST', '/v2.1/os-server-groups', { token, body: { server_group: { name: 'm', policies: ['affinity'] } } })).body.server_group.id;
  const answers = await race('group member', 200, 202, () => n.request('POST', '/v2.1/servers', {
    token, body: { server: { name: 'm', imageRef: IMAGE, flavorRef: '1' }, 'os:scheduler_hints': { group } },
  }));
  assert.equal(answers.filter((a) => a.status === 202).length, 5);
  assert.deepEqual(refusals(answers), new Set(['Quota exceeded, too many servers in group']));
  const shown = await n.request('GET', `/v2.1/os-server-groups/${group}`, { token });
  assert.equal(shown.body.server_group.members.length, 5);
});
