import { purgeFreedPages, type Migration, type Store } from '@ferry/core';
import type { FlatSettings } from '../settings/flatten';
import { secretAad, type SecretSealer } from '../secrets/secret-sealer';
import type { StartPosition } from '../sources/consumer';

/** The plugin's tables: one row per ingestion index, one per shard pointer, one per secret source param. */
export const ingestionMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'ingestion_indices_and_pointers',
    up: `CREATE TABLE ingestion_indices (
           name TEXT PRIMARY KEY, settings TEXT NOT NULL, shards INTEGER NOT NULL,
           created_at INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0);
         CREATE TABLE ingestion_pointers (
           index_name TEXT NOT NULL, shard INTEGER NOT NULL, pointer TEXT NOT NULL, display TEXT NOT NULL,
           inclusive INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (index_name, shard));`,
  },
  {
    version: 2,
    name: 'ingestion_secrets',
    // Secret `param.*` values (passwords, secret keys), sealed; the settings row holds a placeholder.
    up: `CREATE TABLE ingestion_secrets (
           index_name TEXT NOT NULL, param TEXT NOT NULL, sealed TEXT NOT NULL, PRIMARY KEY (index_name, param));`,
  },
];

/** Secret params to store (by param name); `null` removes one. */
export type SecretChange = Record<string, string | null>;

/** A persisted ingestion index. */
export interface IngestionIndexRecord {
  name: string;
  /** Flat `index.ingestion_source.*` settings as given (and later updated). */
  settings: FlatSettings;
  shards: number;
  /** Creation time in ms, which orders `_state` pages as OpenSearch does. */
  createdAt: number;
  /** The index-level paused flag (OpenSearch keeps it in cluster state). */
  paused: boolean;
}

interface IndexRow {
  name: string;
  settings: string;
  shards: number;
  created_at: number;
  paused: number;
}

/** Upserts pointer rows in one statement (`rows` value tuples). */
function upsertPointers(rows: number): string {
  return `INSERT INTO ingestion_pointers (index_name, shard, pointer, display, inclusive, updated_at) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ')}
  ON CONFLICT(index_name, shard) DO UPDATE SET pointer = excluded.pointer, display = excluded.display,
    inclusive = excluded.inclusive, updated_at = excluded.updated_at`;
}

const UPSERT_POINTER = upsertPointers(1);
/** Rows per multi-row statement: 6,000 parameters, under SQLite's 32,766 and PostgreSQL's 65,535. */
const POINTERS_PER_STATEMENT = 1000;

/** Ingestion configuration, secrets and pointers in Ferry's metadata store. */
export class IngestionStore {
  constructor(
    private readonly store: Store,
    private readonly sealer: SecretSealer,
  ) {}

  async listIndices(): Promise<IngestionIndexRecord[]> {
    const rows = await this.store.all<IndexRow>('SELECT name, settings, shards, created_at, paused FROM ingestion_indices ORDER BY created_at, name');
    return rows.map((r) => ({ name: r.name, settings: JSON.parse(r.settings) as FlatSettings, shards: r.shards, createdAt: r.created_at, paused: r.paused === 1 }));
  }

  /** Saves the index row and, in the same transaction, its secret params (sealed). */
  async saveIndex(index: IngestionIndexRecord, secrets: SecretChange = {}): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO ingestion_indices (name, settings, shards, created_at, paused) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET settings = excluded.settings, shards = excluded.shards, paused = excluded.paused`,
        [index.name, JSON.stringify(index.settings), index.shards, index.createdAt, index.paused ? 1 : 0],
      );
      for (const [param, value] of Object.entries(secrets)) {
        if (value === null) await tx.run('DELETE FROM ingestion_secrets WHERE index_name = ? AND param = ?', [index.name, param]);
        else {
          await tx.run(
            'INSERT INTO ingestion_secrets (index_name, param, sealed) VALUES (?, ?, ?) ON CONFLICT(index_name, param) DO UPDATE SET sealed = excluded.sealed',
            [index.name, param, this.sealer.seal(value, secretAad(index.name, param))],
          );
        }
      }
    });
  }

  /** Rewrites the store so that no freed page or WAL frame keeps plaintext moved out of it. */
  async purgeFreedPages(): Promise<void> {
    await purgeFreedPages(this.store);
  }

  /** The index's secret params, opened (for building its consumers only). */
  async secrets(name: string): Promise<Record<string, string>> {
    const rows = await this.store.all<{ param: string; sealed: string }>('SELECT param, sealed FROM ingestion_secrets WHERE index_name = ?', [name]);
    return Object.fromEntries(rows.map((r) => [r.param, this.sealer.open(r.sealed, secretAad(name, r.param))]));
  }

  /** Forgets the index: its row, pointers and secrets. */
  async deleteIndex(name: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run('DELETE FROM ingestion_pointers WHERE index_name = ?', [name]);
      await tx.run('DELETE FROM ingestion_secrets WHERE index_name = ?', [name]);
      await tx.run('DELETE FROM ingestion_indices WHERE name = ?', [name]);
    });
  }

  async pointers(name: string): Promise<Map<number, StartPosition>> {
    const rows = await this.store.all<{ shard: number; pointer: string; display: string; inclusive: number }>(
      'SELECT shard, pointer, display, inclusive FROM ingestion_pointers WHERE index_name = ?',
      [name],
    );
    return new Map(rows.map((r) => [r.shard, { pointer: { value: r.pointer, display: r.display }, inclusive: r.inclusive === 1 }]));
  }

  async savePointer(name: string, shard: number, position: StartPosition): Promise<void> {
    await this.store.run(UPSERT_POINTER, [name, shard, position.pointer.value, position.pointer.display, position.inclusive ? 1 : 0, Date.now()]);
  }

  /**
   * Several pointers in one transaction, committed without waiting for the disk, as one multi-row
   * statement (a statement per pointer is a round trip each on PostgreSQL). A later entry for the same
   * shard wins.
   */
  async savePointers(entries: readonly { index: string; shard: number; position: StartPosition }[]): Promise<void> {
    // One statement may not update a row twice (PostgreSQL refuses it): keep each shard's last entry.
    const latest = [...new Map(entries.map((e) => [`${e.index}\u0000${e.shard}`, e])).values()];
    if (latest.length === 0) return;
    const now = Date.now();
    await this.store.transaction(async (tx) => {
      for (let i = 0; i < latest.length; i += POINTERS_PER_STATEMENT) {
        const rows = latest.slice(i, i + POINTERS_PER_STATEMENT);
        await tx.run(
          upsertPointers(rows.length),
          rows.flatMap((e) => [e.index, e.shard, e.position.pointer.value, e.position.pointer.display, e.position.inclusive ? 1 : 0, now]),
        );
      }
      // Not durable: a process crash loses nothing; a power loss may undo the last pointers, which only
      // lengthens the replay that any crash between a bulk and its pointer already causes (messages with
      // _id and _version are idempotent). It saves an fsync, which blocks the event loop, per bulk.
    }, { durable: false });
  }
}
