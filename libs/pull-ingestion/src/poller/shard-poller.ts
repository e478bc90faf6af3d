import type { Logger } from '@ferry/core';
import type { IngestionSource } from '../settings/ingestion-settings';
import type { ShardConsumer, ShardPointer, SourceRecord, StartPosition } from '../sources/consumer';
import type { BulkSink } from './bulk-writer';
import type { DeadLetterWriter } from './dead-letter';
import { prepareRecords, processBatch, type PreparedRecord } from './batch-processor';
import { PollingIngestStats } from './stats';

/** OpenSearch's `StreamPoller.State`. */
export type PollerState = 'NONE' | 'POLLING' | 'PROCESSING' | 'PAUSED' | 'CLOSED';

/** How long the poller waits in its loops; OpenSearch's values by default, shorter in tests. */
export interface PollerTimings {
  /** Between write retries of a failed message (OpenSearch: 2000). */
  retryWaitMs: number;
  /** Between attempts to create the consumer (OpenSearch: 10000). */
  initRetryMs: number;
  /** Sleep while paused or when a poll returned nothing (OpenSearch: 100). */
  idleMs: number;
}

/** Options of {@link ShardPoller}. */
export interface ShardPollerOptions {
  index: string;
  shard: number;
  /** The index's current ingestion settings (dynamic ones change while running). */
  settings: () => IngestionSource;
  /** Builds the consumer (async: its secrets are read from the store). */
  createConsumer: () => Promise<ShardConsumer>;
  sink: BulkSink;
  /** Persists the restart position; called after each successful bulk (`now`: never coalesce, e.g. a reset). */
  savePointer: (position: StartPosition, now?: boolean) => Promise<void>;
  deadLetter: DeadLetterWriter;
  /** Restart position persisted earlier; without it the `pointer.init.reset` setting decides. */
  start?: StartPosition;
  paused: boolean;
  logger: Logger;
  timings?: Partial<PollerTimings>;
}

const DEFAULT_TIMINGS: PollerTimings = { retryWaitMs: 2000, initRetryMs: 10_000, idleMs: 100 };

/**
 * One shard's poll loop, after OpenSearch's `DefaultStreamPoller`: read a batch, map it, write it with
 * `_bulk`, persist the pointer; DROP or BLOCK on bad messages; pause on fatal consumer errors.
 */
export class ShardPoller {
  state: PollerState = 'NONE';
  stats = new PollingIngestStats();
  paused: boolean;
  writeBlock = false;
  /** Why the poller paused (Ferry only; OpenSearch's `_state` has no error text). */
  pausedReason?: string;
  /** The last error met while blocked on a message or creating the consumer. */
  lastError?: string;
  private position?: StartPosition;
  private consumer?: ShardConsumer;
  private reinit = true;
  private rebuild = false;
  private closed = false;
  private generation = 0;
  private loop?: Promise<void>;
  private lastLagUpdate = 0;
  /** Position of the last completed batch that is not persisted yet. */
  private unsaved?: StartPosition;
  private readonly timings: PollerTimings;

  constructor(private readonly options: ShardPollerOptions) {
    this.paused = options.paused;
    if (options.paused) this.pausedReason = 'paused by request';
    this.position = options.start;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
  }

  /** OpenSearch's `batch_start_pointer`: where a restart would read from. */
  get batchStartPointer(): ShardPointer | undefined {
    return this.position?.pointer;
  }

  start(): void {
    this.loop ??= this.run().catch((err) => this.options.logger.error({ err, shard: this.options.shard }, 'poller loop failed'));
  }

  pause(reason = 'paused by request'): void {
    this.assertOpen();
    this.paused = true;
    this.pausedReason = reason;
  }

  resume(): void {
    this.assertOpen();
    this.paused = false;
    this.pausedReason = undefined;
  }

  /** Moves the restart position (only while paused); counters restart as OpenSearch rebuilds its poller. */
  async reset(mode: 'offset' | 'timestamp', value: string): Promise<void> {
    this.assertOpen();
    if (!this.paused) throw new Error('Cannot reset consumer when poller is not paused');
    if (!this.consumer) throw new Error('Consumer is not yet initialized');
    let pointer: ShardPointer;
    if (mode === 'offset') pointer = await this.consumer.pointerFromOffset(value, this.position);
    else {
      if (!/^\d+$/.test(value)) throw new Error(`Invalid timestamp [${value}]: expected epoch milliseconds`);
      pointer = await this.consumer.pointerFromTimestamp(Number(value));
    }
    this.generation++;
    this.unsaved = undefined;
    this.position = { pointer, inclusive: true };
    this.reinit = true;
    this.stats = new PollingIngestStats();
    this.lastError = undefined;
    await this.options.savePointer(this.position, true);
  }

  /** Rebuilds the consumer from the batch-start pointer, e.g. after a `param.*` change. */
  requestReinitialization(): void {
    this.rebuild = true;
    this.reinit = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.loop;
    await this.consumer?.close().catch(() => undefined);
    this.consumer = undefined;
    this.state = 'CLOSED';
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('consumer is closed!');
  }

  private sleep(ms: number, wake: () => boolean = () => false): Promise<void> {
    return new Promise((resolve) => {
      const started = Date.now();
      const tick = () => (this.closed || wake() || Date.now() - started >= ms ? resolve() : setTimeout(tick, Math.min(50, ms)));
      setTimeout(tick, Math.min(50, ms));
    });
  }

  /**
   * The loop reads batch k+1 while batch k is being written (OpenSearch has a poller thread and a
   * processor thread for the same reason). Writes stay in order: a batch starts only after the previous
   * one settled, and a prefetched batch is thrown away (and the consumer re-seeked) when the previous
   * one changed the position (pause, BLOCK, reset). A batch's pointer is persisted right after the next
   * batch's bulk is sent, or when the loop goes idle.
   */
  private async run(): Promise<void> {
    let writing: Promise<void> | undefined;
    const settle = async (save = true) => {
      await writing;
      writing = undefined;
      if (save) await this.saveUnsaved();
    };
    while (!this.closed) {
      // While paused with a consumer in hand, rebuilding waits for the resume: after a fatal error the
      // source may be gone, and the poller must show PAUSED rather than retry in the background.
      if (this.reinit && !((this.paused || this.writeBlock) && this.consumer)) {
        await settle();
        if (!(await this.initialize())) continue;
      }
      await this.updateLag();
      if (this.paused || this.writeBlock) {
        await settle();
        this.state = 'PAUSED';
        await this.sleep(this.timings.idleMs);
        continue;
      }
      if (!writing) this.state = 'POLLING';
      const settings = this.options.settings();
      const generation = this.generation;
      let records: SourceRecord[];
      try {
        records = await this.consumer!.readNext(settings.maxBatchSize, settings.pollTimeoutMs);
      } catch (err) {
        await settle();
        this.onFatal(err as Error);
        continue;
      }
      if (records.length === 0) {
        if (writing) await settle();
        else await this.sleep(this.timings.idleMs);
        continue;
      }
      // Decoding and mapping also happen while the previous batch's _bulk is in flight.
      const prepared = prepareRecords(records, { index: this.options.index, shard: this.options.shard, mapperType: settings.mapperType });
      await settle(false);
      if (this.closed || this.reinit || this.paused || this.writeBlock || this.generation !== generation) {
        await this.saveUnsaved();
        this.reinit = true;
        continue;
      }
      this.state = 'PROCESSING';
      writing = this.process(prepared).catch((err) => this.options.logger.error({ err, index: this.options.index, shard: this.options.shard }, 'batch processing failed'));
      // Persist the previous batch's pointer only now: the store's commit is a synchronous fsync, and
      // with the next _bulk already sent the cluster works on it meanwhile instead of waiting.
      await new Promise((resolve) => setImmediate(resolve));
      await this.saveUnsaved();
    }
    await settle();
    this.state = 'CLOSED';
  }

  /** Creates the consumer if needed and seeks to the restart position; false after a failure. */
  private async initialize(): Promise<boolean> {
    try {
      if (this.rebuild && this.consumer) {
        await this.consumer.close().catch(() => undefined);
        this.consumer = undefined;
      }
      this.rebuild = false;
      this.consumer ??= await this.options.createConsumer();
      if (!this.position) {
        this.position = { pointer: await this.initialPointer(this.consumer), inclusive: true };
        await this.options.savePointer(this.position, true);
      }
      await this.consumer.seek(this.position);
      this.reinit = false;
      return true;
    } catch (err) {
      this.stats.consumerErrors++;
      this.lastError = `Failed to create consumer: ${(err as Error).message}`;
      this.options.logger.warn({ err, index: this.options.index, shard: this.options.shard }, 'ingestion consumer creation failed; retrying');
      this.rebuild = true;
      await this.sleep(this.timings.initRetryMs);
      return false;
    }
  }

  private async initialPointer(consumer: ShardConsumer): Promise<ShardPointer> {
    const { reset, resetValue } = this.options.settings();
    if (reset === 'earliest') return consumer.earliestPointer();
    if (reset === 'latest') return consumer.latestPointer();
    if (reset === 'reset_by_offset') return consumer.pointerFromOffset(resetValue);
    return consumer.pointerFromTimestamp(Number(resetValue));
  }

  private onFatal(err: Error): void {
    if (this.closed) return;
    this.stats.consumerErrors++;
    const { index, shard } = this.options;
    this.options.logger.error({ err, index, shard }, `Pausing ingestion. Fatal error occurred in polling the shard ${shard} of [${index}]`);
    this.pause(`Fatal error occurred in polling the shard: ${err.message}`);
    this.reinit = true;
    this.rebuild = true;
  }

  private async process(prepared: PreparedRecord[]): Promise<void> {
    const generation = this.generation;
    const stale = () => this.closed || this.paused || this.generation !== generation;
    const result = await processBatch(
      {
        index: this.options.index,
        shard: this.options.shard,
        settings: this.options.settings(),
        stats: this.stats,
        sink: this.options.sink,
        deadLetter: this.options.deadLetter,
        logger: this.options.logger,
        retryWaitMs: this.timings.retryWaitMs,
        aborted: stale,
        wait: (ms) => this.sleep(ms, stale),
        setError: (message) => (this.lastError = message),
        progress: async (next) => {
          if (this.generation !== generation) return;
          this.position = { pointer: next.pointer, inclusive: true };
          await this.options.savePointer(this.position);
        },
      },
      prepared,
    );
    // A reset while this batch ran has already chosen the next position.
    if (this.generation !== generation) return;
    if (!result.done) {
      this.position = { pointer: result.restartAt.pointer, inclusive: true };
      this.reinit = true;
    } else if (result.block) {
      this.position = { pointer: result.block.record.pointer, inclusive: true };
      this.reinit = true;
      if (!this.closed) this.pause(result.block.reason);
    } else {
      // The common case is saved by the loop once the next bulk is on its way (see run()).
      this.position = { pointer: prepared[prepared.length - 1].record.pointer, inclusive: false };
      this.unsaved = this.position;
      return;
    }
    this.unsaved = undefined;
    await this.options.savePointer(this.position);
  }

  /** Persists the position of the last completed batch, if not yet done. */
  private async saveUnsaved(): Promise<void> {
    const position = this.unsaved;
    this.unsaved = undefined;
    if (position) await this.options.savePointer(position).catch((err) => this.options.logger.error({ err, shard: this.options.shard }, 'cannot persist the pointer'));
  }

  private async updateLag(): Promise<void> {
    const interval = this.options.settings().lagUpdateIntervalMs;
    if (interval <= 0 || !this.consumer || Date.now() - this.lastLagUpdate < interval) return;
    this.lastLagUpdate = Date.now();
    this.stats.pointerLag = await this.consumer.pointerLag().catch(() => this.stats.pointerLag);
  }
}
