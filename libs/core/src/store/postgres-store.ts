import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { toNumberedPlaceholders, toPostgresDdl } from './sql-text';
import { checkMigrations, MigrationError, type Migration, type Store, type StoreExecutor, type TransactionOptions } from './store';
import { redactUrl } from './store-url';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (any libpq URL parameter pg understands). */
  url: string;
  /** Connections in the pool (default 10). */
  pool?: number;
  /** How long to wait for a connection, in ms (default 10 s). */
  connectTimeoutMs?: number;
  /** Told about errors of idle connections (the server restarted, the network dropped). */
  onIdleError?: (err: Error) => void;
}

type Params = readonly unknown[];

const INT8_OID = 20;
const NUMERIC_OID = 1700;
// Every gateway migrating the same database takes this lock first, so that two never apply one migration.
const MIGRATION_LOCK = "hashtextextended('ferry_migrations', 0)";

// SQLite binds booleans as 0/1 (the columns are INTEGER); PostgreSQL would refuse 'true' for a BIGINT.
function bind(params: Params | undefined): unknown[] | undefined {
  return params?.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/** int8 (COUNT, BIGINT columns) and numeric (SUM of BIGINT) as JS numbers, as SQLite returns them. */
function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) && Number.isInteger(n)) throw new Error(`integer ${value} from PostgreSQL is beyond 2^53`);
  return n;
}

interface OpenTx {
  client: PoolClient;
  /** False once committed or rolled back: later statements of the context go to the pool again. */
  open: boolean;
  savepoints: number;
}

const translated = new Map<string, string>();

function text(sql: string): string {
  let t = translated.get(sql);
  if (t === undefined) {
    t = toNumberedPlaceholders(sql);
    if (translated.size > 1000) translated.clear();
    translated.set(sql, t);
  }
  return t;
}

/** A client's `query` as the store's executor (placeholders translated, booleans as 0/1). */
function executorOf(query: (sql: string, params?: unknown[]) => Promise<QueryResult>): StoreExecutor {
  return {
    all: async <T>(sql: string, params?: Params) => (await query(text(sql), bind(params))).rows as T[],
    get: async <T>(sql: string, params?: Params) => (await query(text(sql), bind(params))).rows[0] as T | undefined,
    run: async (sql: string, params?: Params) => {
      const r = await query(text(sql), bind(params));
      return { changes: r.command === 'SELECT' ? 0 : (r.rowCount ?? 0) };
    },
  };
}

/**
 * PostgreSQL store on a `pg` pool. Each transaction holds one pooled client; statements outside a
 * transaction take any free client, so they never wait for one (unlike SQLite's single connection).
 */
class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly current = new AsyncLocalStorage<OpenTx>();
  private readonly direct: StoreExecutor;

  constructor(private readonly pool: Pool) {
    this.direct = executorOf((sql, params) => pool.query(sql, params));
  }

  /** The open transaction of this async context, if any. */
  private executor(): StoreExecutor {
    const tx = this.current.getStore();
    return tx?.open ? executorOf((sql, params) => tx.client.query(sql, params)) : this.direct;
  }

  all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.executor().all<T>(sql, params);
  }
  get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return this.executor().get<T>(sql, params);
  }
  run(sql: string, params?: Params): Promise<{ changes: number }> {
    return this.executor().run(sql, params);
  }

  async transaction<T>(fn: (tx: StoreExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const outer = this.current.getStore();
    if (outer?.open) return this.savepoint(outer, fn);
    const client = await this.pool.connect();
    const tx: OpenTx = { client, open: true, savepoints: 0 };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Only this transaction's commit skips the WAL flush; a crash of PostgreSQL may lose it, not corrupt.
      if (options.durable === false) await client.query('SET LOCAL synchronous_commit = off');
      const result = await this.current.run(tx, () => fn(executorOf((sql, params) => client.query(sql, params))));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      tx.open = false;
      // A client whose ROLLBACK failed is in an unknown state: the pool drops it instead of reusing it.
      client.release(broken);
    }
  }

  private async savepoint<T>(tx: OpenTx, fn: (tx: StoreExecutor) => Promise<T>): Promise<T> {
    const name = `ferry_sp_${++tx.savepoints}`;
    await tx.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn(executorOf((sql, params) => tx.client.query(sql, params)));
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await tx.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    }
  }

  async migrate(owner: string, migrations: readonly Migration[]): Promise<{ applied: number[] }> {
    checkMigrations(owner, migrations);
    const done = new Set(
      (await this.all<{ version: number }>('SELECT version FROM ferry_migrations WHERE owner = ?', [owner])).map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      try {
        if (await this.transaction((tx) => this.apply(tx, owner, m))) applied.push(m.version);
      } catch (err) {
        throw new MigrationError(owner, m.version, m.name, err);
      }
    }
    return { applied };
  }

  /** One migration under the migration lock; false when another gateway applied it meanwhile. */
  private async apply(tx: StoreExecutor, owner: string, m: Migration): Promise<boolean> {
    await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    if (await tx.get('SELECT 1 AS x FROM ferry_migrations WHERE owner = ? AND version = ?', [owner, m.version])) return false;
    // Without parameters pg uses the simple protocol, which runs several statements in one call.
    if (typeof m.up === 'string') await tx.run(m.postgres ?? toPostgresDdl(m.up));
    else await m.up(tx, 'postgres');
    await tx.run('INSERT INTO ferry_migrations (owner, version, name, applied_at) VALUES (?, ?, ?, ?)', [
      owner,
      m.version,
      m.name,
      new Date().toISOString(),
    ]);
    return true;
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/**
 * Opens the PostgreSQL metadata store: a pool of `pool` connections with int8/numeric parsed as numbers,
 * checked by a first connection, and the migrations table created (under the migration lock). Errors
 * name the server by its URL without the password.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  // Loaded on first use so that SQLite-only hosts need not load the driver.
  const pg = require('pg') as typeof import('pg');
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID || oid === NUMERIC_OID ? parseNumber : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.pool ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: types as never,
  });
  pool.on('error', (err) => options.onIdleError?.(err));
  const store = new PostgresStore(pool);
  try {
    await store.transaction(async (tx) => {
      await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.run(`CREATE TABLE IF NOT EXISTS ferry_migrations (
        owner TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
        PRIMARY KEY (owner, version))`);
    });
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot open the PostgreSQL store at ${redactUrl(options.url)}: ${(err as Error).message}`, { cause: err });
  }
  return store;
}
