// The body of a Kafka reader thread (see kafka-thread-fetcher.ts): a KafkaFetcher whose records are
// sent to the main thread as they are decoded, as far as the main thread's credit allows.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { KafkaFetcher } from './kafka-fetcher';
import { KafkaTopic } from './kafka-topic';
import { packRecords, transferables, type FromReader, type Lags, type ReaderSetup, type ToReader } from './kafka-thread-protocol';
import { Wakeup } from './wakeup';

class ReaderThread {
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
    private readonly port: MessagePort,
    setup: ReaderSetup,
  ) {
    this.topic = new KafkaTopic(setup.params, setup.clientId);
    this.fetcher = new KafkaFetcher({ topic: this.topic, bufferSize: setup.prefetch });
    port.on('message', (m: ToReader) => void this.handle(m));
    void this.pump();
  }

  private post(m: FromReader, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(m, transfer);
  }

  private async handle(m: ToReader): Promise<void> {
    if (m.op === 'credit') {
      if (m.epoch === this.epoch) this.credit += m.n;
      this.wakeup.wake();
    } else if (m.op === 'seek') {
      // From here on the fetcher hands out only records of the new position (seek clears it at once).
      this.epoch = m.id;
      this.credit = 0;
      this.partitions = m.offsets.map(([p]) => p);
      try {
        await this.fetcher.seek(new Map(m.offsets));
        this.post({ op: 'seeked', id: m.id });
      } catch (err) {
        const e = err as Error;
        this.post({ op: 'seeked', id: m.id, error: { name: e.name, message: e.message } });
      }
    } else {
      this.closed = true;
      this.wakeup.wake();
      await this.fetcher.close();
      await this.topic.close();
      this.post({ op: 'closed' });
    }
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
        if (records.length > 0) {
          this.credit -= records.length;
          const packed = packRecords(records);
          this.post({ op: 'records', epoch: this.epoch, records: packed, lags }, transferables(packed));
        } else if (JSON.stringify(lags) !== this.lastLags) {
          this.post({ op: 'lag', epoch: this.epoch, lags });
        }
        this.lastLags = JSON.stringify(lags);
      } catch (err) {
        if (this.closed) break;
        this.failedEpoch = this.epoch;
        this.post({ op: 'fatal', epoch: this.epoch, message: (err as Error).message });
      }
    }
  }
}

const data = workerData as { ferryKafkaReader?: ReaderSetup } | undefined;
if (parentPort && data?.ferryKafkaReader) new ReaderThread(parentPort, data.ferryKafkaReader);
