/**
 * Where a shard consumer stands in its stream. `value` is the source's own pointer as a string (Kafka
 * offset, Kinesis sequence number, file line), `display` is OpenSearch's `toString()` of it.
 */
export interface ShardPointer {
  readonly value: string;
  readonly display: string;
  /**
   * For a record of a shard that reads several partitions: the message's own pointer (OpenSearch's
   * `KafkaPartitionOffset`, `3:42`), for `raw_payload` ids, dead letters and error messages.
   */
  readonly own?: ShardPointer;
}

/** The pointer that names one message: its own partition's pointer when the shard reads several. */
export function messagePointer(pointer: ShardPointer): ShardPointer {
  return pointer.own ?? pointer;
}

/** One message read from a source. */
export interface SourceRecord {
  pointer: ShardPointer;
  /** The raw payload bytes (the envelope JSON for the default mapper). */
  payload: Buffer;
  /** When the source received the message (ms since the epoch); for lag. */
  timestamp: number;
}

/** Where `readFrom` starts: at `pointer` (inclusive) or just after it. */
export interface StartPosition {
  pointer: ShardPointer;
  inclusive: boolean;
}

/**
 * One shard's view of a stream (partition N of a topic, shard N of a Kinesis stream, `<N>.ndjson`),
 * modelled on OpenSearch's `IngestionShardConsumer`. A poller owns exactly one consumer.
 */
export interface ShardConsumer {
  /** Positions the consumer; the next `readNext` returns records from there. */
  seek(start: StartPosition): Promise<void>;
  /** Up to `max` records, waiting at most `timeoutMs` when none are ready. */
  readNext(max: number, timeoutMs: number): Promise<SourceRecord[]>;
  earliestPointer(): Promise<ShardPointer>;
  /** The pointer the next produced message will get. */
  latestPointer(): Promise<ShardPointer>;
  /**
   * The pointer a `reset_by_offset` value names. `current` is the poller's restart position: a consumer of
   * several partitions keeps the partitions the value does not name there.
   */
  pointerFromOffset(value: string, current?: StartPosition): Promise<ShardPointer>;
  pointerFromTimestamp(epochMs: number): Promise<ShardPointer>;
  /** Messages between the last read and the end of the stream, or -1 when the source cannot tell. */
  pointerLag(): Promise<number>;
  close(): Promise<void>;
}

/** Thrown for errors that OpenSearch treats as fatal to the poll loop (it pauses the poller). */
export class ConsumerError extends Error {
  override readonly name = 'ConsumerError';
}
