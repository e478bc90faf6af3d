import type { StartPosition } from '../sources/consumer';
import type { IngestionStore } from './ingestion-store';

/**
 * Writes shard pointers to the store. Each SQLite commit is an fsync that blocks the event loop (the store
 * runs `synchronous = FULL`), so writes are group-committed: with `intervalMs` 0 every save is awaited,
 * but the saves of all shards requested in the same event-loop turn share one transaction (under load,
 * while one commit blocks, the next turn collects everyone's pointers). With a positive interval, writes
 * are coalesced at most that often and not awaited: a crash then replays more, for more throughput.
 */
export class PointerCheckpointer {
  private readonly pending = new Map<string, { index: string; shard: number; position: StartPosition }>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** The group commit of the current event-loop turn. */
  private turn?: Promise<void>;

  constructor(
    private readonly store: IngestionStore,
    private readonly intervalMs: number,
  ) {}

  async save(index: string, shard: number, position: StartPosition, options: { now?: boolean } = {}): Promise<void> {
    this.pending.set(`${index}\u0000${shard}`, { index, shard, position });
    if (this.intervalMs > 0 && !options.now) {
      this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
      return;
    }
    this.turn ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.turn = undefined;
        void this.flush().then(resolve);
      }),
    );
    await this.turn;
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
