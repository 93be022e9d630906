import type { Kysely } from 'kysely';

/** Server tags (microversion 2.26): a JSON array of strings on each server, `[]` for none. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('instances').addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}
