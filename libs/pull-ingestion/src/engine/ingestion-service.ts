import { KeyedLock, type Logger } from '@ferry/core';
import { bulkSink, type BulkClient } from '../poller/bulk-writer';
import { deadLetterWriter, type DeadLetterClient, type DeadLetterWriter } from '../poller/dead-letter';
import { ShardPoller, type PollerTimings } from '../poller/shard-poller';
import type { FlatSettings } from '../settings/flatten';
import { applySettingsUpdate, parseIngestionSource, type IngestionSource } from '../settings/ingestion-settings';
import { createShardConsumer } from '../sources/source-factory';
import type { IngestionIndexRecord, IngestionStore } from '../store/ingestion-store';
import { PointerCheckpointer } from '../store/pointer-checkpointer';

/** The local cluster as the engine uses it. */
export interface LocalCluster extends BulkClient, DeadLetterClient {
  /** Whether `index.blocks.write` is set on the index. */
  writeBlocked(index: string): Promise<boolean>;
}

/** One ingestion index and its pollers. */
export interface IngestionIndex {
  record: IngestionIndexRecord;
  source: IngestionSource;
  pollers: ShardPoller[];
  writeBlock: boolean;
}

/** Options of {@link IngestionService}. */
export interface IngestionServiceOptions {
  store: IngestionStore;
  cluster: () => Promise<LocalCluster>;
  logger: Logger;
  /** Node name in client ids and `_state` (`<node>-<index>-<shard>`). */
  node: string;
  timings?: Partial<PollerTimings>;
  /** Coalesce pointer writes to at most one transaction per this many ms (0: write after every bulk). */
  pointerFlushIntervalMs?: number;
}

/** Owns every ingestion index: their settings, pollers and persisted pointers. */
export class IngestionService {
  private readonly indices = new Map<string, IngestionIndex>();
  private readonly deadLetter: DeadLetterWriter;
  private readonly pointers: PointerCheckpointer;
  private readonly lock = new KeyedLock();

  constructor(private readonly options: IngestionServiceOptions) {
    this.deadLetter = deadLetterWriter(options.cluster);
    this.pointers = new PointerCheckpointer(options.store, options.pointerFlushIntervalMs ?? 0);
  }

  get node(): string {
    return this.options.node;
  }

  /** How many ingestion indices there are (cheap; used on every pass-through request). */
  get count(): number {
    return this.indices.size;
  }

  has(name: string): boolean {
    return this.indices.has(name);
  }

  get(name: string): IngestionIndex | undefined {
    return this.indices.get(name);
  }

  /** Ingestion indices ordered as OpenSearch pages them: by creation time, then name. */
  list(): IngestionIndex[] {
    return [...this.indices.values()].sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.name.localeCompare(b.record.name));
  }

  /** Starts the pollers of every persisted index (at gateway start). */
  async startAll(): Promise<void> {
    for (const record of await this.options.store.listIndices()) {
      try {
        const writeBlock = await this.options.cluster().then((c) => c.writeBlocked(record.name)).catch(() => false);
        await this.launch(record, writeBlock);
      } catch (err) {
        // One broken index must not keep the others (or the gateway) from starting.
        this.options.logger.error({ err, index: record.name }, 'cannot start ingestion for this index');
      }
    }
  }

  /** Registers a new index (already created on the cluster) and starts one poller per shard. */
  async create(name: string, settings: FlatSettings, shards: number): Promise<void> {
    const record: IngestionIndexRecord = { name, settings, shards, createdAt: Date.now(), paused: false };
    parseIngestionSource(settings);
    await this.options.store.saveIndex(record);
    await this.launch(record, false);
  }

  private async launch(record: IngestionIndexRecord, writeBlock: boolean): Promise<void> {
    const source = parseIngestionSource(record.settings);
    const entry: IngestionIndex = { record, source, pollers: [], writeBlock };
    const pointers = await this.options.store.pointers(record.name);
    const sink = bulkSink(this.options.cluster);
    for (let shard = 0; shard < record.shards; shard++) {
      const poller = new ShardPoller({
        index: record.name,
        shard,
        settings: () => entry.source,
        createConsumer: () => createShardConsumer({ source: entry.source, index: record.name, shard, numShards: record.shards, node: this.options.node }),
        sink,
        savePointer: (position, now) => this.pointers.save(record.name, shard, position, { now }),
        deadLetter: this.deadLetter,
        start: pointers.get(shard),
        paused: record.paused,
        logger: this.options.logger,
        timings: this.options.timings,
      });
      poller.writeBlock = writeBlock;
      entry.pollers.push(poller);
    }
    this.indices.set(record.name, entry);
    for (const p of entry.pollers) p.start();
  }

  /** Stops the pollers and forgets the index (after the cluster deleted it). */
  async remove(name: string): Promise<void> {
    const entry = this.indices.get(name);
    if (!entry) return;
    this.indices.delete(name);
    await Promise.all(entry.pollers.map((p) => p.close()));
    this.pointers.drop(name);
    await this.pointers.flush();
    await this.options.store.deleteIndex(name);
  }

  /** Applies a `PUT _settings` change of dynamic ingestion settings live. */
  async updateSettings(name: string, change: Record<string, string | null>): Promise<void> {
    const entry = this.indices.get(name);
    if (!entry) return;
    const settings = applySettingsUpdate(entry.record.settings, change, name);
    const paramsChanged = Object.keys(change).some((k) => k.startsWith('index.ingestion_source.param.'));
    entry.record = { ...entry.record, settings };
    entry.source = parseIngestionSource(settings);
    await this.options.store.saveIndex(entry.record);
    if (paramsChanged) for (const p of entry.pollers) p.requestReinitialization();
  }

  /** A write block pauses the index's pollers (`PAUSED`, `write_block_enabled: true`), as in OpenSearch. */
  setWriteBlock(name: string, on: boolean): void {
    const entry = this.indices.get(name);
    if (!entry) return;
    entry.writeBlock = on;
    for (const p of entry.pollers) p.writeBlock = on;
  }

  /**
   * Runs a control operation (pause, resume, reset) holding every named index's lock, taken in name
   * order so two multi-index calls cannot deadlock: calls on one index run one after another.
   */
  async control<T>(names: readonly string[], fn: () => Promise<T>): Promise<T> {
    const [first, ...rest] = [...new Set(names)].sort();
    if (first === undefined) return fn();
    return this.lock.run(first, () => this.control(rest, fn));
  }

  /** Persists the index-level paused flag (OpenSearch's `ingestion_status.is_paused`). */
  async setPaused(entry: IngestionIndex, paused: boolean): Promise<void> {
    entry.record = { ...entry.record, paused };
    await this.options.store.saveIndex(entry.record);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.indices.values()].flatMap((e) => e.pollers.map((p) => p.close())));
    await this.pointers.flush();
    this.indices.clear();
  }
}
