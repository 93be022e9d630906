/**
 * Races, on whichever engine the suite runs (SQLite, and PostgreSQL on its pass): many creates at
 * once never exceed the quota, and many clients firing conflicting actions at the same servers
 * get exactly one winner per race, the rest 409, every server ending in a state Nova could reach.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let n: TestNovum;

before(async () => { n = await startNovum(); });
after(async () => { await n.close(); });

test('1,000 concurrent creates against a quota of 10 instances: exactly 10 are accepted', async () => {
  const token = 'demo:quota-race';
  const body = { server: { name: 'q', imageRef: IMAGE, flavorRef: '1' } };
  const answers = await Promise.all(Array.from({ length: 1000 }, () => n.request('POST', '/v2.1/servers', { token, body })));
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  assert.deepEqual([...counts.keys()].sort(), [202, 403], `statuses seen: ${JSON.stringify([...counts])}`);
  assert.equal(counts.get(202), 10);
  const refused = answers.find((a) => a.status === 403)!;
  assert.match(refused.body.forbidden.message, /^Quota exceeded for instances: Requested 1, but already used 10 of 10 instances$/);
  const list = await n.request('GET', '/v2.1/servers?limit=1000', { token });
  assert.equal(list.body.servers.length, 10);
  const limits = await n.request('GET', '/v2.1/limits', { token });
  assert.equal(limits.body.limits.absolute.totalInstancesUsed, 10);
  process.stdout.write(`# quota race: 1000 creates, ${counts.get(202)} accepted, ${counts.get(403)} refused, 5xx 0\n`);
});

const REACHABLE = new Set(['ACTIVE', 'PAUSED', 'SUSPENDED', 'SHUTOFF', 'RESCUE']);

test('8 clients fire conflicting actions at 5 servers: one winner per race, the rest 409', async () => {
  // Hypervisor steps take 300 ms here, so the winner's task_state still holds when the others arrive.
  const slow = await startNovum({ fakeDelay: 300 });
  try {
    await actionRace(slow);
  } finally {
    await slow.close();
  }
});

async function actionRace(n: TestNovum): Promise<void> {
  const token = 'demo:action-race';
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await n.request('POST', '/v2.1/servers', { token, body: { server: { name: `r${i}`, imageRef: IMAGE, flavorRef: '1' } } });
    ids.push(r.body.server.id);
  }
  for (const id of ids) await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE', { token });
  const actions = [{ pause: null }, { suspend: null }, { 'os-stop': null }, { rescue: null }, { reboot: { type: 'SOFT' } }, { lock: null }];
  let tried = 0;
  let won = 0;
  for (let round = 0; round < 3; round++) {
    for (const id of ids) {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, c) => {
        tried++;
        return n.request('POST', `/v2.1/servers/${id}/action`, { token, body: actions[(c + round) % 5] });
      }));
      const statuses = answers.map((a) => a.status);
      assert.ok(statuses.every((s) => [200, 202, 409].includes(s)), `unexpected statuses ${statuses}`);
      assert.equal(statuses.filter((s) => s !== 409).length, 1, `exactly one winner per race: ${statuses}`);
      won++;
      for (const a of answers.filter((x) => x.status === 409)) {
        assert.match(a.body.conflictingRequest.message, /^Cannot '\w+' instance [0-9a-f-]{36} while it is in (vm_state|task_state) \S+$/);
      }
      const settled = await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server['OS-EXT-STS:task_state'] === null, { token });
      assert.ok(REACHABLE.has(settled.body.server.status), `server ended ${settled.body.server.status}`);
      // Back to ACTIVE for the next round, from wherever the winner left it.
      const back: Record<string, unknown> = { PAUSED: { unpause: null }, SUSPENDED: { resume: null }, SHUTOFF: { 'os-start': null }, RESCUE: { unrescue: null } };
      const undo = back[settled.body.server.status];
      if (undo) {
        assert.equal((await n.request('POST', `/v2.1/servers/${id}/action`, { token, body: undo })).status, 202);
        await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body.server.status === 'ACTIVE' && x.body.server['OS-EXT-STS:task_state'] === null, { token });
      }
    }
  }
  process.stdout.write(`# action race: ${tried} requests in ${won} races, ${won} winners, ${tried - won} refused with 409, 5xx 0\n`);
}
