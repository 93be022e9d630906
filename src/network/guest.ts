/**
 * What a server's hypervisor and guest expose through the compute API: the console log
 * (os-getConsoleOutput), diagnostics, and the encrypted password the guest posted
 * (os-server-password).
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../compute/action-log.js';
import type { ComputeApi } from '../compute/api.js';
import { POWER } from '../compute/states.js';
import type { Diagnostics } from '../drivers/driver.js';
import { invalidState, policyForbidden } from '../errors.js';
import type { Database, Instance } from '../store/schema.js';
import { interfacesOf } from './addresses.js';
import { requireHost } from './console-auth.js';

/** The hypervisor calls this needs (the compute manager offers them). */
export interface Hypervisor {
  consoleOutput(inst: Instance): Promise<string>;
  diagnostics(inst: Instance): Promise<Diagnostics>;
}

/** A server's diagnostics with what the views need besides the hypervisor's counters. */
export interface ServerDiagnostics extends Diagnostics {
  /** Nova's power state name: pending, running, paused, shutdown, crashed, suspended */
  readonly state: string;
  readonly configDrive: boolean;
  readonly vcpus: number;
}

const STATE_NAMES: Readonly<Record<number, string>> = {
  [POWER.NOSTATE]: 'pending', [POWER.RUNNING]: 'running', [POWER.PAUSED]: 'paused',
  [POWER.SHUTDOWN]: 'shutdown', [POWER.CRASHED]: 'crashed', [POWER.SUSPENDED]: 'suspended',
};

export const DIAGNOSTICS_POLICY = 'os_compute_api:os-server-diagnostics';

export class GuestService {
  readonly #db: Kysely<Database>;
  readonly #compute: ComputeApi;
  readonly #hypervisor: Hypervisor;

  constructor(deps: { db: Kysely<Database>; compute: ComputeApi; hypervisor: Hypervisor }) {
    this.#db = deps.db;
    this.#compute = deps.compute;
    this.#hypervisor = deps.hypervisor;
  }

  /** The last `length` lines of the console log (Nova: compute manager _tail_log), control characters removed. */
  async consoleOutput(actor: Actor, serverId: string, length: number | string | null | undefined): Promise<string> {
    const inst = await this.#compute.get(actor, serverId);
    requireHost(inst);
    let out = await this.#hypervisor.consoleOutput(inst);
    if (length !== null && length !== undefined) out = tail(out, length);
    return out.replace(/[\x00-\x08\x0B-\x1F]/g, '');
  }

  /** Admin only; the server must be on a host and not being deleted or migrated. */
  async diagnostics(actor: Actor, serverId: string): Promise<ServerDiagnostics> {
    const inst = await this.#compute.get(actor, serverId);
    if (!actor.isAdmin) throw policyForbidden(DIAGNOSTICS_POLICY);
    requireHost(inst);
    if (inst.task_state === 'deleting' || inst.task_state === 'migrating') {
      throw invalidState('get_diagnostics', inst.uuid, 'task_state', inst.task_state);
    }
    const d = await this.#hypervisor.diagnostics(inst);
    const macs = interfacesOf(inst.uuid, inst.addresses).map((i) => i.mac);
    const vcpus = (JSON.parse(inst.flavor) as { vcpus?: number }).vcpus ?? 1;
    return {
      ...d,
      nics: d.nics.map((n, i) => ({ ...n, mac: macs[i] ?? n.mac })),
      state: STATE_NAMES[inst.power_state] ?? 'pending',
      configDrive: inst.config_drive !== '' && inst.config_drive.toLowerCase() !== 'false',
      vcpus,
    };
  }

  /** The encrypted password the guest posted, '' when none (Nova: password.extract_password). */
  async password(actor: Actor, serverId: string): Promise<string> {
    return (await this.#compute.get(actor, serverId)).password ?? '';
  }

  /** Forgets the posted password; the guest's own password is unchanged (Nova says the same). */
  async clearPassword(actor: Actor, serverId: string): Promise<void> {
    const inst = await this.#compute.get(actor, serverId);
    await this.#db.updateTable('instances').set({ password: '' }).where('uuid', '=', inst.uuid).where('deleted', '=', 0).execute();
  }
}

/**
 * Nova's _tail_log, quirks included: the log split on newlines (a trailing newline makes a last
 * empty line), the last `length` pieces kept; 0 or a non-number gives ''; a negative n keeps
 * everything from piece |n| on (Python's slice [-n:]).
 */
export function tail(log: string, length: number | string): string {
  let n = typeof length === 'number' ? length : Number.parseInt(length, 10);
  if (!Number.isFinite(n)) n = 0;
  if (n === 0) return '';
  const lines = log.split('\n');
  const start = n > 0 ? Math.max(0, lines.length - n) : Math.min(lines.length, -n);
  return lines.slice(start).join('\n');
}
