import type { GetShardIteratorCommandInput } from '@aws-sdk/client-kinesis';
import type { KinesisApi, KinesisPage, KinesisParams } from './kinesis-api';
import { readerPool, type ReaderClient, type ReaderHandle, type ReaderPool } from './reader-pool';
import { unpackPage, type FromReader, type KinesisCall } from './reader-protocol';

/**
 * {@link KinesisApi} with the AWS SDK client in a reader thread: a GetRecords page of 10,000 records is
 * JSON, base64 and SDK deserialisation, tens of ms of JavaScript that would otherwise run on the
 * gateway's event loop. Pages come back with every record's data in one transferred buffer.
 */
export class ThreadKinesisApi implements KinesisApi, ReaderClient {
  private reader?: ReaderHandle;
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();

  constructor(
    private readonly params: KinesisParams,
    private readonly pool: ReaderPool = readerPool,
  ) {}

  onMessage(m: FromReader): void {
    if (m.op === 'closed') {
      const reader = this.reader;
      this.reader = undefined;
      return reader?.release();
    }
    if (m.op !== 'result') return;
    const pending = this.calls.get(m.call);
    this.calls.delete(m.call);
    if (!pending) return;
    if (m.error) pending.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
    else pending.resolve(m.page ? unpackPage(m.page) : m.value);
  }

  onThreadExit(message: string): void {
    this.reader = undefined;
    const pending = [...this.calls.values()];
    this.calls.clear();
    for (const p of pending) p.reject(new Error(message));
  }

  private call<T>(request: KinesisCall): Promise<T> {
    this.reader ??= this.pool.open(this, { kind: 'kinesis', params: this.params });
    const reader = this.reader;
    const call = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(call, { resolve: resolve as (value: unknown) => void, reject });
      reader.post({ op: 'call', rid: reader.rid, call, request });
    });
  }

  shardIds(stream: string): Promise<string[]> {
    return this.call({ method: 'shardIds', args: [stream] });
  }

  iterator(input: GetShardIteratorCommandInput): Promise<string | undefined> {
    return this.call({ method: 'iterator', args: [input] });
  }

  records(iterator: string, limit: number): Promise<KinesisPage> {
    return this.call({ method: 'records', args: [iterator, limit] });
  }

  /** Closes the thread's client; calls still in flight are answered or fail with the thread. */
  destroy(): void {
    const reader = this.reader;
    if (reader) reader.post({ op: 'close', rid: reader.rid });
  }
}
