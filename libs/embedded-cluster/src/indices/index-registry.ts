import { randomBytes } from 'node:crypto';
import { VERSION_ID } from '../cluster/version';
import type { Db } from '../storage/database';
import type { DocStore } from '../storage/doc-store';
import { indexExists, indexNotFound } from '../http/errors';
import { validateIndexName } from './index-names';
import {
  type AliasSpec,
  type IndexMeta,
  type Mappings,
  flattenSettings,
  newShardState,
  shardCount,
} from './index-meta';
import { checkMappingLimits } from '../mapping/mapping-limits';
import { validateIndexSettings } from './index-settings';
import { checkShardLimit, DEFAULT_MAX_SHARDS_PER_NODE, shardCopies } from './shard-limit';

interface IndexRow {
  num: number;
  name: string;
  uuid: string;
  created: number;
  settings: string;
  mappings: string;
  aliases: string;
  state: string;
}

interface ShardRow {
  idx: number;
  shard: number;
  max_seq: number;
  index_total: number;
  delete_total: number;
  bytes: number;
}

/** Options of {@link IndexRegistry.create}. */
export interface CreateIndexOptions {
  name: string;
  settings?: unknown;
  mappings?: Mappings;
  aliases?: Record<string, AliasSpec>;
}

/** Index metadata: loaded once at start, kept in memory, written through to SQLite on every change. */
export class IndexRegistry {
  private readonly byName = new Map<string, IndexMeta>();

  /** `maxShards` gives the current open shard copy limit (`cluster.max_shards_per_node` on one node). */
  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
    private readonly maxShards: () => number = () => DEFAULT_MAX_SHARDS_PER_NODE,
  ) {
    this.load();
  }

  private load(): void {
    const rows = this.db.prepare('SELECT * FROM indices ORDER BY num').all() as IndexRow[];
    const shardRows = this.db.prepare('SELECT * FROM shards').all() as ShardRow[];
    for (const row of rows) {
      const stored = shardRows.filter((s) => s.idx === row.num).reduce((n, s) => Math.max(n, s.shard + 1), 1);
      const meta = loadIndexMeta(row, stored);
      this.byName.set(meta.name, meta);
    }
    const byNum = new Map([...this.byName.values()].map((m) => [m.num, m]));
    for (const s of shardRows) {
      const state = byNum.get(s.idx)?.shards[s.shard];
      if (!state) continue;
      state.maxSeq = s.max_seq;
      // After a restart everything recovered is searchable, as after OpenSearch's recovery refresh.
      state.refreshed = s.max_seq;
      state.indexTotal = s.index_total;
      state.deleteTotal = s.delete_total;
      state.bytes = s.bytes;
    }
  }

  get(name: string): IndexMeta | undefined {
    return this.byName.get(name);
  }

  /** The index or a 404 `index_not_found_exception`. */
  require(name: string): IndexMeta {
    const meta = this.byName.get(name);
    if (!meta) throw indexNotFound(name);
    return meta;
  }

  all(): IndexMeta[] {
    return [...this.byName.values()];
  }

  create(options: CreateIndexOptions): IndexMeta {
    validateIndexName(options.name);
    const existing = this.byName.get(options.name);
    if (existing) throw indexExists(options.name, existing.uuid);
    const created = Date.now();
    const settings: Record<string, unknown> = {
      'index.number_of_shards': '1',
      'index.number_of_replicas': '1',
      ...flattenSettings(options.settings),
    };
    const meta: IndexMeta = {
      num: 0,
      name: options.name,
      uuid: randomBytes(16).toString('base64url').slice(0, 22),
      created,
      settings,
      mappings: options.mappings ?? {},
      aliases: options.aliases ?? {},
      state: 'open',
      shards: [],
    };
    validateIndexSettings(settings);
    checkMappingLimits({ index: options.name, mappings: meta.mappings, settings });
    checkShardLimit({ indices: this.all(), adding: shardCopies(settings), max: this.maxShards() });
    settings['index.creation_date'] = String(created);
    settings['index.uuid'] = meta.uuid;
    settings['index.provided_name'] = options.name;
    settings['index.version.created'] = VERSION_ID;
    meta.shards = Array.from({ length: shardCount(meta) }, () => newShardState());
    const info = this.db
      .prepare('INSERT INTO indices (name, uuid, created, settings, mappings, aliases, state) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(meta.name, meta.uuid, created, JSON.stringify(settings), JSON.stringify(meta.mappings), JSON.stringify(meta.aliases), 'open');
    meta.num = Number(info.lastInsertRowid);
    this.byName.set(meta.name, meta);
    return meta;
  }

  /** Refuses settings changes that would take the open shard copies past the limit (replica increases). */
  checkShardLimit(changes: { before: IndexMeta; settings: Record<string, unknown> }[]): void {
    const adding = changes
      .filter((c) => c.before.state === 'open')
      .reduce((n, c) => n + Math.max(0, shardCopies(c.settings) - shardCopies(c.before.settings)), 0);
    checkShardLimit({ indices: this.all(), adding, max: this.maxShards() });
  }

  delete(name: string): void {
    const meta = this.require(name);
    this.db.transaction(() => {
      this.store.dropIndex(meta.num);
      this.db.prepare('DELETE FROM indices WHERE num = ?').run(meta.num);
    })();
    this.byName.delete(name);
  }

  /** Writes the metadata (settings, mappings, aliases, state) of an index back. */
  save(meta: IndexMeta): void {
    this.db
      .prepare('UPDATE indices SET settings = ?, mappings = ?, aliases = ?, state = ? WHERE num = ?')
      .run(JSON.stringify(meta.settings), JSON.stringify(meta.mappings), JSON.stringify(meta.aliases), meta.state, meta.num);
  }

  /** Persists the counters of every shard of an index (called inside write transactions). */
  saveShards(meta: IndexMeta): void {
    meta.shards.forEach((s, shard) =>
      this.store.saveShard({ idx: meta.num, shard, maxSeq: s.maxSeq, indexTotal: s.indexTotal, deleteTotal: s.deleteTotal, bytes: s.bytes }),
    );
  }
}

/**
 * An index as stored. Settings or mappings written by an older version may not validate: the index is
 * still served (with the shard count its stored shards show) but marked failed, so a restart never throws on it.
 */
function loadIndexMeta(row: IndexRow, storedShards: number): IndexMeta {
  const meta: IndexMeta = {
    num: row.num,
    name: row.name,
    uuid: row.uuid,
    created: row.created,
    settings: JSON.parse(row.settings),
    mappings: JSON.parse(row.mappings),
    aliases: JSON.parse(row.aliases),
    state: row.state === 'close' ? 'close' : 'open',
    shards: [],
  };
  let shards = storedShards;
  try {
    validateIndexSettings(meta.settings);
    shards = shardCount(meta);
  } catch (err) {
    meta.failure = `stored settings are invalid: ${(err as Error).message}`;
  }
  meta.shards = Array.from({ length: shards }, () => newShardState());
  if (!meta.failure) {
    try {
      checkMappingLimits({ index: meta.name, mappings: meta.mappings, settings: meta.settings });
    } catch (err) {
      // Served as stored; the mark says why it would be refused today (older versions stored any depth).
      meta.failure = `stored mapping is invalid: ${(err as Error).message}`;
    }
  }
  return meta;
}
