// The body of a reader thread (see reader-pool.ts). It hosts the readers of several consumers: a Kafka
// reader is a KafkaFetcher whose records are sent to the main thread as they are decoded, as far as that
// consumer's credit allows; a Kinesis reader runs the SDK calls the consumer forwards and sends back
// pages packed in one buffer.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { KafkaFetcher } from './kafka-fetcher';
import { KafkaTopic } from './kafka-topic';
import { kinesisClient, sdkKinesisApi, type KinesisApi, type KinesisParams } from './kinesis-api';
import { packPage, packRecords, pageTransferables, transferables, type FromReader, type KinesisCall, type Lags, type ReaderSetup, type ToReader } from './reader-protocol';
import { Wakeup } from './wakeup';

class KafkaReader {
  private readonly topic: KafkaTopic;
  private readonly fetcher: KafkaFetcher;
  private partitions: number[] = [];
  private epoch = 0;
  private credit = 0;
  private closed = false;
  /** The epoch whose fatal error was sent: nothing more is read until the next seek. */
  private failedEpoch = -1;
  private lastLags = '';
  private readonly wakeup = new Wakeup();

  constructor(
    private readonly rid: number,
    private readonly port: MessagePort,
    setup: Extract<ReaderSetup, { kind: 'kafka' }>,
  ) {
    this.topic = new KafkaTopic(setup.params, setup.clientId);
    this.fetcher = new KafkaFetcher({ topic: this.topic, bufferSize: setup.prefetch });
    void this.pump();
  }

  private post(m: FromReader, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(m, transfer);
  }

  credited(epoch: number, n: number): void {
    if (epoch === this.epoch) this.credit += n;
    this.wakeup.wake();
  }

  async seek(id: number, offsets: [number, bigint][]): Promise<void> {
    // From here on the fetcher hands out only records of the new position (seek clears it at once).
    this.epoch = id;
    this.credit = 0;
    this.partitions = offsets.map(([p]) => p);
    try {
      await this.fetcher.seek(new Map(offsets));
      this.post({ op: 'seeked', rid: this.rid, id });
    } catch (err) {
      const e = err as Error;
      this.post({ op: 'seeked', rid: this.rid, id, error: { name: e.name, message: e.message } });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeup.wake();
    await this.fetcher.close();
    await this.topic.close();
    this.post({ op: 'closed', rid: this.rid });
  }

  private lags(): Lags {
    return this.partitions.map((p) => [p, this.fetcher.lag(p) ?? -1]);
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      if (this.credit <= 0 || this.failedEpoch === this.epoch) {
        await this.wakeup.wait(1000);
        continue;
      }
      try {
        const records = await this.fetcher.take(Math.min(this.credit, 1000), 200);
        // Records taken after a seek belong to it: tag them with the epoch as it is now.
        const lags = this.lags();
        const key = JSON.stringify(lags);
        if (records.length > 0) {
          this.credit -= records.length;
          const packed = packRecords(records);
          this.post({ op: 'records', rid: this.rid, epoch: this.epoch, records: packed, lags }, transferables(packed));
        } else if (key !== this.lastLags) {
          this.post({ op: 'lag', rid: this.rid, epoch: this.epoch, lags });
        }
        this.lastLags = key;
      } catch (err) {
        if (this.closed) break;
        this.failedEpoch = this.epoch;
        this.post({ op: 'fatal', rid: this.rid, epoch: this.epoch, message: (err as Error).message });
      }
    }
  }
}

class KinesisReader {
  private readonly api: KinesisApi;

  constructor(
    private readonly rid: number,
    private readonly port: MessagePort,
    params: KinesisParams,
  ) {
    this.api = sdkKinesisApi(kinesisClient(params));
  }

  async call(call: number, request: KinesisCall): Promise<void> {
    const rid = this.rid;
    try {
      if (request.method === 'records') {
        const page = packPage(await this.api.records(...request.args));
        this.port.postMessage({ op: 'result', rid, call, page } satisfies FromReader, pageTransferables(page));
      } else {
        const value = request.method === 'shardIds' ? await this.api.shardIds(...request.args) : await this.api.iterator(...request.args);
        this.port.postMessage({ op: 'result', rid, call, value } satisfies FromReader);
      }
    } catch (err) {
      const e = err as Error;
      this.port.postMessage({ op: 'result', rid, call, error: { name: e.name, message: e.message } } satisfies FromReader);
    }
  }

  async close(): Promise<void> {
    this.api.destroy();
    this.port.postMessage({ op: 'closed', rid: this.rid } satisfies FromReader);
  }
}

function serve(port: MessagePort): void {
  const readers = new Map<number, KafkaReader | KinesisReader>();
  port.on('message', (m: ToReader) => {
    if (m.op === 'open') readers.set(m.rid, m.setup.kind === 'kafka' ? new KafkaReader(m.rid, port, m.setup) : new KinesisReader(m.rid, port, m.setup.params));
    else if (m.op === 'close') {
      const reader = readers.get(m.rid);
      readers.delete(m.rid);
      if (reader) void reader.close();
      else port.postMessage({ op: 'closed', rid: m.rid } satisfies FromReader);
    } else {
      const reader = readers.get(m.rid);
      if (m.op === 'call' && reader instanceof KinesisReader) void reader.call(m.call, m.request);
      else if (m.op === 'seek' && reader instanceof KafkaReader) void reader.seek(m.id, m.offsets);
      else if (m.op === 'credit' && reader instanceof KafkaReader) reader.credited(m.epoch, m.n);
    }
  });
}

if (parentPort && (workerData as { ferryReaders?: boolean } | undefined)?.ferryReaders) serve(parentPort);
