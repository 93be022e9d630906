/**
 * Migration records (Nova: objects/migration.py): one row per resize, cold or live migration and
 * evacuation, written in the transaction that starts the move, its status advanced as it runs.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, Instance, Migration } from '../store/schema.js';
import { badRequest } from '../errors.js';
import { uuid } from '../util/ids.js';
import { nowIso } from '../util/time.js';
import type { Actor } from './action-log.js';
import { parseFlavor } from './embedded-flavor.js';

type Db = Kysely<Database> | Transaction<Database>;

export type MigrationType = 'migration' | 'resize' | 'live-migration' | 'evacuation';

export async function startMigration(trx: Db, actor: Actor, inst: Instance, o: {
  type: MigrationType; dest: string; newFlavorJson?: string; status: string;
}): Promise<number> {
  const oldId = parseFlavor(inst.flavor).internal_id ?? 0;
  const newId = o.newFlavorJson ? (parseFlavor(o.newFlavorJson).internal_id ?? 0) : oldId;
  const row = await trx.insertInto('migrations').values({
    uuid: uuid(), instance_uuid: inst.uuid, project_id: inst.project_id, user_id: actor.userId, migration_type: o.type,
    status: o.status, source_compute: inst.host, source_node: inst.node, dest_compute: o.dest, dest_node: o.dest,
    dest_host: null, old_instance_type_id: oldId, new_instance_type_id: newId, created_at: nowIso(), updated_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function setMigrationStatus(db: Db, id: number | undefined, status: string): Promise<void> {
  if (id === undefined) return;
  await db.updateTable('migrations').set({ status, updated_at: nowIso() }).where('id', '=', id).execute();
}

export interface MigrationFilters {
  readonly host?: string;
  /** Nova: only when `host` is not given */
  readonly sourceCompute?: string;
  readonly status?: string;
  readonly instanceUuid?: string;
  readonly migrationType?: string;
  /** 2.80 */
  readonly userId?: string;
  readonly projectId?: string;
  /** 2.59/2.66: stored-format bounds on updated_at, both inclusive */
  readonly changesSince?: string;
  readonly changesBefore?: string;
  /** 2.59 paging: at most `limit`, after the migration with uuid `marker` */
  readonly limit?: number;
  readonly marker?: string;
}

/** Newest first (created_at, id descending), as Nova sorts a paged list. */
export async function listMigrations(db: Kysely<Database>, f: MigrationFilters): Promise<Migration[]> {
  if (f.limit === 0) return [];
  let q = db.selectFrom('migrations').selectAll();
  if (f.host) q = q.where((eb) => eb.or([eb('source_compute', '=', f.host!), eb('dest_compute', '=', f.host!)]));
  else if (f.sourceCompute) q = q.where('source_compute', '=', f.sourceCompute);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.instanceUuid) q = q.where('instance_uuid', '=', f.instanceUuid);
  if (f.migrationType) q = q.where('migration_type', '=', f.migrationType);
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
  if (f.changesSince !== undefined) q = q.where('updated_at', '>=', f.changesSince);
  if (f.changesBefore !== undefined) q = q.where('updated_at', '<=', f.changesBefore);
  if (f.marker !== undefined) {
    const m = await db.selectFrom('migrations').select(['id', 'created_at']).where('uuid', '=', f.marker).executeTakeFirst();
    if (!m) throw badRequest(`Marker ${f.marker} could not be found.`);
    q = q.where((eb) => eb.or([eb('created_at', '<', m.created_at), eb.and([eb('created_at', '=', m.created_at), eb('id', '<', m.id)])]));
  }
  q = q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  return f.limit === undefined ? q.execute() : q.limit(f.limit).execute();
}
