/**
 * Every server action from every vm_state, against Nova's table (NOVA-BEHAVIOUR.md §2.4, written
 * out again here rather than imported, so the test can disagree with the code): allowed → the
 * success code and Nova's transitional task_state; not allowed → 409 with Nova's message; locked →
 * 409 for members but allowed for admins; admin-only → 403 for members.
 * The worker is stopped so the transitional state stays observable.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNovum, type TestNovum } from '../helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const ALL = ['active', 'building', 'paused', 'suspended', 'stopped', 'rescued', 'resized', 'soft-delete', 'error', 'shelved', 'shelved_offloaded'];

interface Row {
  readonly body: unknown;
  /** name in Nova's 409 message */
  readonly name: string;
  readonly allowed: readonly string[];
  /** task_state right after the API answered (undefined: not checked) */
  readonly task?: string | null;
  readonly code: number;
  readonly adminOnly?: boolean;
  readonly lockChecked: boolean;
}

const NOVA: Readonly<Record<string, Row>> = {
  'reboot SOFT': { body: { reboot: { type: 'SOFT' } }, name: 'reboot', allowed: ['active'], task: 'rebooting', code: 202, lockChecked: true },
  'reboot HARD': { body: { reboot: { type: 'HARD' } }, name: 'reboot', allowed: ['active', 'stopped', 'paused', 'suspended', 'error'], task: 'rebooting_hard', code: 202, lockChecked: true },
  'os-stop': { body: { 'os-stop': null }, name: 'stop', allowed: ['active', 'error'], task: 'powering-off', code: 202, lockChecked: true },
  'os-start': { body: { 'os-start': null }, name: 'start', allowed: ['stopped'], task: 'powering-on', code: 202, lockChecked: true },
  pause: { body: { pause: null }, name: 'pause', allowed: ['active'], task: 'pausing', code: 202, lockChecked: true },
  unpause: { body: { unpause: null }, name: 'unpause', allowed: ['paused'], task: 'unpausing', code: 202, lockChecked: true },
  suspend: { body: { suspend: null }, name: 'suspend', allowed: ['active'], task: 'suspending', code: 202, lockChecked: true },
  resume: { body: { resume: null }, name: 'resume', allowed: ['suspended'], task: 'resuming', code: 202, lockChecked: true },
  resize: { body: { resize: { flavorRef: '2' } }, name: 'resize', allowed: ['active', 'stopped'], task: 'resize_prep', code: 202, lockChecked: true },
  confirmResize: { body: { confirmResize: null }, name: 'confirmResize', allowed: ['resized'], task: null, code: 204, lockChecked: true },
  revertResize: { body: { revertResize: null }, name: 'revertResize', allowed: ['resized'], task: 'resize_reverting', code: 202, lockChecked: true },
  rebuild: { body: { rebuild: { imageRef: IMAGE } }, name: 'rebuild', allowed: ['active', 'stopped', 'error'], task: 'rebuilding', code: 202, lockChecked: true },
  changePassword: { body: { changePassword: { adminPass: 'p' } }, name: 'changePassword', allowed: ['active'], task: 'updating_password', code: 202, lockChecked: true },
  createImage: { body: { createImage: { name: 'i' } }, name: 'createImage', allowed: ['active', 'stopped', 'paused', 'suspended'], task: 'image_snapshot_pending', code: 202, lockChecked: false },
  createBackup: { body: { createBackup: { name: 'b', backup_type: 'daily', rotation: 1 } }, name: 'createBackup', allowed: ['active', 'stopped', 'paused', 'suspended'], task: 'image_backup', code: 202, lockChecked: false },
  rescue: { body: { rescue: null }, name: 'rescue', allowed: ['active', 'stopped', 'error'], task: 'rescuing', code: 200, lockChecked: true },
  unrescue: { body: { unrescue: null }, name: 'unrescue', allowed: ['rescued'], task: 'unrescuing', code: 202, lockChecked: true },
  shelve: { body: { shelve: null }, name: 'shelve', allowed: ['active', 'stopped', 'paused', 'suspended'], task: 'shelving', code: 202, lockChecked: true },
  shelveOffload: { body: { shelveOffload: null }, name: 'shelveOffload', allowed: ['shelved'], task: 'shelving_offloading', code: 202, adminOnly: true, lockChecked: true },
  unshelve: { body: { unshelve: null }, name: 'unshelve', allowed: ['shelved', 'shelved_offloaded'], task: 'unshelving', code: 202, lockChecked: true },
  migrate: { body: { migrate: null }, name: 'migrate', allowed: ['active', 'stopped'], task: 'resize_prep', code: 202, adminOnly: true, lockChecked: true },
  'os-migrateLive': { body: { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false } }, name: 'os-migrateLive', allowed: ['active', 'paused'], task: 'migrating', code: 202, adminOnly: true, lockChecked: true },
  restore: { body: { restore: null }, name: 'restore', allowed: ['soft-delete'], task: 'restoring', code: 202, lockChecked: true },
  forceDelete: { body: { forceDelete: null }, name: 'forceDelete', allowed: ALL, task: 'deleting', code: 202, lockChecked: true },
};

let n: TestNovum;
let template: Record<string, unknown>;

before(async () => {
  n = await startNovum();
  const r = await n.request('POST', '/v2.1/servers', { token: 'demo:sm', body: { server: { name: 'template', imageRef: IMAGE, flavorRef: '1' } } });
  const active = await n.waitFor(`/v2.1/servers/${r.body.server.id}`, (x) => x.body.server.status === 'ACTIVE', { token: 'demo:sm' });
  template = (await n.novum.store.db.selectFrom('instances').selectAll().where('uuid', '=', active.body.server.id).executeTakeFirstOrThrow()) as Record<string, unknown>;
  await n.novum.worker.stop();
});
after(async () => { await n.close(); });

let seq = 0;
let project = 'sm';
const member = (): string => `demo:${project}`;
const admin = (): string => `admin:${project}`;
/** A copy of the template server in `vmState`, task_state None, alone in project `sm<N>` (so quotas never bite). */
async function serverIn(vmState: string, locked = false): Promise<string> {
  const uuid = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  project = `sm${seq}`;
  const { id: _id, ...rest } = template;
  const sys = vmState === 'resized' ? JSON.stringify({ migration: { source: template.host, dest: template.host, old_vm_state: 'active' } }) : '{}';
  await n.novum.store.db.insertInto('instances').values({
    ...(rest as never), uuid, project_id: project, vm_state: vmState, task_state: null, locked: locked ? 1 : 0, locked_by: locked ? 'admin' : null,
    system_metadata: sys, host: vmState === 'shelved_offloaded' ? null : (template.host as string),
    deleted_at: vmState === 'soft-delete' ? '2026-01-01T00:00:00.000000Z' : null,
  }).execute();
  return uuid;
}

const taskOf = async (uuid: string): Promise<string | null> =>
  (await n.novum.store.db.selectFrom('instances').select('task_state').where('uuid', '=', uuid).executeTakeFirstOrThrow()).task_state;

describe('every action from every vm_state', () => {
  for (const [action, row] of Object.entries(NOVA)) {
    for (const vm of ALL) {
      const allowed = row.allowed.includes(vm);
      test(`${action} from ${vm}: ${allowed ? row.code : 409}`, async () => {
        const uuid = await serverIn(vm);
        const token = row.adminOnly ? admin() : member();
        const r = await n.request('POST', `/v2.1/servers/${uuid}/action`, { token, body: row.body });
        if (allowed) {
          assert.equal(r.status, row.code, r.text);
          if (row.task !== undefined) assert.equal(await taskOf(uuid), row.task);
        } else {
          assert.equal(r.status, 409, r.text);
          assert.equal(r.body.conflictingRequest.message, `Cannot '${row.name}' instance ${uuid} while it is in vm_state ${vm}`);
          assert.equal(await taskOf(uuid), null, 'a refused action changes nothing');
        }
      });
    }
  }
});

describe('locks and policy', () => {
  for (const [action, row] of Object.entries(NOVA)) {
    const vm = row.allowed.includes('active') ? 'active' : row.allowed[0];
    test(`${action} on a locked server: ${row.lockChecked && !row.adminOnly ? '409 for members, ' : ''}allowed for admins`, async () => {
      if (row.lockChecked && !row.adminOnly) {
        const uuid = await serverIn(vm, true);
        const r = await n.request('POST', `/v2.1/servers/${uuid}/action`, { token: member(), body: row.body });
        assert.deepEqual(r.body, { conflictingRequest: { code: 409, message: `Instance ${uuid} is locked` } });
      }
      const uuid = await serverIn(vm, true);
      const r = await n.request('POST', `/v2.1/servers/${uuid}/action`, { token: admin(), body: row.body });
      assert.equal(r.status, row.code, r.text);
    });
    if (row.adminOnly) {
      test(`${action} is admin-only: 403 for members`, async () => {
        const uuid = await serverIn(vm);
        const r = await n.request('POST', `/v2.1/servers/${uuid}/action`, { token: member(), body: row.body });
        assert.equal(r.status, 403);
        assert.match(r.body.forbidden.message, /^Policy doesn't allow os_compute_api:.* to be performed\.$/);
      });
    }
  }

  test('a second action while one is in progress is 409 naming the task_state', async () => {
    const uuid = await serverIn('active');
    assert.equal((await n.request('POST', `/v2.1/servers/${uuid}/action`, { token: member(), body: { pause: null } })).status, 202);
    const r = await n.request('POST', `/v2.1/servers/${uuid}/action`, { token: member(), body: { 'os-stop': null } });
    assert.equal(r.body.conflictingRequest.message, `Cannot 'stop' instance ${uuid} while it is in task_state pausing`);
  });

  test('two servers on the same host acting at once: both are accepted', async () => {
    const first = await serverIn('active');
    const firstToken = member();
    const second = await serverIn('active');
    const results = await Promise.all([
      n.request('POST', `/v2.1/servers/${first}/action`, { token: firstToken, body: { pause: null } }),
      n.request('POST', `/v2.1/servers/${second}/action`, { token: member(), body: { 'os-stop': null } }),
    ]);
    assert.deepEqual(results.map((r) => r.status), [202, 202]);
    assert.equal(await taskOf(first), 'pausing');
    assert.equal(await taskOf(second), 'powering-off');
  });

  test('two conflicting actions racing on one server: exactly one wins', async () => {
    const uuid = await serverIn('active');
    const results = await Promise.all([
      n.request('POST', `/v2.1/servers/${uuid}/action`, { token: member(), body: { pause: null } }),
      n.request('POST', `/v2.1/servers/${uuid}/action`, { token: member(), body: { suspend: null } }),
      n.request('POST', `/v2.1/servers/${uuid}/action`, { token: member(), body: { 'os-stop': null } }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [202, 409, 409]);
    assert.ok(['pausing', 'suspending', 'powering-off'].includes((await taskOf(uuid)) as string));
  });
});
