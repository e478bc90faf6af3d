import type { Consumer, EachBatchPayload } from 'kafkajs';
import { ConsumerError, type ShardConsumer, type ShardPointer, type SourceRecord, type StartPosition } from './consumer';
import { fixedPartitionsAssigner } from './kafka-assigner';
import type { KafkaParams } from './kafka-params';
import { KafkaTopic } from './kafka-topic';
import { CompositePointer, moduloPartitions, parsePartitionOffsets, startPositions, type PartitionPosition } from './partition-pointer';
import { Wakeup } from './wakeup';

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
 * Every partition p of a topic with p % numShards == shard, read by ONE kafkajs consumer
 * (`source_partition_strategy: modulo`, OpenSearch's `KafkaMultiPartitionConsumer`). Pointers are
 * {@link CompositePointer}s of per-partition offsets. The assignment is computed when the consumer is
 * created: partitions added to the topic later are read after the next restart or consumer rebuild.
 */
export class KafkaMultiPartitionConsumer implements ShardConsumer {
  private readonly topic: KafkaTopic;
  private consumer?: Consumer;
  private partitions?: number[];
  private buffer: SourceRecord[] = [];
  /** Per partition: the next offset to hand out (after the buffer). */
  private readonly nextOffset = new Map<number, number>();
  /** Per partition: where it stands after the records handed out by readNext (for pointers). */
  private readonly handed = new Map<number, PartitionPosition>();
  private readonly highWatermark = new Map<number, number>();
  private pendingSeek = false;
  private joined = false;
  private fatal?: Error;
  /** Wakes a `readNext` waiting for records, or a fetch waiting for room in the buffer. */
  private readonly reader = new Wakeup();
  private readonly fetcher = new Wakeup();

  constructor(private readonly options: KafkaMultiPartitionConsumerOptions) {
    this.topic = new KafkaTopic(options.params, options.clientId);
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
    this.buffer = [];
    for (const [p, o] of offsets) {
      // A partition the pointer does not know (the topic grew) starts at its earliest offset.
      const s = starts.get(p) ?? { partition: p, value: String(o.low), after: false };
      this.nextOffset.set(p, Number(s.value) + (s.after ? 1 : 0));
      this.handed.set(p, s);
    }
    this.pendingSeek = true;
    if (!this.consumer) await this.startConsumer();
    else if (this.joined) this.applySeek();
  }

  private applySeek(): void {
    if (!this.pendingSeek || !this.consumer) return;
    for (const [partition, offset] of this.nextOffset) this.consumer.seek({ topic: this.topic.name, partition, offset: String(offset) });
    this.pendingSeek = false;
  }

  private async startConsumer(): Promise<void> {
    const topic = this.topic.name;
    const consumer = this.topic.consumer({
      groupId: `${this.options.clientId}-${process.pid}-${Date.now()}`,
      partitionAssigners: [fixedPartitionsAssigner(topic, () => this.partitions ?? [])],
      allowAutoTopicCreation: false,
      // A crash surfaces as a fatal consumer error: the poller pauses, as OpenSearch does.
      retry: { retries: 5, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.pendingSeek = true;
      this.applySeek();
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.fatal = e.payload.error;
      this.reader.wake();
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: (p) => this.onBatch(p) });
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const cap = this.options.bufferSize ?? 5000;
    this.highWatermark.set(batch.partition, Number(batch.highWatermark));
    for (const m of batch.messages) {
      while (this.buffer.length >= cap && isRunning() && !isStale()) {
        await this.fetcher.wait(1000);
        await heartbeat();
      }
      if (!isRunning() || isStale()) return;
      const offset = Number(m.offset);
      const next = this.nextOffset.get(batch.partition);
      if (next !== undefined && offset < next) continue;
      this.nextOffset.set(batch.partition, offset + 1);
      // The pointer is filled in when the record is handed out (it depends on what was handed before it).
      this.buffer.push({ pointer: { value: `${batch.partition}:${offset}`, display: '' }, payload: m.value ?? Buffer.alloc(0), timestamp: Number(m.timestamp) });
    }
    this.reader.wake();
  }

  async readNext(max: number, timeoutMs: number): Promise<SourceRecord[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length === 0 && Date.now() < deadline && !this.fatal) await this.reader.wait(Math.min(100, deadline - Date.now()));
    if (this.fatal) throw new ConsumerError(`Kafka consumer failed: ${this.fatal.message}`);
    const out = this.buffer.splice(0, Math.max(1, max));
    this.fetcher.wake();
    for (const r of out) {
      const [partition, offset] = r.pointer.value.split(':');
      const own = { partition: Number(partition), value: offset, after: false };
      const others = [...this.handed.values()].filter((h) => h.partition !== own.partition);
      r.pointer = this.pointer([own, ...others]);
      this.handed.set(own.partition, { ...own, after: true });
    }
    return out;
  }

  /** The sum of every assigned partition's lag. */
  async pointerLag(): Promise<number> {
    if (this.nextOffset.size === 0) return -1;
    const pendingPer = new Map<number, number>();
    for (const r of this.buffer) {
      const p = Number(r.pointer.value.split(':')[0]);
      pendingPer.set(p, (pendingPer.get(p) ?? 0) + 1);
    }
    const offsets = this.highWatermark.size < this.nextOffset.size ? await this.offsets() : undefined;
    let lag = 0;
    for (const [p, next] of this.nextOffset) {
      const high = this.highWatermark.get(p) ?? offsets?.get(p)?.high ?? next;
      lag += Math.max(0, high - (next - (pendingPer.get(p) ?? 0)));
    }
    return lag;
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.buffer = [];
    await consumer?.disconnect().catch(() => undefined);
    await this.topic.close();
  }
}
