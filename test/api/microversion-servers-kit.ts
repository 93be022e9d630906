/**
 * What the server microversion tests share: one Novum per file with unlimited instance quotas for
 * projects openstack and demo, and requests at a given microversion (boot to ACTIVE, act, show).
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type Reply, type TestNovum } from '../helpers.js';

export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
export const IMAGE2 = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

type Options = { headers: Record<string, string>; token?: string };

export interface ServersKit {
  /** the file's Novum (started in `before`) */
  readonly n: TestNovum;
  at(v: string, token?: string): Options;
  status(id: string, want: string, token?: string): Promise<Reply>;
  boot(name: string, extra?: Record<string, unknown>, v?: string, token?: string): Promise<string>;
  act(id: string, v: string, body: unknown, token?: string): Promise<Reply>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  show(id: string, v: string, token?: string): Promise<any>;
}

/** Registers the file's before/after hooks and returns the helpers bound to its Novum. */
export function serversKit(): ServersKit {
  let novum: TestNovum | undefined;
  before(async () => {
    novum = await startNovum();
    for (const p of ['openstack', 'demo']) {
      await novum.request('PUT', `/v2.1/os-quota-sets/${p}`, { body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
    }
  });
  after(async () => { await novum?.close(); });
  const at = (v: string, token?: string): Options => ({ headers: { 'X-OpenStack-Nova-API-Version': v }, ...(token ? { token } : {}) });
  const kit: ServersKit = {
    get n() { return novum!; },
    at,
    status: (id, want, token) => kit.n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === want, { token }),
    async boot(name, extra = {}, v = '2.1', token) {
      const r = await kit.n.request('POST', '/v2.1/servers', { ...at(v, token), body: { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'auto', ...extra } } });
      assert.equal(r.status, 202, r.text);
      await kit.status(r.body.server.id, 'ACTIVE', token);
      return r.body.server.id as string;
    },
    act: (id, v, body, token) => kit.n.request('POST', `/v2.1/servers/${id}/action`, { ...at(v, token), body }),
    show: async (id, v, token) => (await kit.n.request('GET', `/v2.1/servers/${id}`, at(v, token))).body.server,
  };
  return kit;
}
