/**
 * Seed conformance: every servers/flavors/images operation of the API reference Novum is built
 * from (../shared/seed/operations.json), its example request sent verbatim to a fresh in-process
 * Novum (noauth, project "openstack", admin token), checked for the documented status code and for
 * every key its example response shows (recursively; arrays by their first element).
 *
 * Where the seed itself is wrong (a copy-pasted status code, a path that is no Nova route, an
 * example cut off) the correction is data in SEED_SLIPS below, each with its reason.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNovum, type Reply, type TestNovum } from '../helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OPERATIONS_FILE = path.resolve(repoRoot, '../shared/seed/operations.json');

interface Operation {
  readonly line: number;
  readonly method: string;
  readonly path: string;
  readonly title: string;
  readonly normal: readonly number[];
  readonly examples: readonly unknown[];
  readonly no_response_body: boolean;
}

interface Slip {
  /** the status codes Nova answers instead of the seed's `normal` */
  readonly status?: readonly number[];
  /** the route Nova has for what the examples show */
  readonly path?: string;
  /** request body to send instead of the first example (null: none) */
  readonly request?: unknown;
  /** example response to check against instead of the second example (null: no body) */
  readonly response?: unknown;
  /** further [request, response] example index pairs to send and check after the first */
  readonly morePairs?: ReadonlyArray<readonly [number, number]>;
  /** response example index for the first request, when it is not 1 */
  readonly responseIndex?: number;
  /**
   * The example names things no fresh cloud has (a volume, a floating IP, a host): the literal
   * example must get Nova's refusal, then the test sends it again with real ones it made first.
   */
  readonly verbatim?: { readonly status: number; readonly message: string };
  readonly why: string;
}

/** Known slips in the seed, keyed by its line; every entry says why Nova differs. */
const SEED_SLIPS: Readonly<Record<number, Slip>> = {
  688: { status: [200], why: 'GET /servers/{id} is 200 in Nova (servers.py show); 202 is a copy-paste slip' },
  889: {
    status: [200], path: '/v2/{tenant_id}/servers/detail',
    why: 'Nova has no /servers/{id}/detail route; the example response is the list GET /servers/detail (200)',
  },
  1798: {
    path: '/v2/{tenant_id}/servers/{server_id}',
    why: 'GET on /servers/{id}/action is no Nova route (405); the example response is GET /servers/{id}',
  },
  1996: {
    responseIndex: 2, morePairs: [[1, 3]],
    why: 'two requests then their two responses: plain multiple create → {server}, return_reservation_id → {reservation_id}',
  },
  1190: {
    path: '/v2/{tenant_id}/servers/detail',
    why: 'the example shows full servers with OS-EXT-SRV-ATTR:*, which Nova gives on GET /servers/detail; GET /servers lists only id, name and links (servers.py index)',
  },
  2633: { status: [200], why: 'GET /servers/{id} is 200 in Nova; 202 is a copy-paste slip' },
  2840: { status: [200], why: 'GET /servers/detail is 200 in Nova; 202 is a copy-paste slip' },
  3071: { status: [202], why: 'POST /servers is 202 in Nova (servers.py create @wsgi.response(202)), with or without scheduler hints' },
  100: {
    status: [202], verbatim: { status: 400, message: 'Block Device Mapping is Invalid: failed to get volume fake-volume-id-1.' },
    why: 'boots from volume fake-volume-id-1, which does not exist: Nova answers 400; with a real bootable volume in its place, 202',
  },
  5578: {
    response: {
      availabilityZoneInfo: [
        { zoneName: 'internal', zoneState: { available: true }, hosts: { controller: { 'nova-scheduler': { active: true, available: true, updated_at: null } } } },
        { zoneName: 'nova', zoneState: { available: true }, hosts: { 'compute-1': { 'nova-compute': { active: true, available: true, updated_at: null } } } },
      ],
    },
    why: 'host names are data: the example\'s hosts (cells, cert, consoleauth, network) run services Zed no longer has; '
      + 'Novum\'s are controller and compute-N, with the same per-service keys',
  },
  6227: {
    status: [202], verbatim: { status: 400, message: 'Block Device Mapping is Invalid: failed to get volume 7b4dc407-d515-4d96-9eba-cf86bd4a61f7.' },
    why: 'server create is 202 in Nova (the seed\'s 200 is a slip); the example\'s volume does not exist (Nova: 400), so the '
      + 'test boots from a real bootable volume in its place',
  },
  3705: {
    verbatim: { status: 400, message: 'Compute host 0443e9a1254044d8b99f35eace132080 could not be found.' },
    why: 'live-migrates to a host that does not exist: Nova answers 400; to the cloud\'s other host, 202',
  },
  3799: {
    verbatim: { status: 400, message: "admin password can't be changed on existing disk" },
    why: 'adminPass with onSharedStorage true is refused by Nova (400); evacuating to the other host, off shared storage, '
      + 'with the source host down, answers 200 with the adminPass',
  },
  3853: {
    status: [202], verbatim: { status: 400, message: 'Specified fixed address not assigned to instance' },
    why: 'addFloatingIp answers 202 in Nova (floating_ips.py @wsgi.response(202)); the example\'s fixed and floating '
      + 'addresses are not the server\'s (Nova: 400), so the test sends the server\'s own fixed address and a floating IP it allocated',
  },
  5490: { status: [202], why: 'POST /servers is 202 in Nova, with or without availability_zone' },
  5852: {
    status: [204], request: null, response: null,
    why: 'the seed repeats the create-server examples here; Nova clears the password with 204 and no body (server_password.py clear)',
  },
  5933: { status: [200], why: 'GET os-virtual-interfaces is 200 in Nova (kilo contrib/virtual_interfaces.py index)' },
  5969: { status: [200], why: 'GET os-virtual-interfaces is 200 in Nova (kilo contrib/virtual_interfaces.py index)' },
  6012: { status: [200], verbatim: { status: 404, message: 'Volume a26887c6-c47b-4654-abb5-dfadf7d3f803 could not be found.' }, why: 'attaching a volume answers 200 with the attachment in Nova (volumes.py VolumeAttachmentController.create)' },
  6085: { status: [200], why: 'listing volume attachments is 200 in Nova (volumes.py VolumeAttachmentController.index)' },
  6129: { status: [200], why: 'showing a volume attachment is 200 in Nova (volumes.py VolumeAttachmentController.show)' },
  6399: { status: [202], why: 'flavor delete answers 202 in Nova (kilo contrib/flavormanage.py, HEAD flavor_manage.py @wsgi.response(202))' },
  7181: {
    request: { extra_specs: { key1: 'value1', key2: 'value2' } },
    response: { extra_specs: { key1: 'value1', key2: 'value2' } },
    why: 'the seed is cut off before this operation\'s examples; body and answer as Nova\'s flavor-extra-specs-create samples',
  },
};

const FAMILIES = ['/v2/{tenant_id}/'];
const EXCLUDED: string[] = [];
const PROJECT = 'openstack';
const SEED_IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
/** Values compared (not only keys) in GET answers: states of the ACTIVE fixtures. */
const COMPARED_VALUES = new Set(['status', 'OS-EXT-STS:vm_state', 'OS-EXT-STS:power_state', 'OS-EXT-STS:task_state']);

const operations = (JSON.parse(readFileSync(OPERATIONS_FILE, 'utf8')) as Operation[])
  .filter((op) => FAMILIES.some((f) => op.path.startsWith(f)) && !EXCLUDED.some((e) => op.path.includes(e)));

// ---------------------------------------------------------------------------------------------
// Comparing an answer with an example

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every key of `expected` present in `actual`, recursively: objects key by key; arrays by the
 * example's first element against the actual element with the same id (or a preferred fixture id,
 * or else the first one). Values only for COMPARED_VALUES when `values` is set.
 */
function missingFields(expected: unknown, actual: unknown, at: string, values: boolean, preferIds: ReadonlySet<string>, out: string[]): void {
  if (isObject(expected)) {
    if (!isObject(actual)) {
      out.push(`${at || '(body)'}: expected an object, got ${JSON.stringify(actual)?.slice(0, 80)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      const where = at ? `${at}.${key}` : key;
      if (!(key in actual)) {
        out.push(`${where}: missing`);
        continue;
      }
      if (values && COMPARED_VALUES.has(key) && !isObject(value) && !Array.isArray(value) && actual[key] !== value) {
        out.push(`${where}: ${JSON.stringify(actual[key])}, example has ${JSON.stringify(value)}`);
        continue;
      }
      missingFields(value, actual[key], where, values, preferIds, out);
    }
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${at}: expected an array, got ${JSON.stringify(actual)?.slice(0, 80)}`);
      return;
    }
    if (expected.length === 0) return;
    if (actual.length === 0) {
      out.push(`${at}: empty, the example has ${expected.length} element(s)`);
      return;
    }
    const first = expected[0];
    const exampleId = isObject(first) && typeof first.id === 'string' ? first.id : undefined;
    const byId = (id: string | undefined) => (id === undefined ? undefined : actual.find((a) => isObject(a) && a.id === id));
    const match = byId(exampleId) ?? [...preferIds].map(byId).find((a) => a !== undefined);
    missingFields(first, match ?? actual[0], `${at}[${match ? 'id=' + String((match as { id: unknown }).id) : 0}]`, values && match !== undefined, preferIds, out);
  }
}

function checkAnswer(op: Operation, r: Reply, statuses: readonly number[], example: unknown, preferIds: ReadonlySet<string>): void {
  assert.ok(statuses.includes(r.status), `status ${r.status}, expected ${statuses.join(' or ')}; body: ${r.text.slice(0, 600)}`);
  if (example === null || example === undefined) {
    if (op.no_response_body || example === null) assert.equal(r.text, '', `expected no body, got: ${r.text.slice(0, 300)}`);
    return;
  }
  const out: string[] = [];
  missingFields(example, r.body, '', op.method === 'GET', preferIds, out);
  assert.deepEqual(out, [], `answer lacks what the example shows:\n  ${out.join('\n  ')}\nbody: ${r.text.slice(0, 1500)}`);
}

// ---------------------------------------------------------------------------------------------
// Fixtures

let n: TestNovum;
let base: string | undefined;
let baseError = '';
let attachedVolume: string | undefined;
const createdFlavors = new Set<string>();

const v2 = (rest: string) => `/v2/${PROJECT}${rest}`;

async function waitStatus(id: string, want: readonly string[], timeoutMs = 5000, novum: TestNovum = n): Promise<Reply> {
  return novum.waitFor(v2(`/servers/${id}`), (r) => r.status === 200 && (want.includes(r.body?.server?.status) || r.body?.server?.status === 'ERROR'), { timeoutMs });
}

/** The metadata every example server carries; fixtures carry it too, so examples' metadata keys exist. */
const SEED_METADATA = { 'My Server Name': 'Apache1' };

/** A new ACTIVE server (seed image, flavor 1, seed metadata); throws with the answer when that fails. */
async function createServer(name: string, extra: Record<string, unknown> = {}, novum: TestNovum = n): Promise<string> {
  const body = { server: { name, imageRef: SEED_IMAGE, flavorRef: '1', metadata: SEED_METADATA, ...extra } };
  const r = await novum.request('POST', v2('/servers'), { body });
  if (r.status !== 202 || typeof r.body?.server?.id !== 'string') {
    throw new Error(`could not create the fixture server: POST /servers → ${r.status} ${r.text.slice(0, 500)}`);
  }
  const id = r.body.server.id as string;
  const shown = await waitStatus(id, ['ACTIVE'], 5000, novum);
  if (shown.body.server.status !== 'ACTIVE') throw new Error(`fixture server ${id} went ${shown.body.server.status}: ${shown.text.slice(0, 500)}`);
  return id;
}

async function action(id: string, body: unknown, novum: TestNovum = n): Promise<Reply> {
  return novum.request('POST', v2(`/servers/${id}/action`), { body });
}

/** Best effort: unlock, delete, wait until 404. Never fails the test it cleans up after. */
async function removeServer(id: string): Promise<void> {
  try {
    await n.waitFor(v2(`/servers/${id}`), (r) => r.status !== 200 || r.body?.server?.['OS-EXT-STS:task_state'] == null, { timeoutMs: 3000 }).catch(() => undefined);
    await action(id, { unlock: null });
    await n.request('DELETE', v2(`/servers/${id}`));
    await n.waitFor(v2(`/servers/${id}`), (r) => r.status === 404, { timeoutMs: 3000 }).catch(() => undefined);
  } catch {
    // cleanup only
  }
}

/** Deletes every server of the project except the base one (after create-server examples). */
async function removeOtherServers(): Promise<void> {
  const r = await n.request('GET', v2('/servers'));
  const ids: string[] = Array.isArray(r.body?.servers) ? r.body.servers.map((s: { id: string }) => s.id) : [];
  for (const id of ids) if (id !== base) await removeServer(id);
}

async function createFlavor(name: string): Promise<string> {
  const r = await n.request('POST', v2('/flavors'), { body: { flavor: { name, ram: 64, vcpus: 1, disk: 0 } } });
  if (r.status !== 200 || r.body?.flavor?.id === undefined) throw new Error(`could not create the fixture flavor: ${r.status} ${r.text.slice(0, 500)}`);
  const id = String(r.body.flavor.id);
  createdFlavors.add(id);
  return id;
}

// ---------------------------------------------------------------------------------------------
// What each action needs before and shows after

interface ActionPlan {
  /** actions (with the status they lead to) that put a fresh server in the state this one needs */
  readonly prep?: ReadonlyArray<readonly [unknown, readonly string[]]>;
  /** the statuses the server shows once the action is done; '404' for gone */
  readonly ends?: readonly string[];
  /** use the long-lived base server (read-only actions) */
  readonly onBase?: boolean;
}

const ACTIONS: Readonly<Record<string, ActionPlan>> = {
  'os-getVNCConsole': { onBase: true },
  'os-getConsoleOutput': { onBase: true },
  pause: { ends: ['PAUSED'] },
  unpause: { prep: [[{ pause: null }, ['PAUSED']]], ends: ['ACTIVE'] },
  suspend: { ends: ['SUSPENDED'] },
  resume: { prep: [[{ suspend: null }, ['SUSPENDED']]], ends: ['ACTIVE'] },
  migrate: { ends: ['VERIFY_RESIZE'] },
  resetNetwork: { ends: ['ACTIVE'] },
  injectNetworkInfo: { ends: ['ACTIVE'] },
  lock: { ends: ['ACTIVE'] },
  unlock: { prep: [[{ lock: null }, ['ACTIVE']]], ends: ['ACTIVE'] },
  createBackup: { ends: ['ACTIVE'] },
  'os-migrateLive': { ends: ['ACTIVE'] },
  'os-resetState': { ends: ['ACTIVE'] },
  evacuate: { ends: ['ACTIVE'] },
  addFloatingIp: { ends: ['ACTIVE'] },
  forceDelete: { ends: ['404'] },
  rescue: { ends: ['RESCUE'] },
  unrescue: { prep: [[{ rescue: null }, ['RESCUE']]], ends: ['ACTIVE'] },
  shelve: { ends: ['SHELVED', 'SHELVED_OFFLOADED'] },
  shelveOffload: { prep: [[{ shelve: null }, ['SHELVED']]], ends: ['SHELVED_OFFLOADED'] },
  unshelve: { prep: [[{ shelve: null }, ['SHELVED', 'SHELVED_OFFLOADED']]], ends: ['ACTIVE'] },
  'os-start': { prep: [[{ 'os-stop': null }, ['SHUTOFF']]], ends: ['ACTIVE'] },
  'os-stop': { ends: ['SHUTOFF'] },
  resize: { ends: ['VERIFY_RESIZE'] },
  rebuild: { ends: ['ACTIVE'] },
};

async function settle(id: string, ends: readonly string[]): Promise<string> {
  if (ends.includes('404')) {
    const r = await n.waitFor(v2(`/servers/${id}`), (x) => x.status === 404, { timeoutMs: 5000 }).catch((e: Error) => e);
    return r instanceof Error ? r.message : '404';
  }
  const r = await n.waitFor(v2(`/servers/${id}`), (x) => x.status === 200 && ends.includes(x.body?.server?.status)
    && x.body?.server?.['OS-EXT-STS:task_state'] == null, { timeoutMs: 5000 }).catch((e: Error) => e);
  return r instanceof Error ? r.message : r.body.server.status;
}

// ---------------------------------------------------------------------------------------------

before(async () => {
  n = await startNovum({ shelvedOffloadTime: -1 });
  // Many fixtures come and go; make sure quota is never what a test runs into (ignored if absent).
  await n.request('PUT', v2(`/os-quota-sets/${PROJECT}`), { body: { quota_set: { instances: 500, cores: 1000, ram: 1024000 } } });
  try {
    base = await createServer('new-server-test');
  } catch (err) {
    baseError = (err as Error).message;
  }
});

after(async () => {
  await n.close();
});

function baseServer(): string {
  if (!base) throw new Error(`the base server could not be created, so this operation cannot be tried: ${baseError}`);
  return base;
}

function requestOf(op: Operation, slip: Slip | undefined): unknown {
  if (slip && 'request' in slip) return slip.request ?? undefined;
  return (op.method === 'POST' || op.method === 'PUT') && op.examples.length > 0 ? op.examples[0] : undefined;
}

function responseOf(op: Operation, slip: Slip | undefined): unknown {
  if (slip && 'response' in slip) return slip.response;
  const hasRequest = (op.method === 'POST' || op.method === 'PUT') && op.examples.length > 0;
  return op.examples[slip?.responseIndex ?? (hasRequest ? 1 : 0)];
}

/** The flavor id the example uses when that flavor exists, else a flavor made for the test. */
async function flavorFor(op: Operation, example: unknown): Promise<string> {
  const wanted = isObject(example) && isObject(example.flavor) ? example.flavor.id : undefined;
  if (typeof wanted === 'string' && (await n.request('GET', v2(`/flavors/${wanted}`))).status === 200) return wanted;
  return createFlavor(`seed-line-${op.line}`);
}

async function resolvePath(op: Operation, template: string, example: unknown, serverId: string | undefined): Promise<string> {
  let p = template.replace('{tenant_id}', PROJECT);
  if (p.includes('{server_id}')) p = p.replace('{server_id}', serverId ?? baseServer());
  if (p.includes('{flavor_id}')) p = p.replace('{flavor_id}', await flavorFor(op, example));
  if (p.includes('{image_id}')) {
    const id = isObject(example) && isObject(example.image) && typeof example.image.id === 'string' ? example.image.id : SEED_IMAGE;
    p = p.replace('{image_id}', id);
  }
  if (p.includes('{availability_zone_id}')) {
    const zone = isObject(example) && Array.isArray(example.availabilityZoneInfo) && isObject(example.availabilityZoneInfo[0])
      ? String(example.availabilityZoneInfo[0].zoneName) : 'nova';
    p = p.replace('{availability_zone_id}', zone);
  }
  if (p.includes('{action_id}')) {
    const list = await n.request('GET', v2(`/servers/${serverId ?? baseServer()}/os-instance-actions`));
    const reqId = list.body?.instanceActions?.[0]?.request_id;
    if (typeof reqId !== 'string') throw new Error(`no instance action to show: GET os-instance-actions → ${list.status} ${list.text.slice(0, 300)}`);
    p = p.replace('{action_id}', reqId);
  }
  if (p.includes('{attachment_id}')) {
    // The example's attachment id names its own volume; the test attached a real one first.
    const id = attachedVolume ?? (isObject(example) && isObject(example.volumeAttachment) && typeof example.volumeAttachment.id === 'string'
      ? example.volumeAttachment.id : undefined);
    if (!id) throw new Error('no volume attachment to act on: the attach-volume example did not attach one');
    p = p.replace('{attachment_id}', id);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Real things in place of the ones an example names

const SEED_VOLUME = 'a26887c6-c47b-4654-abb5-dfadf7d3f803';
const cleanups: Array<() => Promise<unknown>> = [];

/** A new available volume (bootable: made from the seed image) through the Cinder API. */
async function makeVolume(bootable: boolean): Promise<string> {
  const volume = bootable ? { size: 1, imageRef: SEED_IMAGE } : { size: 1 };
  const r = await n.request('POST', `/volume/v3/${PROJECT}/volumes`, { body: { volume } });
  if (r.status !== 202) throw new Error(`could not create a volume: ${r.status} ${r.text.slice(0, 300)}`);
  const id = r.body.volume.id as string;
  await n.waitFor(`/volume/v3/${PROJECT}/volumes/${id}`, (x) => x.body?.volume?.status === 'available', { timeoutMs: 5000 });
  return id;
}

async function hostOf(server: string): Promise<string> {
  return (await n.request('GET', v2(`/servers/${server}`))).body.server['OS-EXT-SRV-ATTR:host'] as string;
}

async function otherHost(server: string): Promise<string> {
  return (await hostOf(server)) === 'compute-1' ? 'compute-2' : 'compute-1';
}

/** The request with the example's made-up volumes, addresses and hosts replaced by real ones. */
async function withRealIds(request: unknown, server: string | undefined): Promise<unknown> {
  let text = JSON.stringify(request);
  for (const bootVolume of ['fake-volume-id-1', '7b4dc407-d515-4d96-9eba-cf86bd4a61f7']) {
    if (text.includes(bootVolume)) text = text.replaceAll(bootVolume, await makeVolume(true));
  }
  if (text.includes(SEED_VOLUME)) text = text.replaceAll(SEED_VOLUME, await makeVolume(false));
  const body = JSON.parse(text) as Record<string, unknown>;
  if (server && isObject(body['os-migrateLive'])) body['os-migrateLive'] = { ...body['os-migrateLive'], host: await otherHost(server) };
  if (server && isObject(body.evacuate)) {
    const source = await hostOf(server);
    await n.novum.store.db.updateTable('services').set({ forced_down: 1 }).where('host', '=', source).execute();
    cleanups.push(() => n.novum.store.db.updateTable('services').set({ forced_down: 0 }).where('host', '=', source).execute());
    body.evacuate = { ...body.evacuate, host: await otherHost(server), onSharedStorage: 'False' };
  }
  if (server && isObject(body.addFloatingIp)) {
    const fip = await n.request('POST', v2('/os-floating-ips'), { body: { pool: 'public' } });
    const shown = await n.request('GET', v2(`/servers/${server}`));
    body.addFloatingIp = { address: fip.body.floating_ip.ip, fixed_address: shown.body.server.addresses.private[0].addr };
  }
  return body;
}

function faultMessage(r: Reply): string | undefined {
  const fault = isObject(r.body) ? Object.values(r.body)[0] : undefined;
  return isObject(fault) && typeof fault.message === 'string' ? fault.message : undefined;
}

function testName(op: Operation): string {
  return `seed line ${op.line}: ${op.title} (${op.method} ${op.path})`;
}

test('operations.json has all 79 operations of the seed to check', () => {
  assert.equal(operations.length, 79, `only ${operations.length} operations selected from ${OPERATIONS_FILE}`);
  for (const line of Object.keys(SEED_SLIPS)) {
    assert.ok(operations.some((op) => op.line === Number(line)), `SEED_SLIPS names line ${line}, which is no selected operation`);
  }
});

for (const op of operations) {
  test(testName(op), async () => {
    const slip = SEED_SLIPS[op.line];
    const statuses = slip?.status ?? op.normal;
    const request = requestOf(op, slip);
    const response = responseOf(op, slip);
    const template = slip?.path ?? op.path;
    const actionKey = template.endsWith('/action') && op.method === 'POST' && isObject(request) ? Object.keys(request)[0] : undefined;

    if (actionKey === 'restore') return restoreTest(op, request, statuses);

    // Server actions run on a fresh server put in the state they need, then removed.
    let server: string | undefined;
    const plan = actionKey ? ACTIONS[actionKey] : undefined;
    if (actionKey && !plan?.onBase) {
      server = await createServer(`seed-line-${op.line}`);
      for (const [body, reach] of plan?.prep ?? []) {
        const r = await action(server, body);
        assert.ok(r.status >= 200 && r.status < 300, `preparing with ${JSON.stringify(body)}: ${r.status} ${r.text.slice(0, 300)}`);
        const state = await settle(server, reach);
        assert.ok(reach.includes(state), `preparing with ${JSON.stringify(body)}: server did not reach ${reach.join('/')}: ${state}`);
      }
    }
    try {
      // GET .../os-extra_specs shows what was set: set the example's specs first.
      const url = await resolvePath(op, template, response, server);
      if (op.method === 'GET' && url.endsWith('/os-extra_specs') && isObject(response)) {
        const set = await n.request('POST', url, { body: { extra_specs: response.extra_specs } });
        assert.equal(set.status, 200, `setting the example's extra specs first: ${set.status} ${set.text.slice(0, 300)}`);
      }
      const preferIds = new Set<string>([base ?? '', SEED_IMAGE, '1'].filter(Boolean));
      let sent = request;
      if (slip?.verbatim) {
        const literal = await n.request(op.method, url, { body: request });
        assert.equal(literal.status, slip.verbatim.status, `the literal example: ${literal.text.slice(0, 300)}`);
        assert.equal(faultMessage(literal), slip.verbatim.message);
        sent = await withRealIds(request, server ?? base);
      }
      const r = await n.request(op.method, url, { body: sent });
      checkAnswer(op, r, statuses, response, preferIds);
      if (url.endsWith('/os-volume_attachments') && op.method === 'POST') attachedVolume = r.body?.volumeAttachment?.id;
      for (const [reqIdx, resIdx] of slip?.morePairs ?? []) {
        await removeOtherServers();
        const again = await n.request(op.method, url, { body: op.examples[reqIdx] });
        checkAnswer(op, again, statuses, op.examples[resIdx], preferIds);
      }
      if (server && plan?.ends) {
        const state = await settle(server, plan.ends);
        assert.ok(plan.ends.includes(state), `after ${actionKey} the server should be ${plan.ends.join(' or ')}: ${state}`);
      }
    } finally {
      for (const undo of cleanups.splice(0)) await undo();
      if (server) await removeServer(server);
      if (op.method === 'POST' && template === '/v2/{tenant_id}/servers') await removeOtherServers();
      if (op.method === 'POST' && template === '/v2/{tenant_id}/flavors' && isObject(request) && isObject(request.flavor)) {
        createdFlavors.add(String(request.flavor.id));
      }
      for (const id of createdFlavors) await n.request('DELETE', v2(`/flavors/${id}`));
      createdFlavors.clear();
    }
  });
}

/**
 * `restore` needs a soft-deleted server, which only exists when deletes are deferred: its own
 * Novum with reclaim_instance_interval set.
 */
async function restoreTest(op: Operation, request: unknown, statuses: readonly number[]): Promise<void> {
  const deferred = await startNovum({ reclaimInstanceInterval: 3600 });
  try {
    const id = await createServer(`seed-line-${op.line}`, {}, deferred);
    const del = await deferred.request('DELETE', v2(`/servers/${id}`));
    assert.equal(del.status, 204, `soft-deleting first: ${del.status} ${del.text.slice(0, 300)}`);
    const soft = await waitStatus(id, ['SOFT_DELETED'], 5000, deferred);
    assert.equal(soft.body.server.status, 'SOFT_DELETED');
    const r = await action(id, request, deferred);
    assert.ok(statuses.includes(r.status), `status ${r.status}, expected ${statuses.join(' or ')}; body: ${r.text.slice(0, 600)}`);
    assert.equal(r.text, '', 'restore answers with no body');
    const back = await waitStatus(id, ['ACTIVE'], 5000, deferred);
    assert.equal(back.body.server.status, 'ACTIVE');
  } finally {
    await deferred.close();
  }
}
