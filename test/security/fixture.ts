/**
 * Project demo's world for the isolation test: one of every resource a project or user owns,
 * with distinctive names, plus project demo2's own server (to point cross-project references at).
 */
import assert from 'node:assert/strict';
import type { Reply, TestNovum } from '../helpers.js';
import { addMember, tokenFor } from './support.js';

export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

export interface DemoWorld {
  readonly tokens: { admin: string; demo: string; demoPeer: string; demo2: string };
  readonly projects: { demo: string; demo2: string };
  readonly users: { demo: string; demo2: string };
  readonly memberRole: string;
  readonly server: string;
  readonly serverName: string;
  readonly requestId: string;
  readonly volume: string;
  /** attached to demo's server */
  readonly attached: string;
  readonly snapshot: string;
  readonly keypair: string;
  readonly fingerprint: string;
  readonly floatingIp: { id: string; ip: string };
  readonly serverGroup: string;
  readonly image: string;
  readonly flavor: string;
  readonly consoleToken: string;
  readonly port: string;
  readonly hypervisor: string;
  readonly service: string;
  /** demo2's own ACTIVE server and available volume */
  readonly demo2Server: string;
  readonly demo2Volume: string;
  /** every id and name of demo's that demo2 must never see */
  readonly secrets: readonly string[];
}

const ok = (r: Reply, what: string): Reply => {
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
};

async function bootServer(n: TestNovum, token: string, name: string): Promise<string> {
  const r = ok(await n.request('POST', '/v2.1/servers', { token, body: { server: { name, imageRef: IMAGE, flavorRef: '1' } } }), 'boot');
  const id = r.body.server.id as string;
  await n.waitFor(`/v2.1/servers/${id}`, (x) => x.body?.server?.status === 'ACTIVE', { token });
  return id;
}

async function makeVolume(n: TestNovum, token: string, name: string): Promise<string> {
  const r = ok(await n.request('POST', '/v2.1/os-volumes', { token, body: { volume: { size: 1, display_name: name } } }), 'volume');
  const id = r.body.volume.id as string;
  await n.waitFor(`/v2.1/os-volumes/${id}`, (x) => x.body?.volume?.status === 'available', { token });
  return id;
}

async function projectsAndUsers(n: TestNovum): Promise<Pick<DemoWorld, 'projects' | 'users' | 'memberRole'>> {
  const dir = n.novum.services.identity.directory;
  const [demo, demo2] = [await dir.projectByName('default', 'demo'), await dir.projectByName('default', 'demo2')];
  const [u1, u2] = [await dir.userByName('default', 'demo'), await dir.userByName('default', 'demo2')];
  const role = (await dir.roles({ name: 'member' }))[0];
  return { projects: { demo: demo!.id, demo2: demo2!.id }, users: { demo: u1!.id, demo2: u2!.id }, memberRole: role.id };
}

async function privateFlavor(n: TestNovum, admin: string, demoProject: string, tag: string): Promise<string> {
  const flavor = `secret-flavor-${tag}`;
  ok(await n.request('POST', '/v2.1/flavors', { token: admin, body: { flavor: { id: flavor, name: `secret-flavor-name-${tag}`, ram: 64, vcpus: 1, disk: 1, 'os-flavor-access:is_public': false } } }), 'flavor');
  ok(await n.request('POST', `/v2.1/flavors/${flavor}/action`, { token: admin, body: { addTenantAccess: { tenant: demoProject } } }), 'flavor access');
  ok(await n.request('POST', `/v2.1/flavors/${flavor}/os-extra_specs`, { token: admin, body: { extra_specs: { k1: 'v1' } } }), 'extra spec');
  return flavor;
}

/** Builds demo's resources; `tag` makes every name unique to this run. */
export async function buildDemoWorld(n: TestNovum, tag: string): Promise<DemoWorld> {
  await addMember(n, 'demo-peer', 'demo');
  const tokens = {
    admin: await tokenFor(n, 'admin'), demo: await tokenFor(n, 'demo'),
    demoPeer: await tokenFor(n, 'demo-peer', 'demo'), demo2: await tokenFor(n, 'demo2'),
  };
  const ids = await projectsAndUsers(n);
  const demo = tokens.demo;
  const serverName = `secret-server-${tag}`;
  const server = await bootServer(n, demo, serverName);
  ok(await n.request('POST', `/v2.1/servers/${server}/metadata`, { token: demo, body: { metadata: { k1: `secret-meta-${tag}` } } }), 'metadata');
  const requestId = ok(await n.request('GET', `/v2.1/servers/${server}/os-instance-actions`, { token: demo }), 'actions').body.instanceActions[0].request_id as string;
  const volume = await makeVolume(n, demo, `secret-volume-${tag}`);
  const attached = await makeVolume(n, demo, `secret-attached-${tag}`);
  ok(await n.request('POST', `/v2.1/servers/${server}/os-volume_attachments`, { token: demo, body: { volumeAttachment: { volumeId: attached } } }), 'attach');
  await n.waitFor(`/v2.1/os-volumes/${attached}`, (x) => x.body?.volume?.status === 'in-use', { token: demo });
  const snap = ok(await n.request('POST', '/v2.1/os-snapshots', { token: demo, body: { snapshot: { volume_id: volume, display_name: `secret-snapshot-${tag}` } } }), 'snapshot');
  const kp = ok(await n.request('POST', '/v2.1/os-keypairs', { token: demo, body: { keypair: { name: `secret-keypair-${tag}` } } }), 'keypair');
  // the first address (172.24.4.2) is also the public pool's start, shown to everyone: use the second
  ok(await n.request('POST', '/v2.1/os-floating-ips', { token: demo, body: { pool: 'public' } }), 'fip');
  const fip = ok(await n.request('POST', '/v2.1/os-floating-ips', { token: demo, body: { pool: 'public' } }), 'fip').body.floating_ip;
  ok(await n.request('POST', `/v2.1/servers/${server}/action`, { token: demo, body: { addFloatingIp: { address: fip.ip } } }), 'associate');
  const group = ok(await n.request('POST', '/v2.1/os-server-groups', { token: demo, body: { server_group: { name: `secret-group-${tag}`, policies: ['affinity'] } } }), 'group');
  const image = ok(await n.request('POST', '/image/v2/images', { token: demo, body: { name: `secret-image-${tag}`, visibility: 'private', disk_format: 'qcow2', container_format: 'bare' } }), 'image');
  const flavor = await privateFlavor(n, tokens.admin, ids.projects.demo, tag);
  const console = ok(await n.request('POST', `/v2.1/servers/${server}/action`, { token: demo, body: { 'os-getVNCConsole': { type: 'novnc' } } }), 'console');
  const consoleToken = new URL(console.body.console.url).searchParams.get('token')!;
  const port = ok(await n.request('GET', `/networking/v2.0/ports?device_id=${server}`, { token: demo }), 'port').body.ports[0].id as string;
  const hypervisor = ok(await n.request('GET', '/v2.1/os-hypervisors', { token: tokens.admin }), 'hypervisors').body.hypervisors[0].id;
  const service = ok(await n.request('GET', '/v2.1/os-services', { token: tokens.admin }), 'services').body.services[0].id;
  const demo2Server = await bootServer(n, tokens.demo2, `own-server-${tag}`);
  const demo2Volume = await makeVolume(n, tokens.demo2, `own-volume-${tag}`);
  const world = {
    tokens, ...ids, server, serverName, requestId, volume, attached, snapshot: snap.body.snapshot.id as string,
    keypair: kp.body.keypair.name as string, fingerprint: kp.body.keypair.fingerprint as string,
    floatingIp: { id: String(fip.id), ip: fip.ip as string }, serverGroup: group.body.server_group.id as string,
    image: image.body.id as string, flavor, consoleToken, port, hypervisor: String(hypervisor), service: String(service), demo2Server, demo2Volume,
  };
  const secrets = [
    server, serverName, requestId, volume, attached, world.snapshot, world.keypair, world.fingerprint, world.floatingIp.id,
    world.floatingIp.ip, world.serverGroup, world.image, flavor, consoleToken, port, ids.projects.demo, ids.users.demo, `secret-`,
  ].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return { ...world, secrets };
}
