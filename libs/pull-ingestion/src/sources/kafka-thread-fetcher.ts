import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConsumerError } from './consumer';
import type { FetchedRecord, PartitionFetcher } from './kafka-fetcher';
import type { KafkaParams } from './kafka-params';
import { unpackRecords, type FromReader, type ReaderSetup, type ToReader } from './kafka-thread-protocol';
import { Wakeup } from './wakeup';

/** Options of {@link KafkaThreadFetcher}. */
export interface KafkaThreadFetcherOptions {
  params: KafkaParams;
  clientId: string;
  /** Most records held on the main thread, ahead of the reader. */
  bufferSize?: number;
}

const READER_FILE = join(__dirname, `kafka-reader-thread${extname(__filename)}`);

/**
 * Starts the reader file in a thread. Built code is plain JavaScript; from TypeScript sources a loader
 * hook inherited through `execArgv` (ts-node, as in the benchmarks) does the rest, and where there is
 * none (jest) the sources are compiled with swc, a development dependency that is only reached then.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.file.endsWith('.ts') && !require.extensions['.ts']) {
  const { readFileSync } = require('node:fs');
  const { transformSync } = require('@swc/core');
  require.extensions['.ts'] = (module, filename) => {
    const options = { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
    module._compile(transformSync(readFileSync(filename, 'utf8'), options).code, filename);
  };
}
require(workerData.file);
`;

/**
 * A {@link PartitionFetcher} whose Kafka client runs in its own thread. Decoding a 1 MiB fetch takes
 * about 15 ms of JavaScript; on the gateway's event loop that would delay every request the gateway
 * serves meanwhile, this poller's next `_bulk` included. The thread sends decoded records in batches,
 * their payloads in one transferred buffer, as far as the credit granted here allows.
 */
export class KafkaThreadFetcher implements PartitionFetcher {
  private worker?: Worker;
  private buffer: FetchedRecord[] = [];
  private epoch = 0;
  /** Records the thread may still send. */
  private granted = 0;
  private fatal?: string;
  private closing = false;
  private lags = new Map<number, number>();
  private pendingSeek?: { id: number; resolve: () => void; reject: (e: Error) => void };
  private onClosed?: () => void;
  private readonly reader = new Wakeup();

  constructor(private readonly options: KafkaThreadFetcherOptions) {}

  private get cap(): number {
    return this.options.bufferSize ?? 5000;
  }

  private start(): Worker {
    const setup: ReaderSetup = { params: this.options.params, clientId: this.options.clientId, prefetch: this.cap };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { file: READER_FILE, ferryKafkaReader: setup } });
    worker.on('message', (m: FromReader) => this.onMessage(m));
    worker.on('error', (err) => this.onExit(`Kafka reader thread failed: ${err.message}`));
    worker.on('exit', (code) => this.onExit(`Kafka reader thread exited with code ${code}`));
    return worker;
  }

  private post(m: ToReader): void {
    this.worker?.postMessage(m);
  }

  private onExit(message: string): void {
    if (!this.worker) return;
    this.worker = undefined;
    this.onClosed?.();
    if (this.closing) return;
    this.fatal = message;
    this.pendingSeek?.reject(new ConsumerError(message));
    this.pendingSeek = undefined;
    this.reader.wake();
  }

  private onMessage(m: FromReader): void {
    if (m.op === 'seeked') {
      const pending = this.pendingSeek;
      if (pending?.id !== m.id) return;
      this.pendingSeek = undefined;
      if (!m.error) pending.resolve();
      else pending.reject(m.error.name === 'ConsumerError' ? new ConsumerError(m.error.message) : Object.assign(new Error(m.error.message), { name: m.error.name }));
    } else if (m.op === 'closed') {
      this.onClosed?.();
    } else if (m.epoch === this.epoch) {
      if (m.op === 'fatal') this.fatal = m.message;
      else {
        this.lags = new Map(m.lags);
        if (m.op === 'records') {
          const records = unpackRecords(m.records);
          this.granted = Math.max(0, this.granted - records.length);
          for (const r of records) this.buffer.push(r);
        }
      }
      this.reader.wake();
    }
  }

  /** Lets the thread send as much as fits, in steps of at least a fifth of the buffer. */
  private grant(): void {
    const room = this.cap - this.buffer.length - this.granted;
    if (room < Math.ceil(this.cap / 5)) return;
    this.granted += room;
    this.post({ op: 'credit', epoch: this.epoch, n: room });
  }

  async seek(offsets: Map<number, bigint>): Promise<void> {
    this.worker ??= this.start();
    const id = ++this.epoch;
    this.buffer = [];
    this.granted = 0;
    this.fatal = undefined;
    this.lags = new Map();
    await new Promise<void>((resolve, reject) => {
      this.pendingSeek = { id, resolve, reject };
      this.post({ op: 'seek', id, offsets: [...offsets] });
    });
    this.grant();
  }

  async take(max: number, timeoutMs: number): Promise<FetchedRecord[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length === 0 && !this.fatal && Date.now() < deadline) await this.reader.wait(Math.min(100, deadline - Date.now()));
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
    const worker = this.worker;
    if (!worker) return;
    this.closing = true;
    this.buffer = [];
    const closed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      this.onClosed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.post({ op: 'close' });
    await closed;
    this.worker = undefined;
    await worker.terminate();
  }
}
