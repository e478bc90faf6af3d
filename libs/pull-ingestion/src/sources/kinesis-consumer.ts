import type { GetShardIteratorCommandInput } from '@aws-sdk/client-kinesis';
import { ConsumerError, type ShardConsumer, type ShardPointer, type SourceRecord, type StartPosition } from './consumer';
import type { KinesisApi } from './kinesis-api';
import { ThreadKinesisApi } from './kinesis-thread-api';

/**
 * OpenSearch's Kinesis pointer: a sequence number. Before any record is read a pointer may be one of the
 * iterator positions `TRIM_HORIZON`, `LATEST` or `AT_TIMESTAMP:<ms>`, which Kinesis resolves itself.
 */
export function sequenceNumber(value: string): ShardPointer {
  return { value, display: `SequenceNumber{sequenceNumber='${value}'}` };
}

/** Options of {@link KinesisShardConsumer}. */
export interface KinesisShardConsumerOptions {
  /** `param.*`: stream, region, access_key, secret_key, endpoint_override. */
  params: Record<string, string>;
  shard: number;
  /** The Kinesis calls to use instead of an SDK client in a reader thread built from `params` (tests). */
  api?: KinesisApi;
  /** Wait after Kinesis throttles a read, in ms (default 1000: a shard allows 5 reads a second). */
  throttleWaitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `work`, but at most `ms`. */
async function within(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

// A shard serves up to 10,000 records (2 MB) per GetRecords and 5 calls a second: read full pages, hand out
// batches, and leave 200 ms between calls.
const PAGE = 10_000;
const CALL_INTERVAL_MS = 200;
const NOT_FOUND = 'ResourceNotFoundException';
const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'LimitExceededException', 'KMSThrottlingException']);

/** Shard N (in DescribeStream order) of a Kinesis stream, read with GetShardIterator and GetRecords. */
export class KinesisShardConsumer implements ShardConsumer {
  private readonly api: KinesisApi;
  private readonly stream: string;
  private shardId?: string;
  private iterator?: string;
  /** Where a new iterator would start: after the last record handed out. */
  private start?: StartPosition;
  /** Records read but not yet handed out (a page holds more than a batch). */
  private buffer: SourceRecord[] = [];
  /** The page read in flight, if any. */
  private fetching?: Promise<void>;
  /** A read that failed in the background, thrown by the next readNext. */
  private failure?: Error;
  /** Bumped by every seek: reads started before it are ignored. */
  private epoch = 0;
  /** When the last GetRecords call started. */
  private lastCall = 0;

  constructor(private readonly options: KinesisShardConsumerOptions) {
    this.stream = options.params.stream;
    // The SDK parses a 10,000-record page (JSON, base64) in its own thread, off the gateway's event loop.
    this.api = options.api ?? new ThreadKinesisApi(options.params);
  }

  /**
   * One reason for a stream or shard that is not there, whichever call (describe, iterator, read) sees it
   * first: the reason shown by `_state` must not depend on timing. Kinesis' own message is logged.
   */
  private missing(): ConsumerError {
    return new ConsumerError(`Kinesis stream [${this.stream}] or its shard ${this.options.shard} does not exist`);
  }

  private async shard(): Promise<string> {
    if (this.shardId) return this.shardId;
    const ids = await this.api.shardIds(this.stream).catch((err: Error) => {
      if (err.name === NOT_FOUND) throw this.missing();
      throw new ConsumerError(`Kinesis stream ${this.stream} cannot be described: ${err.message}`);
    });
    const id = ids[this.options.shard];
    if (!id) throw this.missing();
    this.shardId = id;
    return id;
  }

  async earliestPointer(): Promise<ShardPointer> {
    return sequenceNumber('TRIM_HORIZON');
  }

  async latestPointer(): Promise<ShardPointer> {
    return sequenceNumber('LATEST');
  }

  async pointerFromOffset(value: string): Promise<ShardPointer> {
    if (!/^\d+$/.test(value.trim())) throw new Error(`Invalid Kinesis sequence number [${value}]`);
    return sequenceNumber(value.trim());
  }

  async pointerFromTimestamp(epochMs: number): Promise<ShardPointer> {
    return sequenceNumber(`AT_TIMESTAMP:${epochMs}`);
  }

  async seek(start: StartPosition): Promise<void> {
    this.epoch++;
    this.start = start;
    this.iterator = undefined;
    this.buffer = [];
    this.fetching = undefined;
    this.failure = undefined;
  }

  private iteratorInput(shardId: string, start: StartPosition): GetShardIteratorCommandInput {
    const base = { StreamName: this.stream, ShardId: shardId };
    const v = start.pointer.value;
    if (v === 'TRIM_HORIZON' || v === 'LATEST') return { ...base, ShardIteratorType: v };
    if (v.startsWith('AT_TIMESTAMP:')) return { ...base, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(Number(v.slice(13))) };
    return { ...base, ShardIteratorType: start.inclusive ? 'AT_SEQUENCE_NUMBER' : 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: v };
  }

  async readNext(max: number, timeoutMs: number): Promise<SourceRecord[]> {
    if (!this.start) throw new ConsumerError('Kinesis consumer read before seek');
    // Finding the shard is set-up, not a page read: a stream or shard that does not exist fails this read.
    await this.shard();
    // Wait for a page at most the poll timeout; the read goes on in the background either way.
    if (this.buffer.length === 0) await within(this.fetching ?? this.fetch(), timeoutMs);
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
    const out = this.buffer.splice(0, Math.max(1, max));
    const last = out.at(-1);
    if (last) this.start = { pointer: last.pointer, inclusive: false };
    // Read the next page while this batch is written (at most about two pages are held).
    if (!this.fetching && this.buffer.length < PAGE) void this.fetch();
    return out;
  }

  /** Starts one page read in the background; a seek meanwhile makes its result be ignored. */
  private fetch(): Promise<void> {
    const epoch = this.epoch;
    const done = this.readPage(epoch)
      .catch((err: Error) => {
        if (epoch === this.epoch) this.failure = err;
      })
      .finally(() => {
        if (this.fetching === done) this.fetching = undefined;
      });
    this.fetching = done;
    return done;
  }

  /**
   * One GetRecords call into the buffer. Throttling and an expired iterator are part of reading Kinesis, not
   * failures: the read waits (or renews the iterator after the last record read) and adds nothing.
   */
  private async readPage(epoch: number): Promise<void> {
    const shardId = await this.shard();
    const current = () => epoch === this.epoch;
    try {
      if (!this.iterator) {
        const last = this.buffer.at(-1);
        const from = last ? { pointer: last.pointer, inclusive: false } : (this.start as StartPosition);
        const iterator = await this.api.iterator(this.iteratorInput(shardId, from));
        if (!current()) return;
        this.iterator = iterator;
      }
      if (!this.iterator) return;
      const wait = this.lastCall + CALL_INTERVAL_MS - Date.now();
      if (wait > 0) await sleep(wait);
      if (!current()) return;
      this.lastCall = Date.now();
      const page = await this.api.records(this.iterator, PAGE);
      if (!current()) return;
      this.iterator = page.nextIterator;
      const now = Date.now();
      for (const r of page.records) this.buffer.push({ pointer: sequenceNumber(r.sequenceNumber), payload: r.data, timestamp: r.arrival ?? now });
    } catch (err) {
      if (!current()) return;
      const name = (err as Error).name;
      if (THROTTLED.has(name)) {
        await sleep(this.options.throttleWaitMs ?? 1000);
        return;
      }
      this.iterator = undefined;
      if (name === 'ExpiredIteratorException') return;
      if (name === NOT_FOUND) throw this.missing();
      throw new ConsumerError(`Kinesis read failed on shard ${shardId}: ${(err as Error).message}`);
    }
  }

  /** Pointer lag is not implemented for Kinesis in OpenSearch either. */
  async pointerLag(): Promise<number> {
    return -1;
  }

  async close(): Promise<void> {
    this.epoch++;
    this.api.destroy();
  }
}
