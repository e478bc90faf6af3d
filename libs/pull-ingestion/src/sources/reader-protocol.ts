import type { FetchedRecord } from './kafka-fetcher';
import type { KafkaParams } from './kafka-params';
import type { KinesisApi, KinesisPage, KinesisParams } from './kinesis-api';

/**
 * A reader opened in a reader thread: a Kafka fetcher that streams records, or a Kinesis client that
 * answers calls.
 */
export type ReaderSetup =
  | {
      kind: 'kafka';
      params: KafkaParams;
      clientId: string;
      /** Records the thread's fetcher buffers ahead of what it has sent. */
      prefetch: number;
    }
  | { kind: 'kinesis'; params: KinesisParams };

/** A Kinesis call forwarded to the thread. */
export type KinesisCall = { [M in Exclude<keyof KinesisApi, 'destroy'>]: { method: M; args: Parameters<KinesisApi[M]> } }[Exclude<keyof KinesisApi, 'destroy'>];

/** Messages to a reader thread. `rid` names the consumer's reader; `epoch` is the id of the seek a message belongs to. */
export type ToReader =
  | { op: 'open'; rid: number; setup: ReaderSetup }
  | { op: 'seek'; rid: number; id: number; offsets: [number, bigint][] }
  | { op: 'credit'; rid: number; epoch: number; n: number }
  | { op: 'call'; rid: number; call: number; request: KinesisCall }
  | { op: 'close'; rid: number };

/** A GetRecords page packed like {@link PackedRecords}: sequence numbers joined by newlines, NaN for no arrival time. */
export interface PackedPage {
  sequenceNumbers: string;
  arrivals: Float64Array;
  ends: Uint32Array;
  payload: Uint8Array;
  nextIterator?: string;
}

/** An error as it crosses threads: the service's exception name stays. */
export interface ThreadError {
  name: string;
  message: string;
}

/** Records packed for a zero-copy transfer: every payload in one buffer, record i ends at `ends[i]`. */
export interface PackedRecords {
  partitions: Int32Array;
  offsets: BigInt64Array;
  timestamps: Float64Array;
  ends: Uint32Array;
  payload: Uint8Array;
}

/** Per partition: messages not yet sent to the main thread, or -1 when the thread cannot tell yet. */
export type Lags = [number, number][];

/** Messages from a reader thread, about the reader `rid`. */
export type FromReader =
  | { op: 'seeked'; rid: number; id: number; error?: { name: string; message: string } }
  | { op: 'records'; rid: number; epoch: number; records: PackedRecords; lags: Lags }
  | { op: 'lag'; rid: number; epoch: number; lags: Lags }
  | { op: 'fatal'; rid: number; epoch: number; message: string }
  | { op: 'result'; rid: number; call: number; value?: unknown; page?: PackedPage; error?: ThreadError }
  | { op: 'closed'; rid: number };

/** Packs records into typed arrays whose buffers can be transferred, not copied, to another thread. */
export function packRecords(records: FetchedRecord[]): PackedRecords {
  const n = records.length;
  let total = 0;
  for (const r of records) total += r.payload.length;
  const packed: PackedRecords = { partitions: new Int32Array(n), offsets: new BigInt64Array(n), timestamps: new Float64Array(n), ends: new Uint32Array(n), payload: new Uint8Array(total) };
  let at = 0;
  records.forEach((r, i) => {
    packed.partitions[i] = r.partition;
    packed.offsets[i] = BigInt(r.offset);
    packed.timestamps[i] = r.timestamp;
    packed.payload.set(r.payload, at);
    at += r.payload.length;
    packed.ends[i] = at;
  });
  return packed;
}

/** The buffers of a {@link PackedRecords}, for `postMessage`'s transfer list. */
export const transferables = (p: PackedRecords): ArrayBuffer[] => [p.partitions.buffer, p.offsets.buffer, p.timestamps.buffer, p.ends.buffer, p.payload.buffer] as ArrayBuffer[];

/** The records again; payloads are views of the one transferred buffer. */
export function unpackRecords(p: PackedRecords): FetchedRecord[] {
  const out: FetchedRecord[] = new Array(p.ends.length);
  let start = 0;
  for (let i = 0; i < p.ends.length; i++) {
    out[i] = { partition: p.partitions[i], offset: String(p.offsets[i]), timestamp: p.timestamps[i], payload: Buffer.from(p.payload.buffer, p.payload.byteOffset + start, p.ends[i] - start) };
    start = p.ends[i];
  }
  return out;
}

/** Packs a Kinesis page for a zero-copy transfer. */
export function packPage(page: KinesisPage): PackedPage {
  const n = page.records.length;
  let total = 0;
  for (const r of page.records) total += r.data.length;
  const packed: PackedPage = { sequenceNumbers: page.records.map((r) => r.sequenceNumber).join('\n'), arrivals: new Float64Array(n), ends: new Uint32Array(n), payload: new Uint8Array(total), nextIterator: page.nextIterator };
  let at = 0;
  page.records.forEach((r, i) => {
    packed.arrivals[i] = r.arrival ?? Number.NaN;
    packed.payload.set(r.data, at);
    at += r.data.length;
    packed.ends[i] = at;
  });
  return packed;
}

/** The buffers of a {@link PackedPage}, for `postMessage`'s transfer list. */
export const pageTransferables = (p: PackedPage): ArrayBuffer[] => [p.arrivals.buffer, p.ends.buffer, p.payload.buffer] as ArrayBuffer[];

/** The page again; record data are views of the one transferred buffer. */
export function unpackPage(p: PackedPage): KinesisPage {
  const sequenceNumbers = p.ends.length ? p.sequenceNumbers.split('\n') : [];
  let start = 0;
  const records = sequenceNumbers.map((sequenceNumber, i) => {
    const data = Buffer.from(p.payload.buffer, p.payload.byteOffset + start, p.ends[i] - start);
    start = p.ends[i];
    return Number.isNaN(p.arrivals[i]) ? { sequenceNumber, data } : { sequenceNumber, data, arrival: p.arrivals[i] };
  });
  return { records, nextIterator: p.nextIterator };
}
