import { ConsumerError, type ShardConsumer, type ShardPointer, type SourceRecord, type StartPosition } from './consumer';
import type { PartitionFetcher } from './kafka-fetcher';
import type { KafkaParams } from './kafka-params';
import { KafkaThreadFetcher } from './kafka-thread-fetcher';
import { KafkaTopic } from './kafka-topic';

/** OpenSearch's `KafkaOffset` pointer. */
export function kafkaOffset(offset: bigint | number | string): ShardPointer {
  const value = String(offset);
  return { value, display: `KafkaOffset{offset=${value}}` };
}

/** Options of {@link KafkaShardConsumer}. */
export interface KafkaShardConsumerOptions {
  params: KafkaParams;
  partition: number;
  /** `<node>-<index>-<shard>` in OpenSearch. */
  clientId: string;
  /** Most records buffered ahead of the poller. */
  bufferSize?: number;
}

/** Partition N of a Kafka topic, read without a consumer group; nothing is committed to Kafka, the pointer lives in Ferry's store. */
export class KafkaShardConsumer implements ShardConsumer {
  private readonly topic: KafkaTopic;
  private readonly fetcher: PartitionFetcher;

  constructor(private readonly options: KafkaShardConsumerOptions) {
    this.topic = new KafkaTopic(options.params, options.clientId);
    this.fetcher = new KafkaThreadFetcher({ params: options.params, clientId: options.clientId, bufferSize: options.bufferSize });
  }

  private async offsets(): Promise<{ low: bigint; high: bigint }> {
    const entry = await this.topic.partitionOffsets(this.options.partition);
    return { low: BigInt(entry.low), high: BigInt(entry.high) };
  }

  async earliestPointer(): Promise<ShardPointer> {
    return kafkaOffset((await this.offsets()).low);
  }

  async latestPointer(): Promise<ShardPointer> {
    return kafkaOffset((await this.offsets()).high);
  }

  async pointerFromOffset(value: string): Promise<ShardPointer> {
    if (!/^\d+$/.test(value.trim())) throw new Error(`Invalid Kafka offset [${value}]`);
    return kafkaOffset(BigInt(value.trim()));
  }

  /** The standard offsets-for-times request; falls back to `auto.offset.reset` as OpenSearch does. */
  async pointerFromTimestamp(epochMs: number): Promise<ShardPointer> {
    const found = (await this.topic.offsetsForTimestamp(epochMs)).find((o) => o.partition === this.options.partition);
    if (found && BigInt(found.offset) >= 0n) return kafkaOffset(found.offset);
    if (this.topic.config.autoOffsetReset === 'earliest') return this.earliestPointer();
    if (this.topic.config.autoOffsetReset === 'latest') return this.latestPointer();
    throw new ConsumerError(`No message found for timestamp ${epochMs}`);
  }

  async seek(start: StartPosition): Promise<void> {
    // Checks the partition exists, so a wrong one fails consumer creation with a clear message.
    await this.offsets();
    await this.fetcher.seek(new Map([[this.options.partition, BigInt(start.pointer.value) + (start.inclusive ? 0n : 1n)]]));
  }

  async readNext(max: number, timeoutMs: number): Promise<SourceRecord[]> {
    const fetched = await this.fetcher.take(max, timeoutMs);
    return fetched.map((r) => ({ pointer: kafkaOffset(r.offset), payload: r.payload, timestamp: r.timestamp }));
  }

  async pointerLag(): Promise<number> {
    return this.fetcher.lag(this.options.partition) ?? -1;
  }

  async close(): Promise<void> {
    await this.fetcher.close();
    await this.topic.close();
  }
}
