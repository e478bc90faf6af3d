import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The SQLite handle of one embedded cluster. */
export type Db = Database.Database;

/**
 * Every document version is a row (MVCC): `superseded` is the seq_no of the operation that replaced or
 * deleted it (NULL while it is the newest), `deleted` marks tombstones. A reader at refresh point P sees
 * `seq <= P AND deleted = 0 AND (superseded IS NULL OR superseded > P)`, which makes refresh and
 * point-in-time exact. `docs_seq` covers the visibility columns so `_seq_no` windows and counts stay in the index.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS indices (
  num INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, uuid TEXT NOT NULL, created INTEGER NOT NULL,
  settings TEXT NOT NULL, mappings TEXT NOT NULL, aliases TEXT NOT NULL, state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shards (
  idx INTEGER NOT NULL, shard INTEGER NOT NULL, max_seq INTEGER NOT NULL,
  index_total INTEGER NOT NULL, delete_total INTEGER NOT NULL, bytes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (idx, shard)
);
CREATE TABLE IF NOT EXISTS docs (
  idx INTEGER NOT NULL, shard INTEGER NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, term INTEGER NOT NULL, routing TEXT, source TEXT,
  deleted INTEGER NOT NULL, superseded INTEGER, ts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_seq ON docs (idx, shard, seq, deleted, superseded);
CREATE INDEX IF NOT EXISTS docs_id ON docs (idx, shard, id, seq);
CREATE INDEX IF NOT EXISTS docs_old ON docs (idx, shard, superseded) WHERE superseded IS NOT NULL;
CREATE INDEX IF NOT EXISTS docs_tomb ON docs (idx, shard, ts) WHERE deleted = 1;
CREATE TABLE IF NOT EXISTS repositories (name TEXT PRIMARY KEY, type TEXT NOT NULL, settings TEXT NOT NULL);
`;

/** Opens (creating if needed) the cluster's database under `<dataDir>`. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'cluster.db'));
  // WAL + NORMAL: a committed transaction is in the WAL before the answer, so a process crash (kill -9)
  // loses nothing; only a power loss could drop the last commits.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma('wal_autocheckpoint = 16384');
  db.exec(SCHEMA);
  return db;
}

/** Reads a value of the `meta` table, creating it with `make()` the first time. */
export function metaValue(db: Db, key: string, make: () => string): string {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  if (row) return row.value;
  const value = make();
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
  return value;
}
