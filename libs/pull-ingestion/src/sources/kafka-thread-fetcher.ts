import { ConsumerError } from './consumer';
import type { FetchedRecord, PartitionFetcher } from './kafka-fetcher';
import type { KafkaParams } from './kafka-params';
import { readerPool, type ReaderClient, type ReaderHandle, type ReaderPool } from './reader-pool';
import { unpackRecords, type FromReader } from './reader-protocol';
import { Wakeup } from './wakeup';

/** Options of {@link KafkaThreadFetcher}. */
export interface KafkaThreadFetcherOptions {
  params: KafkaParams;
  clientId: string;
  /** Most records held on the main thread, ahead of the reader. */
  bufferSize?: number;
  pool?: ReaderPool;
}

/**
 * A {@link PartitionFetcher} whose Kafka client runs in a reader thread. Decoding a 1 MiB fetch takes
 * about 15 ms of JavaScript; on the gateway's event loop that would delay every request the gateway
 * serves meanwhile, this poller's next `_bulk` included. The thread sends decoded records in batches,
 * their payloads in one transferred buffer, as far as the credit granted here allows.
 */
export class KafkaThreadFetcher implements PartitionFetcher, ReaderClient {
  private reader?: ReaderHandle;
  private buffer: FetchedRecord[] = [];
  private epoch = 0;
  /** Records the thread may still send. */
  private granted = 0;
  private fatal?: string;
  private lags = new Map<number, number>();
  private pendingSeek?: { id: number; resolve: () => void; reject: (e: Error) => void };
  private onClosed?: () => void;
  private readonly wakeup = new Wakeup();

  constructor(private readonly options: KafkaThreadFetcherOptions) {}

  private get cap(): number {
    return this.options.bufferSize ?? 5000;
  }

  onThreadExit(message: string): void {
    this.reader = undefined;
    if (this.onClosed) return this.onClosed();
    this.fatal = message;
    this.pendingSeek?.reject(new ConsumerError(message));
    this.pendingSeek = undefined;
    this.wakeup.wake();
  }

  onMessage(m: FromReader): void {
    if (m.op === 'seeked') {
      const pending = this.pendingSeek;
      if (pending?.id !== m.id) return;
      this.pendingSeek = undefined;
      if (!m.error) pending.resolve();
      else pending.reject(m.error.name === 'ConsumerError' ? new ConsumerError(m.error.message) : Object.assign(new Error(m.error.message), { name: m.error.name }));
    } else if (m.op === 'closed') {
      this.onClosed?.();
    } else if (m.op !== 'result' && m.epoch === this.epoch) {
      if (m.op === 'fatal') this.fatal = m.message;
      else {
        this.lags = new Map(m.lags);
        if (m.op === 'records') {
          const records = unpackRecords(m.records);
          this.granted = Math.max(0, this.granted - records.length);
          for (const r of records) this.buffer.push(r);
        }
      }
      this.wakeup.wake();
    }
  }

  /** Lets the thread send as much as fits, in steps of at least a fifth of the buffer. */
  private grant(): void {
    const room = this.cap - this.buffer.length - this.granted;
    if (!this.reader || room < Math.ceil(this.cap / 5)) return;
    this.granted += room;
    this.reader.post({ op: 'credit', rid: this.reader.rid, epoch: this.epoch, n: room });
  }

  async seek(offsets: Map<number, bigint>): Promise<void> {
    this.reader ??= (this.options.pool ?? readerPool).open(this, { kind: 'kafka', params: this.options.params, clientId: this.options.clientId, prefetch: this.cap });
    const id = ++this.epoch;
    this.buffer = [];
    this.granted = 0;
    this.fatal = undefined;
    this.lags = new Map();
    const reader = this.reader;
    await new Promise<void>((resolve, reject) => {
      this.pendingSeek = { id, resolve, reject };
      reader.post({ op: 'seek', rid: reader.rid, id, offsets: [...offsets] });
    });
    this.grant();
  }

  async take(max: number, timeoutMs: number): Promise<FetchedRecord[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length === 0 && !this.fatal && Date.now() < deadline) await this.wakeup.wait(Math.min(100, deadline - Date.now()));
    if (this.buffer.length === 0 && this.fatal) throw new ConsumerError(this.fatal);
    const n = Math.max(1, max);
    const out = this.buffer.length <= n ? this.buffer : this.buffer.slice(0, n);
    this.buffer = this.buffer.length <= n ? [] : this.buffer.slice(n);
    this.grant();
    return out;
  }

  lag(partition: number): number | undefined {
    const inThread = this.lags.get(partition);
    if (inThread === undefined || inThread < 0) return undefined;
    let pending = 0;
    for (const r of this.buffer) if (r.partition === partition) pending++;
    return inThread + pending;
  }

  async close(): Promise<void> {
    const reader = this.reader;
    if (!reader) return;
    this.buffer = [];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      this.onClosed = () => {
        clearTimeout(timer);
        resolve();
      };
      reader.post({ op: 'close', rid: reader.rid });
    });
    this.reader = undefined;
    reader.release();
  }
}
