import { ConsumerError, type ShardConsumer, type ShardPointer, type SourceRecord, type StartPosition } from './consumer';
import type { PartitionFetcher } from './kafka-fetcher';
import type { KafkaParams } from './kafka-params';
import { KafkaThreadFetcher } from './kafka-thread-fetcher';
import { KafkaTopic } from './kafka-topic';
import { CompositePointer, moduloPartitions, parsePartitionOffsets, startPositions, type PartitionPosition } from './partition-pointer';

/** OpenSearch's `KafkaPartitionOffset.toString()`. */
export const describeKafkaPartition = (partition: number, offset: string) => `KafkaPartitionOffset{partition=${partition}, offset=${offset}}`;

/** Options of {@link KafkaMultiPartitionConsumer}. */
export interface KafkaMultiPartitionConsumerOptions {
  params: KafkaParams;
  shard: number;
  numShards: number;
  clientId: string;
  /** Most records buffered ahead of the poller. */
  bufferSize?: number;
}

/**
 * Every partition p of a topic with p % numShards == shard, read by ONE fetcher without a consumer
 * group (`source_partition_strategy: modulo`, OpenSearch's `KafkaMultiPartitionConsumer`). Pointers are
 * {@link CompositePointer}s of per-partition offsets. The assignment is computed when the consumer is
 * created: partitions added to the topic later are read after the next restart or consumer rebuild.
 */
export class KafkaMultiPartitionConsumer implements ShardConsumer {
  private readonly topic: KafkaTopic;
  private readonly fetcher: PartitionFetcher;
  private partitions?: number[];
  /** Per partition: where it stands after the records handed out by readNext (for pointers). */
  private readonly handed = new Map<number, PartitionPosition>();

  constructor(private readonly options: KafkaMultiPartitionConsumerOptions) {
    this.topic = new KafkaTopic(options.params, options.clientId);
    this.fetcher = new KafkaThreadFetcher({ params: options.params, clientId: options.clientId, bufferSize: options.bufferSize });
  }

  /** Low and high offsets of the shard's partitions (the assignment is fixed at the first call). */
  private async offsets(): Promise<Map<number, { low: number; high: number }>> {
    const topic = this.topic.name;
    const all = await this.topic.offsets();
    this.partitions ??= moduloPartitions(this.options.shard, this.options.numShards, all.length);
    const out = new Map<number, { low: number; high: number }>();
    for (const p of this.partitions) {
      const o = all.find((x) => x.partition === p);
      if (!o) throw new ConsumerError(`Partition ${p} does not exist in topic ${topic}`);
      out.set(p, { low: Number(o.low), high: Number(o.high) });
    }
    return out;
  }

  private pointer(positions: PartitionPosition[]): CompositePointer {
    return new CompositePointer(positions, describeKafkaPartition);
  }

  private async each(pick: (o: { low: number; high: number }) => number): Promise<ShardPointer> {
    return this.pointer([...(await this.offsets())].map(([partition, o]) => ({ partition, value: String(pick(o)), after: false })));
  }

  earliestPointer(): Promise<ShardPointer> {
    return this.each((o) => o.low);
  }

  latestPointer(): Promise<ShardPointer> {
    return this.each((o) => o.high);
  }

  /** `partition:offset[,partition:offset]`: the named partitions move there, the others stay at `current`. */
  async pointerFromOffset(value: string, current?: StartPosition): Promise<ShardPointer> {
    const wanted = parsePartitionOffsets(value);
    const offsets = await this.offsets();
    for (const [p, o] of wanted) {
      if (!offsets.has(p)) throw new Error(`Partition ${p} is not assigned to shard ${this.options.shard} (assigned: ${[...offsets.keys()].join(', ')})`);
      if (!/^\d+$/.test(o)) throw new Error(`Invalid Kafka offset [${o}]`);
    }
    const base = current ? startPositions(current) : new Map<number, PartitionPosition>();
    const named = [...wanted].map(([partition, offset]) => ({ partition, value: String(Number(offset)), after: false }));
    const others = [...offsets].filter(([p]) => !wanted.has(p)).map(([p, o]) => base.get(p) ?? { partition: p, value: String(o.low), after: false });
    return this.pointer([...named, ...others]);
  }

  /** Per partition: the offsets-for-times answer, else `auto.offset.reset` as in single-partition mode. */
  async pointerFromTimestamp(epochMs: number): Promise<ShardPointer> {
    const offsets = await this.offsets();
    const found = await this.topic.offsetsForTimestamp(epochMs);
    const positions: PartitionPosition[] = [];
    for (const [p, o] of offsets) {
      const hit = found.find((f) => f.partition === p);
      let at: number;
      if (hit && Number(hit.offset) >= 0) at = Number(hit.offset);
      else if (this.topic.config.autoOffsetReset === 'earliest') at = o.low;
      else if (this.topic.config.autoOffsetReset === 'latest') at = o.high;
      else throw new ConsumerError(`No message found for timestamp ${epochMs} in partition ${p}`);
      positions.push({ partition: p, value: String(at), after: false });
    }
    return this.pointer(positions);
  }

  async seek(start: StartPosition): Promise<void> {
    const offsets = await this.offsets();
    const starts = startPositions(start);
    const next = new Map<number, bigint>();
    this.handed.clear();
    for (const [p, o] of offsets) {
      // A partition the pointer does not know (the topic grew) starts at its earliest offset.
      const s = starts.get(p) ?? { partition: p, value: String(o.low), after: false };
      next.set(p, BigInt(s.value) + (s.after ? 1n : 0n));
      this.handed.set(p, s);
    }
    await this.fetcher.seek(next);
  }

  async readNext(max: number, timeoutMs: number): Promise<SourceRecord[]> {
    const fetched = await this.fetcher.take(max, timeoutMs);
    return fetched.map((r) => {
      const own = { partition: r.partition, value: r.offset, after: false };
      const others = [...this.handed.values()].filter((h) => h.partition !== own.partition);
      this.handed.set(own.partition, { ...own, after: true });
      return { pointer: this.pointer([own, ...others]), payload: r.payload, timestamp: r.timestamp };
    });
  }

  /** The sum of every assigned partition's lag (-1 before the first fetch). */
  async pointerLag(): Promise<number> {
    let lag = 0;
    for (const p of this.handed.keys()) {
      const l = this.fetcher.lag(p);
      if (l === undefined) return -1;
      lag += l;
    }
    return this.handed.size === 0 ? -1 : lag;
  }

  async close(): Promise<void> {
    await this.fetcher.close();
    await this.topic.close();
  }
}
