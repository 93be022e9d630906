/**
 * Kysely's SQLite dialect on Novum's one better-sqlite3 connection: Kysely's own compiler and
 * introspector, the group-commit driver (group-commit.ts), and the reporters of what its writes
 * may change.
 */
import type SQLite from 'better-sqlite3';
import {
  SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler,
} from 'kysely';
import { GroupCommitDriver } from './group-commit.js';
import { InstanceWriteReporter } from './instance-writes.js';
import { TableWrites } from './table-writes.js';

/** SQLite's DDL is transactional: Kysely's migrator then runs all migrations in one transaction. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Kysely's SQLite dialect on the group-commit driver. */
export class GroupCommitSqliteDialect implements Dialect {
  /** what the driver reports of writes to `instances` */
  readonly instanceWrites = new InstanceWriteReporter();
  /** and of writes to every table */
  readonly tableWrites = new TableWrites();

  /** `walFile`: the WAL the driver syncs itself (the connection runs with synchronous=NORMAL), or null */
  constructor(private readonly db: SQLite.Database, private readonly walFile: string | null = null) {}

  createDriver(): Driver {
    return new GroupCommitDriver(this.db, this.instanceWrites, this.tableWrites, this.walFile);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
