import type Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkMigrations, MigrationError, type Migration, type Store, type StoreExecutor, type TransactionOptions } from './store';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  /** `full` (default): fsync every commit; `normal`: survives process crashes, not power loss. */
  synchronous?: 'full' | 'normal';
  /**
   * Take the file for this connection alone (SQLite `locking_mode = EXCLUSIVE`) and fail at once if another
   * process has it open; for offline maintenance such as `ferry secrets rotate`.
   */
  exclusive?: boolean;
}

type Params = readonly unknown[];

function bind(params: Params | undefined): unknown[] {
  return (params ?? []).map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/**
 * SQLite store on better-sqlite3 in WAL mode. Statements are synchronous underneath; transactions
 * are serialized so that no statement from elsewhere slips into an open transaction.
 */
class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private lock: Promise<void> = Promise.resolve();
  private inTransaction = false;
  /** Set in the async context of an open transaction: the store's own calls there join it. */
  private readonly current = new AsyncLocalStorage<{ open: boolean; savepoints: number }>();
  private readonly cache = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly synchronous: 'FULL' | 'NORMAL',
  ) {}

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }

  private readonly direct: StoreExecutor = {
    all: async <T>(sql: string, params?: Params) => this.stmt(sql).all(...bind(params)) as T[],
    get: async <T>(sql: string, params?: Params) => this.stmt(sql).get(...bind(params)) as T | undefined,
    run: async (sql: string, params?: Params) => {
      const s = this.stmt(sql);
      if (!s.reader) return { changes: s.run(...bind(params)).changes };
      s.all(...bind(params));
      return { changes: 0 };
    },
  };

  private async outside<T>(fn: () => Promise<T>): Promise<T> {
    if (this.current.getStore()?.open) return fn();
    while (this.inTransaction) await this.lock;
    return fn();
  }

  all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.outside(() => this.direct.all<T>(sql, params));
  }
  get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return this.outside(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: Params): Promise<{ changes: number }> {
    return this.outside(() => this.direct.run(sql, params));
  }

  async transaction<T>(fn: (tx: StoreExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const outer = this.current.getStore();
    if (outer?.open) return this.savepoint(outer, fn);
    const previous = this.lock;
    let release!: () => void;
    this.lock = new Promise<void>((r) => (release = r));
    await previous;
    this.inTransaction = true;
    // In WAL mode NORMAL skips the fsync of this commit only; the next FULL commit syncs the WAL up to it.
    const relaxed = options.durable === false && this.synchronous === 'FULL';
    if (relaxed) this.db.pragma('synchronous = NORMAL');
    const tx = { open: true, savepoints: 0 };
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const result = await this.current.run(tx, () => fn(this.direct));
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      tx.open = false;
      if (relaxed) this.db.pragma('synchronous = FULL');
      this.inTransaction = false;
      release();
    }
  }

  private async savepoint<T>(tx: { savepoints: number }, fn: (tx: StoreExecutor) => Promise<T>): Promise<T> {
    const name = `ferry_sp_${++tx.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this.direct);
      this.db.exec(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      this.db.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      this.db.exec(`RELEASE SAVEPOINT ${name}`);
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
        await this.transaction(async (tx) => {
          if (typeof m.up === 'string') this.db.exec(m.up);
          else await m.up(tx, 'sqlite');
          await tx.run('INSERT INTO ferry_migrations (owner, version, name, applied_at) VALUES (?, ?, ?, ?)', [
            owner,
            m.version,
            m.name,
            new Date().toISOString(),
          ]);
        });
      } catch (err) {
        throw new MigrationError(owner, m.version, m.name, err);
      }
      applied.push(m.version);
    }
    return { applied };
  }

  async close(): Promise<void> {
    while (this.inTransaction) await this.lock;
    if (this.db.open) this.db.close();
  }
}

function lockExclusively(db: Database.Database, path: string): void {
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    // The first write takes the exclusive lock, held until close.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${path} is in use by another process (is the gateway running?)`);
    throw err;
  }
}

/** Opens (creating if needed) the SQLite metadata store in WAL mode (fsync on every commit unless `synchronous: 'normal'`). */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  // Loaded on first use so that hosts bringing their own Store need not install the native module.
  const BetterSqlite3 = require('better-sqlite3') as typeof Database;
  const db = new BetterSqlite3(options.path);
  if (options.exclusive) lockExclusively(db, options.path);
  db.pragma('journal_mode = WAL');
  const synchronous = options.synchronous === 'normal' ? 'NORMAL' : 'FULL';
  db.pragma(`synchronous = ${synchronous}`);
  if (!options.exclusive) db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS ferry_migrations (
    owner TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (owner, version))`);
  return new SqliteStore(db, synchronous);
}
