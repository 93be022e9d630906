/**
 * Nova's server states as data: vm_state, task_state and power_state values, the status each
 * combination shows (nova/api/openstack/common.py _STATE_MAP), and for every action the states
 * it is allowed from (nova/compute/api.py check_instance_state decorators).
 */

export const VM = {
  ACTIVE: 'active', BUILDING: 'building', PAUSED: 'paused', SUSPENDED: 'suspended', STOPPED: 'stopped',
  RESCUED: 'rescued', RESIZED: 'resized', SOFT_DELETED: 'soft-delete', DELETED: 'deleted', ERROR: 'error',
  SHELVED: 'shelved', SHELVED_OFFLOADED: 'shelved_offloaded',
} as const;
export type VmState = (typeof VM)[keyof typeof VM];

export const POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const;

const REBOOT = ['rebooting', 'reboot_pending', 'reboot_started'];
const REBOOT_HARD = ['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard'];
const REBUILD = ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'];
const RESIZE = ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'];

const each = (states: readonly string[], status: string): Record<string, string> =>
  Object.fromEntries(states.map((s) => [s, status]));

/** vm_state → { task_state → status, default → status } */
const STATE_MAP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  active: {
    default: 'ACTIVE', ...each(REBOOT, 'REBOOT'), ...each(REBOOT_HARD, 'HARD_REBOOT'),
    updating_password: 'PASSWORD', ...each(REBUILD, 'REBUILD'), migrating: 'MIGRATING', ...each(RESIZE, 'RESIZE'),
  },
  building: { default: 'BUILD' },
  stopped: { default: 'SHUTOFF', ...each(RESIZE, 'RESIZE'), ...each(REBUILD, 'REBUILD') },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', ...each(REBUILD, 'REBUILD') },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

/** The API status of a server (Nova: status_from_state). */
export function statusOf(vmState: string, taskState: string | null): string {
  const map = STATE_MAP[vmState];
  if (!map) return 'UNKNOWN';
  return (taskState !== null && map[taskState]) || map.default;
}

/** The (vm_state, task_states) a `?status=` filter means (Nova: task_and_vm_state_from_status). */
export function statesForStatus(status: string): { vmStates: string[]; taskStates: Array<string | null> | 'any' } | null {
  const wanted = status.toUpperCase();
  const vmStates: string[] = [];
  const taskStates = new Set<string | null>();
  let anyTask = false;
  for (const [vm, map] of Object.entries(STATE_MAP)) {
    for (const [task, st] of Object.entries(map)) {
      if (st !== wanted) continue;
      if (!vmStates.includes(vm)) vmStates.push(vm);
      if (task === 'default') anyTask = true;
      else taskStates.add(task);
    }
  }
  if (vmStates.length === 0) return null;
  return { vmStates, taskStates: anyTask ? 'any' : [...taskStates] };
}

/** Where an action may start: vm_states, and the task_states (default: none in progress). */
export interface Guard {
  readonly vmStates: readonly string[] | 'any';
  readonly taskStates?: ReadonlyArray<string | null> | 'any';
  /** Nova's must_have_launched: refuse servers that never became ACTIVE */
  readonly mustHaveLaunched?: boolean;
}

export const ALLOW_REBOOT_TASKS = [null, 'rebooting', 'reboot_pending', 'reboot_started', 'resuming', 'rebooting_hard', 'unpausing', 'pausing', 'suspending'];

/** Per action: allowed states. Names are the ones Nova's 409 message uses. */
export const GUARDS: Readonly<Record<string, Guard>> = {
  delete: { vmStates: 'any', taskStates: 'any', mustHaveLaunched: false },
  forceDelete: { vmStates: 'any', mustHaveLaunched: false },
  restore: { vmStates: [VM.SOFT_DELETED] },
  rebootSoft: { vmStates: [VM.ACTIVE] },
  rebootHard: { vmStates: [VM.ACTIVE, VM.STOPPED, VM.PAUSED, VM.SUSPENDED, VM.ERROR], taskStates: ALLOW_REBOOT_TASKS },
  stop: { vmStates: [VM.ACTIVE, VM.ERROR] },
  start: { vmStates: [VM.STOPPED] },
  pause: { vmStates: [VM.ACTIVE] },
  unpause: { vmStates: [VM.PAUSED] },
  suspend: { vmStates: [VM.ACTIVE] },
  resume: { vmStates: [VM.SUSPENDED] },
  resize: { vmStates: [VM.ACTIVE, VM.STOPPED] },
  migrate: { vmStates: [VM.ACTIVE, VM.STOPPED] },
  confirmResize: { vmStates: [VM.RESIZED] },
  revertResize: { vmStates: [VM.RESIZED] },
  rebuild: { vmStates: [VM.ACTIVE, VM.STOPPED, VM.ERROR] },
  changePassword: { vmStates: [VM.ACTIVE] },
  createImage: { vmStates: [VM.ACTIVE, VM.STOPPED, VM.PAUSED, VM.SUSPENDED] },
  createBackup: { vmStates: [VM.ACTIVE, VM.STOPPED, VM.PAUSED, VM.SUSPENDED] },
  rescue: { vmStates: [VM.ACTIVE, VM.STOPPED, VM.ERROR] },
  unrescue: { vmStates: [VM.RESCUED] },
  shelve: { vmStates: [VM.ACTIVE, VM.STOPPED, VM.PAUSED, VM.SUSPENDED] },
  shelveOffload: { vmStates: [VM.SHELVED] },
  unshelve: { vmStates: [VM.SHELVED, VM.SHELVED_OFFLOADED] },
  'os-migrateLive': { vmStates: [VM.ACTIVE, VM.PAUSED] },
  evacuate: { vmStates: [VM.ACTIVE, VM.STOPPED, VM.ERROR] },
  'update metadata': { vmStates: [VM.ACTIVE, VM.PAUSED, VM.SUSPENDED, VM.STOPPED] },
  'delete metadata': { vmStates: [VM.ACTIVE, VM.PAUSED, VM.SUSPENDED, VM.STOPPED] },
  attach_volume: { vmStates: [VM.ACTIVE, VM.PAUSED, VM.STOPPED, VM.RESIZED, VM.SOFT_DELETED, VM.SHELVED, VM.SHELVED_OFFLOADED] },
  detach_volume: { vmStates: [VM.ACTIVE, VM.PAUSED, VM.STOPPED, VM.RESIZED, VM.SOFT_DELETED, VM.SHELVED, VM.SHELVED_OFFLOADED] },
  trigger_crash_dump: { vmStates: [VM.ACTIVE, VM.PAUSED, VM.RESCUED, VM.RESIZED, VM.ERROR] },
  force_complete: { vmStates: [VM.ACTIVE], taskStates: ['migrating'] },
  live_migration_abort: { vmStates: 'any', taskStates: ['migrating'] },
};

export type GuardViolation = { attr: 'vm_state' | 'task_state'; state: string | null } | null;

/** Which state, if any, forbids the action (Nova checks vm_state first, then task_state). */
export function violation(guard: Guard, vmState: string, taskState: string | null): GuardViolation {
  if (guard.vmStates !== 'any' && !guard.vmStates.includes(vmState)) return { attr: 'vm_state', state: vmState };
  const tasks = guard.taskStates ?? [null];
  if (tasks !== 'any' && !tasks.includes(taskState)) return { attr: 'task_state', state: taskState };
  return null;
}
