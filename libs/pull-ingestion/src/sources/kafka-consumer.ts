import { AssignerProtocol, type Consumer, type EachBatchPayload, type PartitionAssigner } from 'kafkajs';
import { ConsumerError, type ShardConsumer, type ShardPointer, type SourceRecord, type StartPosition } from './consumer';
import type { KafkaParams } from './kafka-params';
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

/**
 * Hands the one member of a private group exactly the shard's partition: kafkajs has no `assign()`,
 * so this is how one consumer reads partition N and nothing else (OpenSearch uses assign, no group).
 */
function singlePartitionAssigner(topic: string, partition: number): PartitionAssigner {
  return () => ({
    name: 'FerrySinglePartition',
    version: 1,
    async assign({ members }) {
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: { [topic]: [partition] }, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name: 'FerrySinglePartition', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}

/** Partition N of a Kafka topic; nothing is committed to Kafka, the pointer lives in Ferry's store. */
export class KafkaShardConsumer implements ShardConsumer {
  private readonly topic: KafkaTopic;
  private consumer?: Consumer;
  private buffer: SourceRecord[] = [];
  private nextOffset?: bigint;
  private highWatermark = -1n;
  private pendingSeek?: bigint;
  private joined = false;
  private fatal?: Error;
  /** Wakes a `readNext` waiting for records, or a fetch waiting for room in the buffer. */
  private wakeReader?: () => void;
  private wakeFetcher?: () => void;

  constructor(private readonly options: KafkaShardConsumerOptions) {
    this.topic = new KafkaTopic(options.params, options.clientId);
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
    const offset = BigInt(start.pointer.value) + (start.inclusive ? 0n : 1n);
    this.buffer = [];
    this.nextOffset = offset;
    this.pendingSeek = offset;
    if (!this.consumer) await this.startConsumer();
    else if (this.joined) this.applySeek();
  }

  private applySeek(): void {
    if (this.pendingSeek === undefined || !this.consumer) return;
    this.consumer.seek({ topic: this.topic.name, partition: this.options.partition, offset: String(this.pendingSeek) });
    this.pendingSeek = undefined;
  }

  private async startConsumer(): Promise<void> {
    await this.offsets();
    const topic = this.topic.name;
    const consumer = this.topic.consumer({
      groupId: `${this.options.clientId}-${process.pid}-${Date.now()}`,
      partitionAssigners: [singlePartitionAssigner(topic, this.options.partition)],
      allowAutoTopicCreation: false,
      // A crash surfaces as a fatal consumer error: the poller pauses, as OpenSearch does, instead of looping.
      retry: { retries: 5, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      if (this.pendingSeek === undefined && this.nextOffset !== undefined) this.pendingSeek = this.nextOffset;
      this.applySeek();
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.fatal = e.payload.error;
      this.wake('wakeReader');
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: (p) => this.onBatch(p) });
  }

  /** Resolves when `wake` is called or after `ms`, whichever comes first. */
  private waitFor(slot: 'wakeReader' | 'wakeFetcher', ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this[slot] = done;
    });
  }

  private wake(slot: 'wakeReader' | 'wakeFetcher'): void {
    const fn = this[slot];
    this[slot] = undefined;
    fn?.();
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const cap = this.options.bufferSize ?? 5000;
    this.highWatermark = BigInt(batch.highWatermark);
    for (const m of batch.messages) {
      while (this.buffer.length >= cap && isRunning() && !isStale()) {
        await this.waitFor('wakeFetcher', 1000);
        await heartbeat();
      }
      if (!isRunning() || isStale()) return;
      const offset = BigInt(m.offset);
      if (this.nextOffset !== undefined && offset < this.nextOffset) continue;
      this.nextOffset = offset + 1n;
      this.buffer.push({ pointer: kafkaOffset(offset), payload: m.value ?? Buffer.alloc(0), timestamp: Number(m.timestamp) });
    }
    this.wake('wakeReader');
  }

  async readNext(max: number, timeoutMs: number): Promise<SourceRecord[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length === 0 && Date.now() < deadline && !this.fatal) await this.waitFor('wakeReader', Math.min(100, deadline - Date.now()));
    if (this.fatal) throw new ConsumerError(`Kafka consumer failed: ${this.fatal.message}`);
    const out = this.buffer.splice(0, Math.max(1, max));
    this.wake('wakeFetcher');
    return out;
  }

  async pointerLag(): Promise<number> {
    if (this.nextOffset === undefined) return -1;
    const read = this.nextOffset - BigInt(this.buffer.length);
    const high = this.highWatermark >= 0n ? this.highWatermark : (await this.offsets()).high;
    return Number(high > read ? high - read : 0n);
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.buffer = [];
    await consumer?.disconnect().catch(() => undefined);
    await this.topic.close();
  }
}
