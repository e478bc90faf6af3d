import type { ShardConsumer, ShardPointer, SourceRecord, StartPosition } from './consumer';
import { CompositePointer, parsePartitionOffsets, startPositions, type DescribePartition, type PartitionPosition } from './partition-pointer';

/** Options of {@link MultiPartitionConsumer}. */
export interface MultiPartitionConsumerOptions {
  /** The partitions this shard reads now (called at seek, and again every `rediscoverMs` for sources that grow). */
  partitions: () => Promise<number[]>;
  /** A single-partition consumer of one partition. */
  open: (partition: number) => ShardConsumer;
  describe: DescribePartition;
  /** Re-list the partitions at most this often while reading (0: only at seek). */
  rediscoverMs?: number;
}

interface Member {
  consumer: ShardConsumer;
  /** Where this partition stands after the records handed out so far. */
  position: PartitionPosition;
}

/**
 * One shard reading several partitions (`source_partition_strategy: modulo`) by composing one
 * single-partition consumer per partition (files, Kinesis shards). Records come round-robin; each carries
 * a {@link CompositePointer} of every partition as of that record, so the poller's batch-start logic
 * works unchanged. Partitions found later start at their earliest pointer.
 */
export class MultiPartitionConsumer implements ShardConsumer {
  private readonly members = new Map<number, Member>();
  private order: number[] = [];
  private next = 0;
  private discoveredAt = 0;

  constructor(private readonly options: MultiPartitionConsumerOptions) {}

  private composite(first: PartitionPosition): CompositePointer {
    const rest = this.order.filter((p) => p !== first.partition).map((p) => this.members.get(p)!.position);
    return new CompositePointer([first, ...rest], this.options.describe);
  }

  /** Opens consumers for partitions not seen yet, at `starts` or at their earliest pointer. */
  private async discover(starts?: Map<number, PartitionPosition>): Promise<void> {
    this.discoveredAt = Date.now();
    for (const partition of await this.options.partitions()) {
      if (this.members.has(partition)) continue;
      const consumer = this.options.open(partition);
      const start = starts?.get(partition) ?? { partition, value: (await consumer.earliestPointer()).value, after: false };
      await consumer.seek({ pointer: { value: start.value, display: start.value }, inclusive: !start.after });
      this.members.set(partition, { consumer, position: start });
    }
    this.order = [...this.members.keys()].sort((a, b) => a - b);
  }

  async seek(start: StartPosition): Promise<void> {
    const starts = startPositions(start);
    await this.closeMembers();
    await this.discover(starts);
  }

  async readNext(max: number, timeoutMs: number): Promise<SourceRecord[]> {
    const every = this.options.rediscoverMs ?? 0;
    if (every > 0 && Date.now() - this.discoveredAt >= every) await this.discover();
    const out: SourceRecord[] = [];
    for (let tried = 0; tried < this.order.length && out.length < max; tried++) {
      const partition = this.order[this.next++ % this.order.length];
      const member = this.members.get(partition)!;
      for (const r of await member.consumer.readNext(max - out.length, out.length > 0 ? 0 : Math.min(timeoutMs, 10))) {
        const own = { partition, value: r.pointer.value, after: false };
        out.push({ ...r, pointer: this.composite(own) });
        member.position = { ...own, after: true };
      }
    }
    return out;
  }

  private async each(fn: (c: ShardConsumer) => Promise<ShardPointer>): Promise<CompositePointer> {
    if (this.order.length === 0) await this.discover();
    const positions: PartitionPosition[] = [];
    for (const p of this.order) positions.push({ partition: p, value: (await fn(this.members.get(p)!.consumer)).value, after: false });
    return new CompositePointer(positions, this.options.describe);
  }

  earliestPointer(): Promise<ShardPointer> {
    return this.each((c) => c.earliestPointer());
  }

  latestPointer(): Promise<ShardPointer> {
    return this.each((c) => c.latestPointer());
  }

  /** `partition:offset[,partition:offset]`: the named partitions move there, the others stay at `current`. */
  async pointerFromOffset(value: string, current?: StartPosition): Promise<ShardPointer> {
    const wanted = parsePartitionOffsets(value);
    if (this.order.length === 0) await this.discover();
    for (const p of wanted.keys()) if (!this.members.has(p)) throw new Error(`Partition ${p} is not assigned to this shard (assigned: ${this.order.join(', ')})`);
    const base = current ? startPositions(current) : new Map<number, PartitionPosition>();
    const named: PartitionPosition[] = [];
    for (const [p, offset] of wanted) named.push({ partition: p, value: (await this.members.get(p)!.consumer.pointerFromOffset(offset)).value, after: false });
    const others = this.order.filter((p) => !wanted.has(p)).map((p) => base.get(p) ?? this.members.get(p)!.position);
    return new CompositePointer([...named, ...others], this.options.describe);
  }

  pointerFromTimestamp(epochMs: number): Promise<ShardPointer> {
    return this.each((c) => c.pointerFromTimestamp(epochMs));
  }

  async pointerLag(): Promise<number> {
    const lags = await Promise.all(this.order.map((p) => this.members.get(p)!.consumer.pointerLag()));
    const known = lags.filter((l) => l >= 0);
    return known.length === 0 ? -1 : known.reduce((a, b) => a + b, 0);
  }

  private async closeMembers(): Promise<void> {
    await Promise.all([...this.members.values()].map((m) => m.consumer.close().catch(() => undefined)));
    this.members.clear();
    this.order = [];
  }

  close(): Promise<void> {
    return this.closeMembers();
  }
}
