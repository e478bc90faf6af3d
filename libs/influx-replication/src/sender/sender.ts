import type { Logger } from '@ferry/core';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { ReplicationMetrics } from '../metrics';
import { dropFromHead } from '../queue/drop-from-head';
import type { DurableQueue } from '../queue/durable-queue';
import type { Position, QueueEntry } from '../queue/record';
import { MAX_CONCURRENT_REQUESTS, type ReplicationRecord } from '../replications/replications.schemas';
import type { RemoteTarget } from '../remotes/remotes.schemas';
import { backoffMs } from './backoff';
import { DeliveryTuner, encodingName, type Encoding } from './delivery-tuner';
import { splitBySeries } from './series-lanes';
import type { RemoteWriter, WriteOutcome } from './remote-writer';

const gzipAsync = promisify(gzipCb);
/** Encodes a body off the event loop (zlib's thread pool). */
const encode = (data: Buffer, e: Encoding) => (e.kind === 'none' ? Promise.resolve(data) : gzipAsync(data, { level: e.level }));

/** What a sender needs; the record and remote are read live before every attempt, so PATCHes apply at once. */
export interface SenderOptions {
  queue: DurableQueue;
  writer: RemoteWriter;
  metrics: ReplicationMetrics;
  logger: Logger;
  record(): ReplicationRecord;
  remote(id: string): Promise<RemoteTarget | undefined>;
  /** Records latestResponseCode / latestErrorMessage. */
  report(code: number, message: string): void;
  /** Effective maxAge in ms (0 = keep forever). */
  maxAgeMs(): number;
  now(): number;
  maxBatchBytes: number;
  maxBackoffMs: number;
  /** Slowest request round trip a lane of `concurrentRequests: 'auto'` may take before a lane is dropped. */
  latencyLimitMs: number;
  /** Measurement window of the `'auto'` settings. */
  autoTuneWindowMs: number;
}

/** One request's share of a batch: a disjoint set of series, encoded. */
interface Lane {
  lines: Buffer;
  body: Buffer;
  delivered: boolean;
}

interface Prepared {
  from: Position;
  entries: QueueEntry[];
  lanes: Lane[];
  /** The lane count and encoding it was prepared with, and whether it was read from a backlog. */
  laneCount: number;
  encoding: Encoding;
  full: boolean;
  bytes: number;
}

interface SendContext {
  remote: RemoteTarget;
  record: ReplicationRecord;
  signal: AbortSignal;
  encoding: Encoding;
}

type Attempt = { kind: 'ok' } | { kind: 'retry'; waitMs?: number } | { kind: 'blocked' };

const EXPLAIN: Record<number, string> = {
  401: 'the remote refused the token: check remoteAPIToken of the remote; retrying',
  403: 'the token may not write to the remote bucket: check its permissions; retrying',
  404: 'the remote bucket, org or database does not exist or remoteURL is wrong; retrying',
};

function isNonRetryable(o: WriteOutcome): boolean {
  return o.status === 400 || o.status === 422 || (o.status === 500 && /retention policy not found/.test(o.message));
}

/**
 * Drains one replication's queue to its remote: coalesced batches (gzip, or as `compression` says), one request
 * in flight (or one per lane of series with `concurrentRequests` above 1 or `'auto'`, each series keeping its order),
 * exponential backoff with jitter, Retry-After on 429/503, 413 split in halves, non-retryable
 * answers dropped only with dropNonRetryableData (otherwise the replication stays blocked and says why).
 */
export class Sender {
  /** Points delivered to the remote since this sender started (the flows board derives points/s from it). */
  pointsSent = 0;
  private failures = 0;
  private wakeup?: () => void;
  private batchBytes: number;
  private prepared?: Promise<Prepared | undefined>;
  /** The batch at the head being sent; lanes already delivered are not sent again on a retry. */
  private current?: Prepared;
  private tunerState?: DeliveryTuner;

  constructor(private readonly o: SenderOptions) {
    this.batchBytes = o.maxBatchBytes;
  }

  /** The tuner of the current settings (a PATCH of concurrentRequests or compression starts a new one). */
  private tuner(): DeliveryTuner {
    const r = this.o.record();
    const cfg = { lanes: r.concurrentRequests, compression: r.compression, level: r.compressionLevel };
    if (!this.tunerState?.sameConfig(cfg)) {
      const { latencyLimitMs, autoTuneWindowMs: windowMs } = this.o;
      this.tunerState = new DeliveryTuner({ ...cfg, maxLanes: MAX_CONCURRENT_REQUESTS, now: () => performance.now(), latencyLimitMs, windowMs });
    }
    return this.tunerState;
  }

  /** Lanes and encoding in use now (they move with `'auto'`). */
  get tuning(): { lanes: number; compression: string } {
    const t = this.tuner();
    return { lanes: t.lanes, compression: encodingName(t.encoding) };
  }

  /** Interrupts a backoff wait (config changed) and re-checks maxAge. */
  poke(): void {
    this.wakeup?.();
    this.o.queue.wake();
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.o.queue.waitForData(signal);
        if (signal.aborted) return;
        await this.purgeExpired();
        const result = await this.attempt(signal);
        if (result.kind === 'ok') {
          this.failures = 0;
          continue;
        }
        const wait = result.kind === 'retry' && result.waitMs !== undefined ? result.waitMs : backoffMs(this.failures, this.o.maxBackoffMs);
        this.failures++;
        await this.pause(wait, signal);
      } catch (err) {
        if (signal.aborted) return;
        this.o.logger.error({ err, replicationID: this.o.record().id }, 'Error in replication stream');
        // Isolated: this replication shows why it does not drain (status API), the others and the process go on.
        this.o.report(0, `replication stream failed: ${(err as Error).message}; retrying`);
        this.current = undefined;
        this.prepared = undefined;
        await this.pause(backoffMs(this.failures++, this.o.maxBackoffMs), signal);
      }
    }
  }

  /** Drops entries older than maxAgeSeconds from the head. */
  async purgeExpired(): Promise<void> {
    const maxAge = this.o.maxAgeMs();
    if (maxAge <= 0) return;
    const cutoff = this.o.now() - maxAge;
    const oldest = await this.o.queue.oldestEnqueuedAt();
    if (oldest === undefined || oldest >= cutoff) return;
    const dropped = await dropFromHead(this.o.queue, (e) => e.enqueuedAt < cutoff);
    if (dropped.points > 0) {
      const id = this.o.record().id;
      this.o.metrics.pointsExpired.inc({ replicationID: id, reason: 'max_age' }, dropped.points);
      this.o.metrics.currentBytesQueued.set({ replicationID: id }, this.o.queue.remainingBytes);
      this.o.logger.warn({ replicationID: id, points: dropped.points, bytes: dropped.bytes }, 'dropped data older than maxAgeSeconds');
    }
  }

  /**
   * Reads the batch starting at `from` (default: the head), splits it into lanes by series and encodes them.
   * Each lane carries up to `maxBatchBytes`, so N lanes send requests of the same size as one lane does.
   */
  private async prepare(from?: Position): Promise<Prepared | undefined> {
    const tuner = this.tuner();
    const [laneCount, encoding] = [tuner.lanes, tuner.encoding];
    const wanted = this.batchBytes * laneCount;
    const entries = await this.o.queue.read(wanted, from);
    if (entries.length === 0) return undefined;
    const lines = Buffer.concat(entries.map((e) => e.payload));
    const split = splitBySeries(lines, laneCount);
    const lanes = await Promise.all(split.map(async (part) => ({ lines: part, body: await encode(part, encoding), delivered: false })));
    const read = entries.reduce((n, e) => n + e.size, 0);
    return { from: entries[0].at, entries, lanes, laneCount, encoding, full: read >= wanted / 2, bytes: lines.length };
  }

  /** The batch at the head: the one being retried, the one read ahead, or a fresh read. */
  private async headBatch(): Promise<Prepared | undefined> {
    const head = this.o.queue.position;
    const atHead = (b: Prepared | undefined) => b && b.from.segment === head.segment && b.from.offset === head.offset;
    if (atHead(this.current)) return this.current;
    // The head moved under a batch in retry (maxAge dropped it): what was read ahead is stale too.
    if (this.current) this.prepared = undefined;
    const ahead = this.prepared ? await this.prepared : undefined;
    this.prepared = undefined;
    this.current = atHead(ahead) ? ahead : await this.prepare();
    return this.current;
  }

  private async attempt(signal: AbortSignal): Promise<Attempt> {
    const started = performance.now();
    const batch = await this.headBatch();
    if (!batch) return { kind: 'retry', waitMs: 50 };
    const record = this.o.record();
    const remote = await this.o.remote(record.remoteID);
    if (!remote) {
      this.o.report(0, `remote "${record.remoteID}" not found`);
      return { kind: 'retry' };
    }
    const last = batch.entries[batch.entries.length - 1];
    // One batch in flight (one request per lane), but the next batch is read and compressed while it travels.
    this.prepared ??= this.prepare(last.next).catch(() => undefined);
    const ctx = { remote, record, signal, encoding: batch.encoding };
    let latencyMs = 0;
    const results = await Promise.all(
      batch.lanes
        .filter((lane) => !lane.delivered)
        .map(async (lane) => {
          const t = performance.now();
          const result = await this.sendLines(lane.lines, ctx, lane.body);
          latencyMs = Math.max(latencyMs, performance.now() - t);
          lane.delivered = result.kind === 'ok';
          return result;
        }),
    );
    const failed = results.filter((r) => r.kind !== 'ok');
    const tuner = this.tuner();
    if (failed.length === 0) {
      tuner.delivered({ bytes: batch.bytes, ms: performance.now() - started, full: batch.full, lanes: batch.laneCount, encoding: batch.encoding, latencyMs });
      this.current = undefined;
      this.pointsSent += batch.entries.reduce((n, e) => n + e.points, 0);
      // The head is persisted while the next request travels; a crash before that only re-sends this batch.
      this.o.queue.advance(last.next).catch((err) => this.o.logger.warn({ err }, 'could not persist the queue head'));
      this.o.metrics.currentBytesQueued.set({ replicationID: record.id }, this.o.queue.remainingBytes);
      this.batchBytes = Math.min(this.o.maxBatchBytes, this.batchBytes * 2);
      return { kind: 'ok' };
    }
    if (signal.aborted) return { kind: 'retry', waitMs: 0 };
    tuner.failed();
    if (failed.some((r) => r.kind === 'blocked')) return { kind: 'blocked' };
    const waits = failed.map((r) => (r.kind === 'retry' ? r.waitMs : undefined));
    return { kind: 'retry', waitMs: waits.includes(undefined) ? undefined : Math.max(...(waits as number[])) };
  }

  private async sendLines(lines: Buffer, ctx: SendContext, encoded?: Buffer): Promise<Attempt> {
    const { record } = ctx;
    const body = encoded ?? (await encode(lines, ctx.encoding));
    const dest = { remote: ctx.remote, remoteBucketID: record.remoteBucketID, remoteBucketName: record.remoteBucketName };
    const outcome = await this.o.writer.write(dest, body, ctx.signal, ctx.encoding.kind === 'gzip');
    if (ctx.signal.aborted) return { kind: 'retry', waitMs: 0 };
    const id = { replicationID: record.id };
    if (outcome.status === 204) {
      this.o.metrics.remoteWriteBytesSent.inc(id, body.length);
      this.o.report(204, '');
      return { kind: 'ok' };
    }
    this.o.metrics.remoteWriteErrors.inc({ ...id, code: String(outcome.status) });
    if (outcome.status === 413) {
      const mid = lines.lastIndexOf(10, Math.floor(lines.length / 2)) + 1;
      if (mid > 0 && mid < lines.length) {
        this.batchBytes = Math.max(1024, Math.floor(lines.length / 2));
        const first = await this.sendLines(lines.subarray(0, mid), ctx);
        return first.kind === 'ok' ? this.sendLines(lines.subarray(mid), ctx) : first;
      }
    }
    if (isNonRetryable(outcome) || outcome.status === 413) return this.nonRetryable(outcome, lines, record);
    this.o.report(outcome.status, EXPLAIN[outcome.status] ? `${outcome.message} (${EXPLAIN[outcome.status]})` : outcome.message);
    this.o.logger.warn({ replicationID: record.id, code: outcome.status, error: outcome.message }, 'remote write failed; will retry');
    return { kind: 'retry', waitMs: outcome.status === 429 || outcome.status === 503 ? outcome.retryAfterMs : undefined };
  }

  private nonRetryable(outcome: WriteOutcome, lines: Buffer, record: ReplicationRecord): Attempt {
    if (record.dropNonRetryableData) {
      this.o.metrics.remoteWriteBytesDropped.inc({ replicationID: record.id }, lines.length);
      this.o.report(outcome.status, `${outcome.message} (batch of ${lines.length} bytes dropped: dropNonRetryableData is true)`);
      this.o.logger.warn({ replicationID: record.id, bytes: lines.length, reason: outcome.message }, 'dropped data');
      return { kind: 'ok' };
    }
    this.o.report(
      outcome.status,
      `${outcome.message} (replication blocked: the remote refuses this batch and will not accept it on retry; ` +
        'set dropNonRetryableData to true to drop it, or fix the remote)',
    );
    return { kind: 'blocked' };
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeup = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeup = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
