import type { StartPosition } from '../sources/consumer';
import type { IngestionStore } from './ingestion-store';

/**
 * Writes shard pointers to the store. With `intervalMs` 0 every write is awaited (a restart re-reads at
 * most the batch in flight). With a positive interval, writes of every shard are coalesced into one
 * transaction at most that often: each SQLite commit is an fsync that blocks the event loop (the store
 * runs `synchronous = FULL`), so at high rates this trades a longer replay after a crash for throughput.
 */
export class PointerCheckpointer {
  private readonly pending = new Map<string, { index: string; shard: number; position: StartPosition }>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: IngestionStore,
    private readonly intervalMs: number,
  ) {}

  async save(index: string, shard: number, position: StartPosition, options: { now?: boolean } = {}): Promise<void> {
    if (this.intervalMs <= 0 || options.now) {
      this.pending.delete(`${index}\u0000${shard}`);
      await this.store.savePointer(index, shard, position);
      return;
    }
    this.pending.set(`${index}\u0000${shard}`, { index, shard, position });
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Forgets pending writes of an index (it is being deleted). */
  drop(index: string): void {
    for (const [key, p] of this.pending) if (p.index === index) this.pending.delete(key);
  }

  /** Writes everything pending in one transaction. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.store.savePointers(batch)).catch(() => undefined);
    return this.flushing;
  }
}
