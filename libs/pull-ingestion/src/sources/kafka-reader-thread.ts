// The body of a Kafka reader thread (see kafka-thread-fetcher.ts). It hosts the readers of several
// consumers: each is a KafkaFetcher whose records are sent to the main thread as they are decoded, as
// far as that consumer's credit allows.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { KafkaFetcher } from './kafka-fetcher';
import { KafkaTopic } from './kafka-topic';
import { packRecords, transferables, type FromReader, type Lags, type ReaderSetup, type ToReader } from './kafka-thread-protocol';
import { Wakeup } from './wakeup';

class Reader {
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
    setup: ReaderSetup,
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

function serve(port: MessagePort): void {
  const readers = new Map<number, Reader>();
  port.on('message', (m: ToReader) => {
    if (m.op === 'open') readers.set(m.rid, new Reader(m.rid, port, m.setup));
    else if (m.op === 'seek') void readers.get(m.rid)?.seek(m.id, m.offsets);
    else if (m.op === 'credit') readers.get(m.rid)?.credited(m.epoch, m.n);
    else {
      const reader = readers.get(m.rid);
      readers.delete(m.rid);
      if (reader) void reader.close();
      else port.postMessage({ op: 'closed', rid: m.rid } satisfies FromReader);
    }
  });
}

if (parentPort && (workerData as { ferryKafkaReaders?: boolean } | undefined)?.ferryKafkaReaders) serve(parentPort);
