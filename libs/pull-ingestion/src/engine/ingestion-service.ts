import { KeyedLock, type Logger } from '@ferry/core';
import type { FileRoots } from '../files/file-roots';
import { bulkSink, type BulkClient } from '../poller/bulk-writer';
import { deadLetterWriter, type DeadLetterClient, type DeadLetterWriter } from '../poller/dead-letter';
import { ShardPoller, type PollerTimings } from '../poller/shard-poller';
import type { FlatSettings } from '../settings/flatten';
import { applySettingsUpdate, parseIngestionSource, type IngestionSource } from '../settings/ingestion-settings';
import { separateSecretChange, separateSecrets } from '../secrets/secret-params';
import type { ShardConsumer } from '../sources/consumer';
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
  /** Where file sources and dead-letter files may be. */
  files: FileRoots;
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
    this.deadLetter = deadLetterWriter(options.cluster, options.files);
    this.pointers = new PointerCheckpointer(options.store, options.pointerFlushIntervalMs ?? 0);
  }

  get node(): string {
    return this.options.node;
  }

  /** Where file sources and dead-letter files may be (`ingestion.file.roots`). */
  get files(): FileRoots {
    return this.options.files;
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
    const stored = await this.options.store.listIndices();
    const records: IngestionIndexRecord[] = [];
    for (const row of stored) records.push(await this.sealPlaintext(row));
    // Secrets moved out of settings rows of an older version must not linger in freed pages or the WAL.
    if (records.some((r, i) => r !== stored[i])) await this.options.store.purgeFreedPages();
    for (const record of records) {
      try {
        const writeBlock = await this.options.cluster().then((c) => c.writeBlocked(record.name)).catch(() => false);
        await this.launch(record, writeBlock);
      } catch (err) {
        // One broken index must not keep the others (or the gateway) from starting.
        this.options.logger.error({ err, index: record.name }, 'cannot start ingestion for this index');
      }
    }
  }

  /**
   * Registers a new index (already created on the cluster) and starts one poller per shard. Secret
   * params are stored apart (sealed); the settings kept and shown hold a placeholder instead.
   */
  async create(name: string, settings: FlatSettings, shards: number): Promise<void> {
    parseIngestionSource(settings);
    const { visible, secrets } = separateSecrets(settings);
    const record: IngestionIndexRecord = { name, settings: visible, shards, createdAt: Date.now(), paused: false };
    await this.options.store.saveIndex(record, secrets);
    await this.launch(record, false);
  }

  /** Moves secrets that a previous version kept in the settings row into the secrets table. */
  private async sealPlaintext(record: IngestionIndexRecord): Promise<IngestionIndexRecord> {
    const { visible, secrets } = separateSecrets(record.settings);
    if (Object.keys(secrets).length === 0) return record;
    const sealed = { ...record, settings: visible };
    await this.options.store.saveIndex(sealed, secrets);
    return sealed;
  }

  /** A shard's consumer, built with the index's secret params opened from the store. */
  private async consumerFor(entry: IngestionIndex, shard: number): Promise<ShardConsumer> {
    const secrets = await this.options.store.secrets(entry.record.name);
    const source = { ...entry.source, params: { ...entry.source.params, ...secrets } };
    return createShardConsumer({ source, index: entry.record.name, shard, numShards: entry.record.shards, node: this.options.node, files: this.options.files });
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
        createConsumer: () => this.consumerFor(entry, shard),
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

  /** Applies a `PUT _settings` change of dynamic ingestion settings live (the placeholder keeps a secret). */
  async updateSettings(name: string, change: Record<string, string | null>): Promise<void> {
    const entry = this.indices.get(name);
    if (!entry) return;
    const { visible, secrets } = separateSecretChange(change);
    const settings = applySettingsUpdate(entry.record.settings, visible, name);
    const paramsChanged = Object.keys(visible).some((k) => k.startsWith('index.ingestion_source.param.'));
    entry.record = { ...entry.record, settings };
    entry.source = parseIngestionSource(settings);
    await this.options.store.saveIndex(entry.record, secrets);
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
