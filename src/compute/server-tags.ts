/**
 * Server tags (Nova: compute/server_tags.py, microversion 2.26): up to 50 strings per server,
 * kept as a JSON array on the server's row so views and list filters need no extra query.
 */
import type { Kysely } from 'kysely';
import { badRequest, invalidState, notFound } from '../errors.js';
import type { Database, Instance } from '../store/schema.js';
import type { Actor } from './action-log.js';
import type { InstanceQueries } from './instance-queries.js';

/** Nova: objects.instance.MAX_TAG_COUNT */
export const MAX_TAGS = 50;

/** vm_states in which tags may change (Nova: _check_instance_in_valid_state). */
const TAGGABLE = ['active', 'paused', 'suspended', 'stopped'];

export const tagsOf = (inst: Pick<Instance, 'tags'>): string[] => JSON.parse(inst.tags) as string[];

export class ServerTags {
  constructor(private readonly db: Kysely<Database>, private readonly queries: InstanceQueries) {}

  async list(actor: Actor, uuid: string): Promise<string[]> {
    return tagsOf(await this.queries.get(actor, uuid));
  }

  async has(actor: Actor, uuid: string, tag: string): Promise<boolean> {
    return tagsOf(await this.queries.get(actor, uuid)).includes(tag);
  }

  /** Replaces every tag (duplicates collapse); answers the new list. */
  async replace(actor: Actor, uuid: string, tags: readonly string[]): Promise<string[]> {
    await this.#taggable(actor, uuid, 'update tags');
    const next = [...new Set(tags)];
    await this.#write(uuid, next);
    return next;
  }

  /** Adds one tag; false when the server had it already. */
  async add(actor: Actor, uuid: string, tag: string): Promise<boolean> {
    const inst = await this.#taggable(actor, uuid, 'update tag');
    const tags = tagsOf(inst);
    if (tags.length >= MAX_TAGS) throw badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
    if (tags.includes(tag)) return false;
    await this.#write(uuid, [...tags, tag]);
    return true;
  }

  async remove(actor: Actor, uuid: string, tag: string): Promise<void> {
    const inst = await this.#taggable(actor, uuid, 'delete tag');
    const tags = tagsOf(inst);
    if (!tags.includes(tag)) throw notFound(`Instance ${uuid} has no tag '${tag}'`);
    await this.#write(uuid, tags.filter((t) => t !== tag));
  }

  async clear(actor: Actor, uuid: string): Promise<void> {
    await this.#taggable(actor, uuid, 'delete tags');
    await this.#write(uuid, []);
  }

  async #taggable(actor: Actor, uuid: string, action: string): Promise<Instance> {
    const inst = await this.queries.get(actor, uuid);
    if (!TAGGABLE.includes(inst.vm_state)) throw invalidState(action, uuid, 'vm_state', inst.vm_state);
    return inst;
  }

  async #write(uuid: string, tags: readonly string[]): Promise<void> {
    // Nova keeps tags in their own table: changing them does not touch the server's `updated`.
    await this.db.updateTable('instances').set({ tags: JSON.stringify(tags) })
      .where('uuid', '=', uuid).where('deleted', '=', 0).execute();
  }
}
