import { ConsumerError } from './consumer';
import { createCluster, fetchedBatch, ISOLATION_LEVEL, type FetchedBatch, type KafkaCluster, type KafkaError } from './kafka-internals';
import type { KafkaTopic } from './kafka-topic';
import { Wakeup } from './wakeup';

/** One message read from a partition. */
export interface FetchedRecord {
  partition: number;
  offset: string;
  payload: Buffer;
  timestamp: number;
}

/** Reads chosen partitions from chosen offsets: Kafka's `assign()` + `seek()` + `poll()`. */
export interface PartitionFetcher {
  /** Reads each partition from the given offset on; what was buffered before is dropped. */
  seek(offsets: Map<number, bigint>): Promise<void>;
  /** Up to `max` records, waiting at most `timeoutMs` for the first; a fatal fetch error once the buffer is empty. */
  take(max: number, timeoutMs: number): Promise<FetchedRecord[]>;
  lag(partition: number): number | undefined;
  close(): Promise<void>;
}

/** Options of {@link KafkaFetcher}. */
export interface KafkaFetcherOptions {
  topic: KafkaTopic;
  /** Most records buffered ahead of the reader (a fetch starts only below it). */
  bufferSize?: number;
  /** Consecutive failed fetches after which the error is fatal (kafkajs' consumer gives up after 5 retries). */
  retries?: number;
  /** First wait after a failed fetch; it doubles up to 10 s. */
  retryWaitMs?: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a fixed set of partitions of one topic with Fetch requests sent straight to each partition's
 * leader, from offsets the caller chooses: Kafka's `assign()` + `seek()`, with no consumer group (see
 * kafka-internals.ts for why). Nothing is committed to Kafka; the pointer lives in Ferry's store.
 * Fetches run ahead of the reader up to `bufferSize` records, so the next batch is usually decoded
 * before the poller asks for it.
 */
export class KafkaFetcher implements PartitionFetcher {
  private cluster?: KafkaCluster;
  private next = new Map<number, bigint>();
  private readonly high = new Map<number, bigint>();
  private buffer: FetchedRecord[] = [];
  /** Bumped by every seek, so a fetch that was in flight across it is thrown away. */
  private epoch = 0;
  private loop?: Promise<void>;
  private closed = false;
  private fatal?: Error;
  private readonly reader = new Wakeup();
  private readonly room = new Wakeup();

  constructor(private readonly options: KafkaFetcherOptions) {}

  async seek(offsets: Map<number, bigint>): Promise<void> {
    this.epoch++;
    this.buffer = [];
    this.next = new Map(offsets);
    this.fatal = undefined;
    if (!this.cluster) await this.connect();
    if (!this.loop) this.loop = this.run();
    this.room.wake();
  }

  private async connect(): Promise<void> {
    const { config } = this.options.topic;
    const cluster = createCluster(this.options.topic.client, { isolationLevel: config.fetch.readUncommitted ? ISOLATION_LEVEL.READ_UNCOMMITTED : ISOLATION_LEVEL.READ_COMMITTED });
    try {
      await cluster.connect();
      await cluster.addTargetTopic(config.topic);
    } catch (err) {
      // The next seek (the poller retries consumer creation) starts from a fresh cluster.
      await cluster.disconnect().catch(() => undefined);
      throw err;
    }
    this.cluster = cluster;
  }

  async take(max: number, timeoutMs: number): Promise<FetchedRecord[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length === 0 && !this.fatal && Date.now() < deadline) await this.reader.wait(Math.min(100, deadline - Date.now()));
    if (this.buffer.length === 0 && this.fatal) throw new ConsumerError(`Kafka consumer failed: ${this.fatal.message}`);
    const n = Math.max(1, max);
    const out = this.buffer.length <= n ? this.buffer : this.buffer.slice(0, n);
    this.buffer = this.buffer.length <= n ? [] : this.buffer.slice(n);
    this.room.wake();
    return out;
  }

  lag(partition: number): number | undefined {
    const high = this.high.get(partition);
    const next = this.next.get(partition);
    if (high === undefined || next === undefined) return undefined;
    let pending = 0;
    for (const r of this.buffer) if (r.partition === partition) pending++;
    const taken = next - BigInt(pending);
    return Number(high > taken ? high - taken : 0n);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.room.wake();
    await this.loop;
    this.buffer = [];
    await this.cluster?.disconnect().catch(() => undefined);
    this.cluster = undefined;
  }

  private async run(): Promise<void> {
    const cap = this.options.bufferSize ?? 5000;
    let failures = 0;
    while (!this.closed && !this.fatal) {
      if (this.buffer.length >= cap) {
        await this.room.wait(1000);
        continue;
      }
      try {
        if (await this.fetchOnce()) this.reader.wake();
        failures = 0;
      } catch (err) {
        if (this.closed) break;
        const e = err as KafkaError;
        if (e.name === 'KafkaJSOffsetOutOfRange' && e.partition !== undefined && (await this.resetOutOfRange(e.partition))) continue;
        if (e.retriable === false || ++failures > (this.options.retries ?? 5)) {
          this.fatal = e;
          this.reader.wake();
          break;
        }
        await this.cluster?.refreshMetadata().catch(() => undefined);
        await this.room.wait(Math.min(10_000, (this.options.retryWaitMs ?? 300) * 2 ** (failures - 1)));
      }
    }
    this.loop = undefined;
  }

  /** One Fetch per leader broker of the partitions; true when records were buffered. */
  private async fetchOnce(): Promise<boolean> {
    const cluster = this.cluster!;
    const epoch = this.epoch;
    const topic = this.options.topic.config.topic;
    await cluster.refreshMetadataIfNecessary();
    const partitions = [...this.next.keys()];
    const leaders = cluster.findLeaderForPartitions(topic, partitions);
    const led = Object.values(leaders).flat();
    if (led.length < partitions.length) {
      const missing = partitions.filter((p) => !led.includes(p));
      throw Object.assign(new Error(`No leader known for partition ${missing.join(', ')} of topic ${topic}`), { retriable: true });
    }
    const counts = await Promise.all(Object.entries(leaders).map(([nodeId, ps]) => this.fetchFrom(cluster, nodeId, ps, epoch)));
    return counts.some((c) => c > 0);
  }

  private async fetchFrom(cluster: KafkaCluster, nodeId: string, partitions: number[], epoch: number): Promise<number> {
    const { topic, fetch } = this.options.topic.config;
    const requested = new Map(partitions.map((p) => [p, String(this.next.get(p))]));
    const broker = await cluster.findBroker({ nodeId });
    const { responses } = await broker.fetch({
      maxWaitTime: fetch.maxWaitMs,
      minBytes: fetch.minBytes,
      maxBytes: fetch.maxBytes,
      isolationLevel: fetch.readUncommitted ? ISOLATION_LEVEL.READ_UNCOMMITTED : ISOLATION_LEVEL.READ_COMMITTED,
      topics: [{ topic, partitions: partitions.map((partition) => ({ partition, fetchOffset: requested.get(partition)!, maxBytes: fetch.maxBytesPerPartition })) }],
    });
    // A seek while the fetch was in flight chose other offsets: these records are not wanted.
    if (epoch !== this.epoch || this.closed) return 0;
    let count = 0;
    for (const response of responses) {
      for (const data of response.partitions) {
        const offset = requested.get(data.partition);
        if (offset !== undefined) count += this.accept(fetchedBatch(topic, offset, data));
      }
    }
    return count;
  }

  private accept(batch: FetchedBatch): number {
    this.high.set(batch.partition, BigInt(batch.highWatermark));
    for (const m of batch.messages) this.buffer.push({ partition: batch.partition, offset: m.offset, payload: m.value ?? EMPTY, timestamp: Number(m.timestamp) });
    // kafkajs' rule: a batch left empty only by filtering (control records, aborted or compacted
    // messages) still moves the offset, or the same fetch would repeat forever.
    if (batch.rawMessages.length > 0) this.next.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
    return batch.messages.length;
  }

  /** The stored offset is gone (retention): `auto.offset.reset` latest, else earliest, as before. */
  private async resetOutOfRange(partition: number): Promise<boolean> {
    try {
      const o = await this.options.topic.partitionOffsets(partition);
      this.next.set(partition, BigInt(this.options.topic.config.autoOffsetReset === 'latest' ? o.high : o.low));
      return true;
    } catch {
      return false;
    }
  }
}
