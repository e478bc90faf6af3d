/** The statements a store runs; `?` placeholders, positional parameters. */
export interface StoreExecutor {
  /** All rows of a query. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** A statement without rows; returns how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

/** One step of a plugin's schema; versions start at 1 and only grow. */
export interface Migration {
  version: number;
  /** Short name, recorded with the version. */
  name: string;
  /**
   * SQL (several statements allowed) or a function running inside the migration's transaction. SQL is
   * written for SQLite; PostgreSQL runs it with its types rewritten ({@link toPostgresDdl}: `INTEGER` →
   * `BIGINT`, `BLOB` → `BYTEA`, ...) unless `postgres` is given.
   */
  up: string | ((tx: StoreExecutor, dialect: StoreDialect) => Promise<void>);
  /** The PostgreSQL form of a string `up`, for the rare migration whose SQL differs in more than types. */
  postgres?: string;
}

/** The SQL dialect of a store. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Options of {@link Store.transaction}. */
export interface TransactionOptions {
  /**
   * `false`: the commit does not wait for the disk (SQLite `synchronous = NORMAL` in WAL mode, PostgreSQL
   * `synchronous_commit = off`). It survives a crash of the process, not of the machine: a power loss may
   * undo the last such commits. For data that is cheap to lose in that case, such as a read position whose
   * replay is idempotent. Default `true` (as the store is configured).
   */
  durable?: boolean;
}

/**
 * Ferry's metadata store. Narrow on purpose: SQL with `?` parameters, transactions and per-owner
 * migrations, so that a PostgreSQL implementation can stand beside the SQLite one.
 */
export interface Store extends StoreExecutor {
  readonly dialect: StoreDialect;
  /**
   * Runs `fn` in a transaction; commits when it resolves, rolls back when it throws. Statements issued
   * through the store itself while `fn` runs (in its async context) join the transaction; a nested
   * `transaction` is a savepoint inside it.
   */
  transaction<T>(fn: (tx: StoreExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Applies the owner's migrations that are not yet recorded, each in its own transaction. */
  migrate(owner: string, migrations: readonly Migration[]): Promise<{ applied: number[] }>;
  close(): Promise<void>;
}

/** Thrown when a migration fails; names the owner, version and cause. */
export class MigrationError extends Error {
  constructor(
    readonly owner: string,
    readonly version: number,
    migrationName: string,
    cause: unknown,
  ) {
    super(`migration ${version} (${migrationName}) of '${owner}' failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

/**
 * True when `err` is a unique or primary key violation, on either engine (SQLite
 * `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`, PostgreSQL SQLSTATE 23505).
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Checks that versions are positive integers, unique and ascending. */
export function checkMigrations(owner: string, migrations: readonly Migration[]): void {
  let last = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= last) {
      throw new Error(`migrations of '${owner}' must have ascending integer versions from 1; got ${m.version} after ${last}`);
    }
    last = m.version;
  }
}
