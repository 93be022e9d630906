import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/** Glance fields the foundation's images table lacked: tags, the sha512 of the data, os_hidden. */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  const s = db.schema;
  await s.alterTable('images').addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await s.alterTable('images').addColumn('os_hash_value', 'text').execute();
  await s.alterTable('images').addColumn('os_hidden', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
