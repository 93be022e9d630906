/**
 * Flavors: the catalogue of server sizes, their extra specs and, for private flavors, the
 * projects that may use them. Nova: nova/objects/flavor.py (API database flavor tables).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, FlavorRow } from '../store/schema.js';
import { type NovaError, badRequest, conflict, flavorNotFound, notFound } from '../errors.js';
import { nowIso } from '../util/time.js';
import { uuid } from '../util/ids.js';
import { memoised, StoreMemo, type TableWrites } from '../store/table-writes.js';

export interface Flavor {
  /** internal row id */
  readonly id: number;
  readonly flavorid: string;
  readonly name: string;
  readonly memory_mb: number;
  readonly vcpus: number;
  readonly root_gb: number;
  readonly ephemeral_gb: number;
  readonly swap: number;
  readonly rxtx_factor: number;
  readonly is_public: boolean;
  readonly disabled: boolean;
  readonly description: string | null;
  readonly extra_specs: Readonly<Record<string, string>>;
}

/** What a flavor is created from (the API has validated and converted the values). */
export interface NewFlavor {
  /** null or undefined: a UUID is generated */
  readonly flavorid?: string | null;
  readonly name: string;
  readonly memory_mb: number;
  readonly vcpus: number;
  readonly root_gb: number;
  readonly ephemeral_gb?: number;
  readonly swap?: number;
  readonly rxtx_factor?: number;
  readonly is_public?: boolean;
  readonly description?: string | null;
}

/** Who looks: admins see every flavor, others public ones and those shared with their project. */
export interface Viewer {
  readonly projectId: string;
  readonly isAdmin: boolean;
}

/** Columns `GET /flavors?sort_key=` accepts (Nova: schemas/flavors.py VALID_SORT_KEYS). */
export const FLAVOR_SORT_KEYS = [
  'created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id', 'is_public',
  'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus',
] as const;
export type FlavorSortKey = (typeof FLAVOR_SORT_KEYS)[number];

export interface FlavorListOptions {
  readonly viewer: Viewer;
  /** true: public (plus the viewer's private ones); false: private only; null: all */
  readonly isPublic: boolean | null;
  /** Nova: non-admins never list disabled flavors */
  readonly includeDisabled: boolean;
  readonly minRam?: number;
  readonly minDisk?: number;
  readonly sortKey: FlavorSortKey;
  readonly sortDir: 'asc' | 'desc';
  readonly limit: number;
  readonly marker?: string;
}

const SEED: ReadonlyArray<[string, string, number, number, number]> = [
  ['1', 'm1.tiny', 512, 1, 1],
  ['2', 'm1.small', 2048, 1, 20],
  ['3', 'm1.medium', 4096, 2, 40],
  ['4', 'm1.large', 8192, 4, 80],
  ['5', 'm1.xlarge', 16384, 8, 160],
];
const SEED_KEY = 'seed.flavors';

type Row = Selectable<FlavorRow>;

function toFlavor(row: Row, specs: Record<string, string>): Flavor {
  return {
    id: row.id, flavorid: row.flavorid, name: row.name, memory_mb: row.memory_mb, vcpus: row.vcpus,
    root_gb: row.root_gb, ephemeral_gb: row.ephemeral_gb, swap: row.swap, rxtx_factor: Number(row.rxtx_factor),
    is_public: row.is_public === 1, disabled: row.disabled === 1, description: row.description, extra_specs: specs,
  };
}

export class FlavorService {
  /** flavors as `get` found them, while nothing wrote the flavor tables (the sole-writer process only) */
  readonly #memo: StoreMemo<Flavor | null> | undefined;

  constructor(readonly db: Kysely<Database>, writes?: TableWrites) {
    this.#memo = writes && new StoreMemo(writes, ['flavors', 'flavor_extra_specs', 'flavor_projects']);
  }

  /** m1.tiny ... m1.xlarge with flavor ids 1-5, on first start only (deleting them later sticks). */
  async seed(): Promise<void> {
    const done = await this.db.selectFrom('kv').select('value').where('key', '=', SEED_KEY).executeTakeFirst();
    if (done) return;
    const existing = await this.db.selectFrom('flavors').select('flavorid').execute();
    const taken = new Set(existing.map((r) => r.flavorid));
    const now = nowIso();
    for (const [flavorid, name, memory_mb, vcpus, root_gb] of SEED) {
      if (taken.has(flavorid)) continue;
      await this.db.insertInto('flavors').values({
        flavorid, name, memory_mb, vcpus, root_gb, ephemeral_gb: 0, swap: 0, rxtx_factor: 1,
        is_public: 1, disabled: 0, description: null, created_at: now, updated_at: null,
      }).execute();
    }
    await this.db.insertInto('kv').values({ key: SEED_KEY, value: now }).execute();
  }

  /** The flavor with this flavor id, if the project may use it (no project: any); null otherwise. */
  async get(flavorid: string, projectId?: string, isAdmin?: boolean): Promise<Flavor | null> {
    const viewer = projectId === undefined || isAdmin ? '*' : projectId;
    return memoised(this.#memo, `${viewer} ${flavorid}`, () => this.#get(flavorid, projectId, isAdmin));
  }

  async #get(flavorid: string, projectId?: string, isAdmin?: boolean): Promise<Flavor | null> {
    let q = this.db.selectFrom('flavors').selectAll().where('flavorid', '=', flavorid);
    if (projectId !== undefined && !isAdmin) q = q.where((eb) => eb.or([
      eb('is_public', '=', 1),
      eb('id', 'in', eb.selectFrom('flavor_projects').select('flavor_id').where('project_id', '=', projectId)),
    ]));
    const row = await q.executeTakeFirst();
    return row ? toFlavor(row, await this.specsOf(row.id)) : null;
  }

  /** Like get, for a viewer; 404 `Flavor <id> could not be found.` when missing or invisible. */
  async require(flavorid: string, viewer: Viewer): Promise<Flavor> {
    const flavor = await this.get(flavorid, viewer.projectId, viewer.isAdmin);
    if (!flavor) throw flavorNotFound(flavorid);
    return flavor;
  }

  /** One page of flavors; an unknown (or invisible) marker is 400 `marker [<m>] not found`. */
  async list(o: FlavorListOptions): Promise<Flavor[]> {
    const { projectId, isAdmin } = o.viewer;
    let q = this.db.selectFrom('flavors').selectAll();
    if (o.isPublic !== null) {
      const wanted = o.isPublic ? 1 : 0;
      // Nova: "public" means public or shared with the asking project.
      q = q.where((eb) => (o.isPublic
        ? eb.or([eb('is_public', '=', wanted),
          eb('id', 'in', eb.selectFrom('flavor_projects').select('flavor_id').where('project_id', '=', projectId))])
        : eb('is_public', '=', wanted)));
    }
    if (!isAdmin && o.isPublic === null) q = q.where('is_public', '=', 1);
    if (!o.includeDisabled) q = q.where('disabled', '=', 0);
    if (o.minRam !== undefined) q = q.where('memory_mb', '>=', o.minRam);
    if (o.minDisk !== undefined) q = q.where('root_gb', '>=', o.minDisk);
    const key = o.sortKey === 'vcpu_weight' ? 'id' : o.sortKey;
    const rows = await q.orderBy(key, o.sortDir).orderBy('id', o.sortDir).execute();
    let start = 0;
    if (o.marker !== undefined) {
      const at = rows.findIndex((r) => r.flavorid === o.marker);
      if (at !== -1) start = at + 1;
      else {
        // Nova: the marker need only be visible, not in this listing; paging resumes at its sort position.
        const marker = await this.get(o.marker, projectId, isAdmin);
        if (!marker) throw markerNotFound(o.marker);
        start = positionAfter(rows, await this.rowOf(o.marker), key, o.sortDir);
      }
    }
    const page = rows.slice(start, start + o.limit);
    return Promise.all(page.map(async (r) => toFlavor(r, await this.specsOf(r.id))));
  }

  /** Creates a flavor; 409 when its flavor id or name is taken. */
  async create(f: NewFlavor): Promise<Flavor> {
    const flavorid = f.flavorid ?? uuid();
    if (await this.rowOf(flavorid)) throw conflict(`Flavor with ID ${flavorid} already exists.`);
    const byName = await this.db.selectFrom('flavors').select('id').where('name', '=', f.name).executeTakeFirst();
    if (byName) throw conflict(`Flavor with name ${f.name} already exists.`);
    await this.db.insertInto('flavors').values({
      flavorid, name: f.name, memory_mb: f.memory_mb, vcpus: f.vcpus, root_gb: f.root_gb,
      ephemeral_gb: f.ephemeral_gb ?? 0, swap: f.swap ?? 0, rxtx_factor: f.rxtx_factor ?? 1,
      is_public: f.is_public === false ? 0 : 1, disabled: 0, description: f.description ?? null,
      created_at: nowIso(), updated_at: null,
    }).execute();
    return (await this.get(flavorid))!;
  }

  /** Deletes a flavor (servers keep their embedded copy); 404 when unknown. */
  async delete(flavorid: string): Promise<void> {
    const row = await this.rowOf(flavorid);
    if (!row) throw flavorNotFound(flavorid);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('flavor_extra_specs').where('flavor_id', '=', row.id).execute();
      await tx.deleteFrom('flavor_projects').where('flavor_id', '=', row.id).execute();
      await tx.deleteFrom('flavors').where('id', '=', row.id).execute();
    });
  }

  /** Sets the description (2.55+); returns the flavor as it now is. */
  async updateDescription(flavor: Flavor, description: string | null): Promise<Flavor> {
    await this.db.updateTable('flavors').set({ description, updated_at: nowIso() }).where('id', '=', flavor.id).execute();
    return (await this.get(flavor.flavorid))!;
  }

  /** Adds or replaces extra specs. */
  async setExtraSpecs(flavor: Flavor, specs: Readonly<Record<string, string>>): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const [key, value] of Object.entries(specs)) {
        await tx.deleteFrom('flavor_extra_specs').where('flavor_id', '=', flavor.id).where('key', '=', key).execute();
        await tx.insertInto('flavor_extra_specs').values({ flavor_id: flavor.id, key, value }).execute();
      }
      await tx.updateTable('flavors').set({ updated_at: nowIso() }).where('id', '=', flavor.id).execute();
    });
  }

  /** Removes one extra spec; 404 when the flavor has no such key. */
  async deleteExtraSpec(flavor: Flavor, key: string): Promise<void> {
    const res = await this.db.deleteFrom('flavor_extra_specs')
      .where('flavor_id', '=', flavor.id).where('key', '=', key).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw extraSpecNotFound(flavor.flavorid, key);
  }

  /** Projects a private flavor is shared with, in the order access was given. */
  async accessList(flavor: Flavor): Promise<string[]> {
    const rows = await this.db.selectFrom('flavor_projects').select('project_id')
      .where('flavor_id', '=', flavor.id).execute();
    return rows.map((r) => r.project_id);
  }

  async addAccess(flavor: Flavor, projectId: string): Promise<void> {
    const has = await this.hasAccess(flavor, projectId);
    if (has) {
      throw conflict(`Flavor access already exists for flavor ${flavor.flavorid} and project ${projectId} combination.`);
    }
    await this.db.insertInto('flavor_projects').values({ flavor_id: flavor.id, project_id: projectId }).execute();
  }

  async removeAccess(flavor: Flavor, projectId: string): Promise<void> {
    const res = await this.db.deleteFrom('flavor_projects')
      .where('flavor_id', '=', flavor.id).where('project_id', '=', projectId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) {
      throw notFound(`Flavor access not found for ${flavor.flavorid} / ${projectId} combination.`);
    }
  }

  private async hasAccess(flavor: Flavor, projectId: string): Promise<boolean> {
    const row = await this.db.selectFrom('flavor_projects').select('flavor_id')
      .where('flavor_id', '=', flavor.id).where('project_id', '=', projectId).executeTakeFirst();
    return row !== undefined;
  }

  private async rowOf(flavorid: string): Promise<Row | undefined> {
    return this.db.selectFrom('flavors').selectAll().where('flavorid', '=', flavorid).executeTakeFirst();
  }

  private async specsOf(id: number): Promise<Record<string, string>> {
    const rows = await this.db.selectFrom('flavor_extra_specs').select(['key', 'value'])
      .where('flavor_id', '=', id).orderBy('key').execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}

/** Nova: MarkerNotFound as the paging helpers render it. */
export const markerNotFound = (marker: string): NovaError => badRequest(`marker [${marker}] not found`);

export const extraSpecNotFound = (flavorid: string, key: string): NovaError =>
  notFound(`Flavor ${flavorid} has no extra specs with key ${key}.`);

type SortValue = string | number | null;

/** Index of the first row that sorts after `marker` (sort key, then row id, both in `dir`). */
function positionAfter(rows: readonly Row[], marker: Row | undefined, key: keyof Row, dir: 'asc' | 'desc'): number {
  if (!marker) return rows.length;
  const sign = dir === 'asc' ? 1 : -1;
  const cmp = (a: SortValue, b: SortValue): number =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
  const at = rows.findIndex((r) => {
    const c = cmp(r[key] as SortValue, marker[key] as SortValue) || cmp(r.id, marker.id);
    return c * sign > 0;
  });
  return at === -1 ? rows.length : at;
}
