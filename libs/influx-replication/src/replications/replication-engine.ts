import type { Logger, PluginLifecycle } from '@ferry/core';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplicationMetrics } from '../metrics';
import { dropFromHead } from '../queue/drop-from-head';
import { DurableQueue } from '../queue/durable-queue';
import type { RemoteTarget } from '../remotes/remotes.schemas';
import { influxError } from '../shared/errors';
import type { RemoteWriter } from '../sender/remote-writer';
import { Sender } from '../sender/sender';
import { DEFAULT_MAX_AGE_SECONDS, type ReplicationRecord } from './replications.schemas';

/** Options of {@link ReplicationEngine}. */
export interface ReplicationEngineOptions {
  /** `<dataDir>/influx/queues`. */
  queuesDir: string;
  segmentBytes: number;
  maxBatchBytes: number;
  maxBackoffMs: number;
  /** Timeout of one remote request; `concurrentRequests: 'auto'` drops a lane when answers take a quarter of it. */
  requestTimeoutMs: number;
  /** Measurement window of the `'auto'` settings. */
  autoTuneWindowMs: number;
  lifecycle: PluginLifecycle;
  writer: RemoteWriter;
  metrics: ReplicationMetrics;
  logger: Logger;
  now(): number;
  remote(id: string): Promise<RemoteTarget | undefined>;
  /** Persists latestResponseCode / latestErrorMessage when they change. */
  persistStatus(id: string, code: number, message: string): Promise<void>;
}

interface Runtime {
  record: ReplicationRecord;
  queue: DurableQueue;
  sender: Sender;
  stop: AbortController;
  done: Promise<void>;
}

/** Live queue figures of one replication. */
export interface QueueStats {
  currentQueueSizeBytes: number;
  remainingBytesToBeSynced: number;
  /** What the sender uses now (moves with `'auto'`). */
  currentConcurrentRequests: number;
  currentCompression: string;
}

/** The running side of replications: one durable queue and one sender worker per replication. */
export class ReplicationEngine {
  private readonly runtimes = new Map<string, Runtime>();

  constructor(private readonly o: ReplicationEngineOptions) {}

  /** How many replications run. */
  get count(): number {
    return this.runtimes.size;
  }

  /** Unsent bytes in this gateway's queues (reported with each heartbeat: stranded if this gateway is lost). */
  queuedBytes(): number {
    let total = 0;
    for (const r of this.runtimes.values()) total += r.queue.remainingBytes;
    return total;
  }

  /** Opens every stored replication and deletes queue directories no replication owns (a delete cut short by a crash). */
  async start(records: readonly ReplicationRecord[]): Promise<void> {
    await mkdir(this.o.queuesDir, { recursive: true });
    const known = new Set(records.map((r) => r.id));
    for (const dir of await readdir(this.o.queuesDir)) {
      if (known.has(dir)) continue;
      this.o.logger.warn({ dir }, 'removing the queue of a replication that no longer exists');
      await rm(join(this.o.queuesDir, dir), { recursive: true, force: true });
    }
    for (const record of records) await this.add(record);
  }

  /** Replications whose last attempt failed, with the reason (for /_gateway/health). */
  failing(): { id: string; name: string; latestResponseCode: number; latestErrorMessage: string | null }[] {
    return [...this.runtimes.values()]
      .map((r) => r.record)
      .filter((r) => r.latestResponseCode !== null && r.latestResponseCode !== 204)
      .map((r) => ({ id: r.id, name: r.name, latestResponseCode: r.latestResponseCode as number, latestErrorMessage: r.latestErrorMessage }));
  }

  /** Opens the queue and starts the sender of a replication (at boot and on create). */
  async add(record: ReplicationRecord): Promise<void> {
    const queue = await DurableQueue.open({
      dir: join(this.o.queuesDir, record.id),
      segmentBytes: this.o.segmentBytes,
      onRepair: (info) => this.o.logger.warn({ replicationID: record.id, ...info }, 'repaired a torn queue segment'),
    });
    const stop = new AbortController();
    const runtime = { record: { ...record }, queue, stop } as Runtime;
    runtime.sender = new Sender({
      queue,
      writer: this.o.writer,
      metrics: this.o.metrics,
      logger: this.o.logger,
      record: () => runtime.record,
      remote: this.o.remote,
      report: (code, message) => this.report(runtime, code, message),
      maxAgeMs: () => (runtime.record.maxAgeSeconds > 0 ? runtime.record.maxAgeSeconds : DEFAULT_MAX_AGE_SECONDS) * 1000,
      now: this.o.now,
      maxBatchBytes: this.o.maxBatchBytes,
      maxBackoffMs: this.o.maxBackoffMs,
      latencyLimitMs: this.o.requestTimeoutMs / 4,
      autoTuneWindowMs: this.o.autoTuneWindowMs,
    });
    let finished!: () => void;
    runtime.done = new Promise((r) => (finished = r));
    this.runtimes.set(record.id, runtime);
    this.o.metrics.currentBytesQueued.set({ replicationID: record.id }, queue.remainingBytes);
    this.o.lifecycle.worker(`sender:${record.id}`, async (signal) => {
      const both = AbortSignal.any([signal, stop.signal]);
      try {
        await runtime.sender.run(both);
      } finally {
        finished();
      }
    });
  }

  private report(runtime: Runtime, code: number, message: string): void {
    const r = runtime.record;
    if (r.latestResponseCode === code && r.latestErrorMessage === message) return;
    r.latestResponseCode = code;
    r.latestErrorMessage = message;
    this.o.persistStatus(r.id, code, message).catch((err) => this.o.logger.warn({ err }, 'could not persist replication status'));
  }

  /** Applies a changed configuration at once (maxAge purge, size, remote, bucket, drop flag). */
  update(record: ReplicationRecord): void {
    const runtime = this.runtimes.get(record.id);
    if (!runtime) return;
    runtime.record = { ...record, latestResponseCode: runtime.record.latestResponseCode, latestErrorMessage: runtime.record.latestErrorMessage };
    runtime.sender.poke();
  }

  /** Pokes the senders using a remote whose config changed. */
  remoteChanged(remoteID: string): void {
    for (const r of this.runtimes.values()) if (r.record.remoteID === remoteID) r.sender.poke();
  }

  /** The live view of a replication (status fields included). */
  live(id: string): { record: ReplicationRecord; stats: QueueStats; pointsSent: number } | undefined {
    const r = this.runtimes.get(id);
    if (!r) return undefined;
    const { lanes, compression } = r.sender.tuning;
    const stats = { currentQueueSizeBytes: r.queue.diskBytes, remainingBytesToBeSynced: r.queue.remainingBytes, currentConcurrentRequests: lanes, currentCompression: compression };
    return { record: r.record, stats, pointsSent: r.sender.pointsSent };
  }

  /** Stops the sender and deletes the queue and its data. */
  async remove(id: string): Promise<void> {
    const r = this.runtimes.get(id);
    if (!r) return;
    this.runtimes.delete(id);
    r.stop.abort();
    await r.done;
    await r.queue.destroy();
    this.o.metrics.currentBytesQueued.remove({ replicationID: id });
  }

  /** Replications reading from a bucket. */
  forBucket(bucketID: string): ReplicationRecord[] {
    return [...this.runtimes.values()].filter((r) => r.record.localBucketID === bucketID).map((r) => r.record);
  }

  /**
   * Appends a normalised batch to the queue of every replication of the bucket; resolves once every
   * copy is fsync'd. Capacity is checked for all queues first so a refused write is queued nowhere.
   */
  async enqueue(bucketID: string, payload: Buffer, points: number): Promise<void> {
    const targets = [...this.runtimes.values()].filter((r) => r.record.localBucketID === bucketID);
    const size = DurableQueue.recordSize(payload.length);
    const accepted: Runtime[] = [];
    for (const r of targets) {
      const used = r.queue.remainingBytes + r.queue.pendingBytes;
      if (used + size <= r.record.maxQueueSizeBytes || r.record.queueFullPolicy === 'drop-oldest') accepted.push(r);
      else if (r.record.queueFullPolicy === 'drop-newest') this.failedToQueue(r, points, size);
      else {
        for (const t of targets) this.failedToQueue(t, points, size);
        throw influxError(503, 'unavailable', `queue of replication "${r.record.name}" (${r.record.id}) is full: ${used} of ${r.record.maxQueueSizeBytes} bytes are waiting for the remote; retry later`, { 'Retry-After': '10' });
      }
    }
    const now = this.o.now();
    await Promise.all(accepted.map((r) => this.append(r, { payload, points, size, now })));
  }

  private failedToQueue(r: Runtime, points: number, bytes: number): void {
    this.o.metrics.pointsFailedToQueue.inc({ replicationID: r.record.id }, points);
    this.o.metrics.bytesFailedToQueue.inc({ replicationID: r.record.id }, bytes);
  }

  private async append(r: Runtime, batch: { payload: Buffer; points: number; size: number; now: number }): Promise<void> {
    const max = r.record.maxQueueSizeBytes;
    if (r.queue.remainingBytes + r.queue.pendingBytes + batch.size > max) {
      const need = r.queue.remainingBytes + r.queue.pendingBytes + batch.size - max;
      const dropped = await dropFromHead(r.queue, (_e, d) => d.bytes < need);
      this.o.metrics.pointsExpired.inc({ replicationID: r.record.id, reason: 'drop_oldest' }, dropped.points);
    }
    await r.queue.append(batch.payload, batch.points, batch.now);
    const id = { replicationID: r.record.id };
    this.o.metrics.pointsQueued.inc(id, batch.points);
    this.o.metrics.bytesQueued.inc(id, batch.size);
    this.o.metrics.currentBytesQueued.set(id, r.queue.remainingBytes);
  }

  /** Stops every sender and closes the queues (data stays for the next start). */
  async close(): Promise<void> {
    const all = [...this.runtimes.values()];
    this.runtimes.clear();
    for (const r of all) r.stop.abort();
    await Promise.all(all.map(async (r) => {
      await r.done;
      await r.queue.close();
    }));
  }
}
