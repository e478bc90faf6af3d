import type { ShardPointer, StartPosition } from './consumer';

/**
 * Where one source partition of a multi-partition shard stands: at `value` (the next message to read is
 * the one at `value`) or just after it (`after`: the message at `value` was read).
 */
export interface PartitionPosition {
  partition: number;
  value: string;
  after: boolean;
}

/** How a source names one partition's pointer in `_state` (e.g. `KafkaPartitionOffset{partition=3, offset=42}`). */
export type DescribePartition = (partition: number, value: string) => string;

/**
 * The pointer of a shard that reads several partitions (`source_partition_strategy: modulo`): one
 * position per partition. `value` (persisted, and OpenSearch-like `partition:offset` entries joined by
 * commas) lists the partition of the message the pointer was taken at first; a `>` instead of `:` marks
 * a partition whose message at that offset was already read. Seeking "after" such a pointer (the
 * poller's exclusive start) moves only that first partition past its message.
 * `display` lists every partition in order, in the source's own words.
 */
export class CompositePointer implements ShardPointer {
  private text?: string;
  private shown?: string;

  constructor(
    readonly positions: readonly PartitionPosition[],
    private readonly describe: DescribePartition,
  ) {}

  get value(): string {
    this.text ??= this.positions.map((p) => `${p.partition}${p.after ? '>' : ':'}${p.value}`).join(',');
    return this.text;
  }

  /** The first partition's position: the message a record's pointer was taken at. */
  get own(): ShardPointer {
    const { partition, value } = this.positions[0];
    return { value: `${partition}:${value}`, display: this.describe(partition, value) };
  }

  get display(): string {
    this.shown ??= `[${[...this.positions].sort((a, b) => a.partition - b.partition).map((p) => this.describe(p.partition, p.value)).join(', ')}]`;
    return this.shown;
  }
}

/**
 * Parses a persisted composite value (`2:17,0>5`); undefined when it is not one. The empty value is the
 * pointer of a shard that had no partition yet (a file stream whose files come later): no positions.
 */
export function parseComposite(value: string): PartitionPosition[] | undefined {
  if (value === '') return [];
  const out: PartitionPosition[] = [];
  for (const part of value.split(',')) {
    const m = /^(\d+)([:>])(.+)$/.exec(part.trim());
    if (!m) return undefined;
    out.push({ partition: Number(m[1]), value: m[3], after: m[2] === '>' });
  }
  return out.length > 0 ? out : undefined;
}

/** Where each partition starts for a seek to `start` (an exclusive start moves the first partition past its message). */
export function startPositions(start: StartPosition): Map<number, PartitionPosition> {
  const positions = parseComposite(start.pointer.value);
  if (!positions) throw new Error(`Invalid multi-partition pointer [${start.pointer.value}]`);
  const out = new Map(positions.map((p) => [p.partition, { ...p }]));
  if (!start.inclusive && positions.length > 0) out.get(positions[0].partition)!.after = true;
  return out;
}

/**
 * A `reset_by_offset` value in multi-partition mode: `partition:offset` entries joined by commas, as
 * OpenSearch's `KafkaMultiPartitionConsumer.pointerFromOffset` asks (a bare offset is ambiguous).
 */
export function parsePartitionOffsets(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of text.split(',').map((s) => s.trim())) {
    if (!entry.includes(':')) throw new Error(`Multi-partition mode requires offset in 'partition:offset' format (e.g., '3:42'), got: ${text}`);
    const [partition, offset, extra] = entry.split(':');
    if (extra !== undefined || !/^\d+$/.test(partition) || !offset) {
      throw new Error(`Invalid multi-partition pointer format. Expected 'partition:offset' (e.g., '3:42'), got: ${text}`);
    }
    out.set(Number(partition), offset);
  }
  return out;
}

/** OpenSearch's `SourcePartitionAssignment` for MODULO: every partition p with p % numShards == shard. */
export function moduloPartitions(shard: number, numShards: number, numPartitions: number): number[] {
  if (numPartitions <= 0) throw new Error(`Number of source partitions must be positive, got: ${numPartitions}`);
  if (numPartitions < numShards) {
    throw new Error(`Number of source partitions [${numPartitions}] must be >= number of shards [${numShards}] for modulo partition strategy`);
  }
  const out: number[] = [];
  for (let p = shard; p < numPartitions; p += numShards) out.push(p);
  return out;
}
