/**
 * Console access (Nova: compute get_vnc_console + console_auth_tokens): a random token per
 * request, stored as its sha256 with where the console listens, valid for token_ttl seconds.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { badRequest, conflict, invalidState } from '../errors.js';
import type { Actor } from '../compute/action-log.js';
import type { ComputeApi } from '../compute/api.js';
import type { Database, Instance } from '../store/schema.js';
import { isoPlusSeconds, nowIso } from '../util/time.js';
import { netDb } from './tables.js';

/** Nova: [consoleauth] token_ttl default. */
export const TOKEN_TTL_SECONDS = 600;

/** Console types a VNC console offers (Nova: compute manager get_vnc_console). */
export const VNC_TYPES: readonly string[] = ['novnc', 'xvpvnc'];

/** Where a token's console is, for the proxy that checks it. */
export interface ConsoleConnectInfo {
  readonly instanceUuid: string;
  readonly consoleType: string;
  readonly host: string;
  readonly port: number;
  readonly internalAccessPath: string | null;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Nova: check_instance_host → InstanceNotReady (409 at the API). */
export function requireHost(inst: Instance): string {
  if (!inst.host) throw conflict(`Instance ${inst.uuid} is not ready`);
  return inst.host;
}

export class ConsoleService {
  readonly #db: Kysely<Database>;
  readonly #compute: ComputeApi;

  constructor(deps: { db: Kysely<Database>; compute: ComputeApi }) {
    this.#db = deps.db;
    this.#compute = deps.compute;
  }

  /**
   * A new token for the server's VNC console. `action` names the request in Nova's 409 text
   * (`get_vnc_console` for the action, `create` for remote-consoles).
   */
  async vncToken(actor: Actor, serverId: string, consoleType: string, action: string): Promise<string> {
    const inst = await this.#compute.get(actor, serverId);
    const host = requireHost(inst);
    // Nova: reject_instance_state(task_state=[DELETING, MIGRATING]).
    if (inst.task_state === 'deleting' || inst.task_state === 'migrating') throw invalidState(action, inst.uuid, 'task_state', inst.task_state);
    if (!VNC_TYPES.includes(consoleType)) throw badRequest(`Invalid console type ${consoleType}`);
    const token = randomUUID();
    const db = netDb(this.#db);
    await db.deleteFrom('console_auth_tokens').where('instance_uuid', '=', inst.uuid).where('expires_at', '<', nowIso()).execute();
    await db.insertInto('console_auth_tokens').values({
      token_hash: hashOf(token), console_type: consoleType, instance_uuid: inst.uuid, host,
      port: 5900 + (inst.id % 1000), internal_access_path: null, expires_at: isoPlusSeconds(TOKEN_TTL_SECONDS), created_at: nowIso(),
    }).execute();
    return token;
  }

  /** The console a token opens, or null when it is unknown or has expired. */
  async connectInfo(token: string): Promise<ConsoleConnectInfo | null> {
    const row = await netDb(this.#db).selectFrom('console_auth_tokens').selectAll()
      .where('token_hash', '=', hashOf(token)).where('expires_at', '>', nowIso()).executeTakeFirst();
    if (!row) return null;
    return {
      instanceUuid: row.instance_uuid, consoleType: row.console_type, host: row.host, port: row.port, internalAccessPath: row.internal_access_path,
    };
  }
}
