import { open, type FileHandle } from 'node:fs/promises';
import { announcedSize, decodeRecord, encodeRecord, HEADER_BYTES, type Position, type QueueEntry } from './record';
import { SegmentFiles } from './segment-files';

/** Options of {@link DurableQueue.open}. */
export interface DurableQueueOptions {
  /** The queue's own directory. */
  dir: string;
  /** A new segment file is started when the current one would grow past this. */
  segmentBytes: number;
  /** Told about repaired segments on open. */
  onRepair?: (info: { segment: number; truncatedBytes: number }) => void;
}

interface PendingAppend {
  record: Buffer;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const compare = (a: Position, b: Position) => a.segment - b.segment || a.offset - b.offset;

/**
 * A crash-safe FIFO of line-protocol records in segment files. `append` resolves only after the
 * record is fsync'd; appends that arrive while a flush runs are written and synced together (group
 * commit), so concurrent writers share the cost of one fsync.
 */
export class DurableQueue {
  private readonly sizes = new Map<number, number>();
  private order: number[] = [];
  private head: Position = { segment: 1, offset: 0 };
  private tail!: FileHandle;
  private pending: PendingAppend[] = [];
  private pendingSize = 0;
  private flushing = false;
  private headLock: Promise<void> = Promise.resolve();
  private waiters = new Set<() => void>();
  private closed = false;
  /** enqueuedAt of records already read, by position: the maxAge check before every send needs no disk read. */
  private readonly enqueuedAt = new Map<string, number>();

  private constructor(
    private readonly files: SegmentFiles,
    private readonly options: DurableQueueOptions,
  ) {}

  /** Opens (creating or repairing) the queue in `options.dir`. */
  static async open(options: DurableQueueOptions): Promise<DurableQueue> {
    const q = new DurableQueue(new SegmentFiles(options.dir), options);
    await q.load();
    return q;
  }

  private async load(): Promise<void> {
    const segments = await this.files.list();
    const head = (await this.files.readHead()) ?? { segment: segments[0] ?? 1, offset: 0 };
    for (const s of segments) {
      if (s < head.segment && s !== segments[segments.length - 1]) {
        await this.files.remove(s);
        continue;
      }
      const { size, truncated } = await this.files.repair(s);
      if (truncated > 0) this.options.onRepair?.({ segment: s, truncatedBytes: truncated });
      this.sizes.set(s, size);
      this.order.push(s);
    }
    if (this.order.length === 0) await this.createSegment(head.segment);
    const first = this.order[0];
    this.head = compare(head, { segment: first, offset: 0 }) < 0 ? { segment: first, offset: 0 } : head;
    this.head.offset = Math.min(this.head.offset, this.sizes.get(this.head.segment) ?? 0);
    this.tail = await open(this.files.path(this.lastSegment), 'r+');
  }

  private get lastSegment(): number {
    return this.order[this.order.length - 1];
  }

  private async createSegment(segment: number): Promise<void> {
    const fh = await open(this.files.path(segment), 'a+');
    await fh.close();
    await this.files.syncDir();
    this.sizes.set(segment, 0);
    this.order.push(segment);
  }

  /** Bytes on disk (sent records of the head segment included), like InfluxDB's currentQueueSizeBytes. */
  get diskBytes(): number {
    let n = 0;
    for (const s of this.order) n += this.sizes.get(s) ?? 0;
    return n;
  }

  /** Durable bytes not yet delivered (record headers included). */
  get remainingBytes(): number {
    let n = 0;
    for (const s of this.order) if (s >= this.head.segment) n += this.sizes.get(s) ?? 0;
    return n - this.head.offset;
  }

  /** Bytes of appends waiting for their fsync. */
  get pendingBytes(): number {
    return this.pendingSize;
  }

  /** Where the next unsent record starts. */
  get position(): Position {
    return { ...this.head };
  }

  /** Appends one record; resolves once it is on disk. */
  append(payload: Buffer, points: number, enqueuedAt: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    const record = encodeRecord(payload, points, enqueuedAt);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      this.pendingSize += record.length;
      if (!this.flushing) void this.flush();
    });
  }

  /** Bytes a payload of this length takes on disk. */
  static recordSize(payloadBytes: number): number {
    return HEADER_BYTES + payloadBytes;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        const bytes = batch.reduce((n, p) => n + p.record.length, 0);
        try {
          await this.writeBatch(Buffer.concat(batch.map((p) => p.record), bytes));
          this.pendingSize -= bytes;
          for (const p of batch) p.resolve();
        } catch (err) {
          this.pendingSize -= bytes;
          for (const p of batch) p.reject(err);
        }
        this.wake();
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeBatch(data: Buffer): Promise<void> {
    let size = this.sizes.get(this.lastSegment) ?? 0;
    if (size > 0 && size + data.length > this.options.segmentBytes) {
      await this.tail.close();
      await this.createSegment(this.lastSegment + 1);
      this.tail = await open(this.files.path(this.lastSegment), 'r+');
      size = 0;
    }
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.tail.write(data, written, data.length - written, size + written);
      written += bytesWritten;
    }
    await this.tail.datasync();
    this.sizes.set(this.lastSegment, size + data.length);
  }

  private normalize(pos: Position): Position {
    let p = pos;
    for (;;) {
      const i = this.order.indexOf(p.segment);
      if (i < 0) return { segment: this.order[0], offset: 0 };
      if (p.offset < (this.sizes.get(p.segment) ?? 0) || i === this.order.length - 1) return p;
      p = { segment: this.order[i + 1], offset: 0 };
    }
  }

  /** When the oldest unsent record was enqueued (reads only its header), or undefined when all is sent. */
  async oldestEnqueuedAt(): Promise<number | undefined> {
    const pos = this.normalize(this.head);
    if (pos.offset >= (this.sizes.get(pos.segment) ?? 0)) return undefined;
    const known = this.enqueuedAt.get(`${pos.segment}:${pos.offset}`);
    if (known !== undefined) return known;
    const header = await this.files.read(pos.segment, pos.offset, HEADER_BYTES);
    return header.length === HEADER_BYTES ? header.readDoubleBE(8) : undefined;
  }

  /** Durable records from `from` (default: the head), at least one, at most about `maxBytes`. */
  async read(maxBytes: number, from: Position = this.head): Promise<QueueEntry[]> {
    const out: QueueEntry[] = [];
    let total = 0;
    let pos = compare(from, this.head) < 0 ? this.head : from;
    while (total < maxBytes) {
      pos = this.normalize(pos);
      const size = this.sizes.get(pos.segment) ?? 0;
      if (pos.offset >= size) break;
      let chunk = await this.files.read(pos.segment, pos.offset, Math.min(size - pos.offset, maxBytes - total + HEADER_BYTES));
      if (chunk.length >= HEADER_BYTES && announcedSize(chunk, 0) > chunk.length) {
        chunk = await this.files.read(pos.segment, pos.offset, announcedSize(chunk, 0));
      }
      let offset = 0;
      for (;;) {
        const rec = decodeRecord(chunk, offset);
        if (rec === 'corrupt') throw new Error(`corrupt record in segment ${pos.segment} at ${pos.offset + offset}`);
        if (rec === 'short' || (out.length > 0 && total + rec.size > maxBytes)) break;
        const at = { segment: pos.segment, offset: pos.offset + offset };
        offset += rec.size;
        total += rec.size;
        out.push({ at, next: { segment: pos.segment, offset: pos.offset + offset }, ...rec });
        this.enqueuedAt.set(`${at.segment}:${at.offset}`, rec.enqueuedAt);
      }
      if (offset === 0) break;
      pos = { segment: pos.segment, offset: pos.offset + offset };
      if (out.length > 0 && total + HEADER_BYTES > maxBytes) break;
    }
    return out;
  }

  /**
   * Marks everything before `to` as delivered at once (reads, sizes), then deletes finished segments and
   * persists the head in the background; the returned promise settles when that is on disk. A crash before
   * then re-sends those records (at-least-once).
   */
  advance(to: Position): Promise<void> {
    if (this.closed || compare(to, this.head) <= 0) return this.headLock;
    this.head = { ...to };
    for (const key of this.enqueuedAt.keys()) {
      const [segment, offset] = key.split(':').map(Number);
      if (compare({ segment, offset }, this.head) < 0) this.enqueuedAt.delete(key);
    }
    const run = this.headLock.then(async () => {
      if (this.closed) return;
      while (this.order.length > 1 && this.order[0] < this.head.segment) {
        const s = this.order.shift() as number;
        this.sizes.delete(s);
        await this.files.remove(s);
      }
      await this.files.writeHead(this.head);
    });
    this.headLock = run.catch(() => undefined);
    return run;
  }

  /** Resolves when durable unsent data exists, `wake()` is called, or the signal aborts. */
  waitForData(signal: AbortSignal): Promise<void> {
    if (this.remainingBytes > 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes every waiter (new data, a config change). */
  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Waits for pending appends and closes the files; the data stays. */
  async close(): Promise<void> {
    while (this.flushing || this.pending.length > 0) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    await this.headLock;
    await this.tail.close();
    this.wake();
  }

  /** Closes and deletes the queue directory. */
  async destroy(): Promise<void> {
    await this.close();
    await this.files.destroy();
  }
}
