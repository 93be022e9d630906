/**
 * The image store (a Glance v2 subset) that the Glance API, Nova's /images proxy and the compute
 * domain (boot, snapshots, shelve) share. Visibility: public and community images are seen by
 * every project, private and shared ones by their owner; admins see all.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Readable } from 'node:stream';
import type { Config } from '../config.js';
import type { Database, ImageRow } from '../store/schema.js';
import { conflict, NovaError } from '../errors.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import { ImageData } from './image-data.js';
import { SEED_IMAGES, seedCreatedAt } from './seed-data.js';
import { memoised, StoreMemo, type TableWrites } from '../store/table-writes.js';

export interface Image {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly visibility: string;
  readonly owner: string | null;
  readonly disk_format: string | null;
  readonly container_format: string | null;
  readonly min_ram: number;
  readonly min_disk: number;
  readonly size: number | null;
  readonly protected: boolean;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly created_at: string;
  readonly updated_at: string;
  /** md5 of the data, once uploaded */
  readonly checksum: string | null;
  /** sha512 of the data, once uploaded */
  readonly os_hash_value: string | null;
  readonly os_hidden: boolean;
  readonly tags: readonly string[];
  /** where the data is stored (see ImageData), null before an upload */
  readonly file: string | null;
}

export interface NewImage {
  readonly name: string | null;
  readonly owner: string;
  /** defaults to a random UUID */
  readonly id?: string;
  readonly status?: string;
  readonly visibility?: string;
  readonly disk_format?: string | null;
  readonly container_format?: string | null;
  readonly min_ram?: number;
  readonly min_disk?: number;
  readonly protected?: boolean;
  readonly tags?: readonly string[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** Fields `update` may change; `properties` replaces the whole set. */
export interface ImageChanges {
  readonly name?: string | null;
  readonly status?: string;
  readonly size?: number;
  readonly checksum?: string | null;
  readonly os_hash_value?: string | null;
  readonly visibility?: string;
  readonly protected?: boolean;
  readonly os_hidden?: boolean;
  readonly min_ram?: number;
  readonly min_disk?: number;
  readonly disk_format?: string | null;
  readonly container_format?: string | null;
  readonly tags?: readonly string[];
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly file?: string | null;
}

/** Who looks: the project of the token and whether it is an admin. */
export interface Viewer {
  readonly projectId: string;
  readonly isAdmin: boolean;
}

const SEEDED_KEY = 'image.seeded_at';

function toImage(row: Selectable<ImageRow>): Image {
  return {
    id: row.id, name: row.name, status: row.status, visibility: row.visibility, owner: row.owner,
    disk_format: row.disk_format, container_format: row.container_format,
    min_ram: Number(row.min_ram), min_disk: Number(row.min_disk), size: row.size === null ? null : Number(row.size),
    protected: Boolean(row.protected), properties: JSON.parse(row.properties) as Record<string, unknown>,
    created_at: row.created_at, updated_at: row.updated_at, checksum: row.checksum, os_hash_value: row.os_hash_value,
    os_hidden: Boolean(row.os_hidden), tags: JSON.parse(row.tags) as string[], file: row.file,
  };
}

/** Can this viewer see the image at all? */
export function visibleTo(image: Image, viewer: Viewer): boolean {
  return viewer.isAdmin || image.visibility === 'public' || image.visibility === 'community' || image.owner === viewer.projectId;
}

/** May this viewer change or delete it? (owner or admin) */
export function ownedBy(image: Image, viewer: Viewer): boolean {
  return viewer.isAdmin || (image.owner !== null && image.owner === viewer.projectId);
}

/** now, but strictly after `last` (microsecond steps): images created together keep their order. */
function monotonicIso(last: string): string {
  const now = nowIso();
  if (now > last) return now;
  const micros = Number(last.slice(20, 26)) + 1;
  if (micros > 999999) return now;
  return `${last.slice(0, 20)}${String(micros).padStart(6, '0')}Z`;
}

export class ImageService {
  readonly data: ImageData;
  #lastCreated = '';

  /** images as `get` read them, while nothing wrote `images` (the sole-writer process only) */
  readonly #memo: StoreMemo<Image | null> | undefined;

  constructor(readonly db: Kysely<Database>, readonly config: Config, writes?: TableWrites) {
    this.data = new ImageData(config.dataDir);
    this.#memo = writes && new StoreMemo(writes, ['images']);
  }

  /** First start only: Nova's sample images and a CirrOS image (all public and active). */
  async seed(): Promise<void> {
    const done = await this.db.selectFrom('kv').select('value').where('key', '=', SEEDED_KEY).executeTakeFirst();
    if (done) return;
    for (const [i, s] of SEED_IMAGES.entries()) {
      const exists = await this.db.selectFrom('images').select('id').where('id', '=', s.id).executeTakeFirst();
      if (exists) continue;
      const created = seedCreatedAt(i);
      await this.db.insertInto('images').values({
        id: s.id, name: s.name, status: 'active', visibility: 'public', owner: null, disk_format: 'qcow2',
        container_format: 'bare', min_ram: s.minRam ?? 0, min_disk: s.minDisk ?? 0, size: s.size, checksum: null,
        protected: 0, properties: JSON.stringify(s.properties), file: null, created_at: created, updated_at: created,
      }).execute();
    }
    await this.db.insertInto('kv').values({ key: SEEDED_KEY, value: nowIso() }).execute();
  }

  /** An image the project may see (public, shared, community or its own), or null. Without a project: any image. */
  async get(id: string, projectId?: string, isAdmin?: boolean): Promise<Image | null> {
    const image = await memoised(this.#memo, id, async () => {
      const row = await this.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toImage(row) : null;
    });
    if (!image) return null;
    if (projectId === undefined) return image;
    return visibleTo(image, { projectId, isAdmin: isAdmin ?? false }) ? image : null;
  }

  /**
   * Every image the viewer's default Glance listing shows (public, its own, and for admins all;
   * community images of others only when `includeCommunity`), newest first.
   */
  async list(viewer: Viewer, includeCommunity = false): Promise<Image[]> {
    let q = this.db.selectFrom('images').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
    if (!viewer.isAdmin) {
      q = q.where((eb) => eb.or([
        eb('visibility', '=', 'public'),
        eb('owner', '=', viewer.projectId),
        ...(includeCommunity ? [eb('visibility', '=', 'community')] : []),
      ]));
    }
    return (await q.execute()).map(toImage);
  }

  /** Records a new image (snapshots from createImage/createBackup/shelve); returns it. */
  async create(image: NewImage): Promise<Image> {
    const now = monotonicIso(this.#lastCreated);
    this.#lastCreated = now;
    const id = image.id ?? uuid();
    if (await this.get(id)) throw conflict(`Image with identifier ${id} already exists!`);
    await this.db.insertInto('images').values({
      id, name: image.name, status: image.status ?? 'queued', visibility: image.visibility ?? 'shared',
      owner: image.owner, disk_format: image.disk_format ?? null, container_format: image.container_format ?? null,
      min_ram: image.min_ram ?? 0, min_disk: image.min_disk ?? 0, size: null, checksum: null,
      protected: image.protected ? 1 : 0, properties: JSON.stringify(image.properties ?? {}), file: null,
      created_at: now, updated_at: now, tags: JSON.stringify(image.tags ?? []),
    }).execute();
    return (await this.get(id))!;
  }

  async update(id: string, changes: ImageChanges): Promise<void> {
    const set: Partial<Record<keyof ImageRow, unknown>> = { updated_at: nowIso() };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) continue;
      if (k === 'properties' || k === 'tags') set[k] = JSON.stringify(v);
      else if (k === 'protected' || k === 'os_hidden') set[k] = v ? 1 : 0;
      else set[k as keyof ImageRow] = v;
    }
    await this.db.updateTable('images').set(set as Updateable<ImageRow>).where('id', '=', id).execute();
  }

  /** Deletes the record and its data. */
  async delete(id: string): Promise<void> {
    const image = await this.get(id);
    if (!image) return;
    await this.db.deleteFrom('images').where('id', '=', id).execute();
    this.data.remove(image.file);
  }

  /**
   * Stores uploaded data for a queued image: status saving while it streams, then active with
   * size and hashes. Nova/Glance: only a queued image takes data (409 otherwise).
   */
  async upload(id: string, body: Readable | Buffer): Promise<Image> {
    const claimed = await this.db.updateTable('images').set({ status: 'saving', updated_at: nowIso() })
      .where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      const image = await this.get(id);
      throw new NovaError(409, `Image status transition from ${image?.status ?? 'deleted'} to saving is not allowed`);
    }
    try {
      const stored = await this.data.write(id, body);
      await this.update(id, { status: 'active', size: stored.size, checksum: stored.checksum, os_hash_value: stored.osHashValue, file: stored.file });
    } catch (err) {
      await this.update(id, { status: 'queued' });
      throw err;
    }
    return (await this.get(id))!;
  }

  /** The image's bytes, or null when it has none. */
  read(image: Image): Readable | null {
    return this.data.read(image.file);
  }
}
