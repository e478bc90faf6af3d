import type { Rest } from '../rest/rest';
import { refresh, shardStats, type ShardSeqStats } from './shard-reader';

/**
 * The leader index as the shard tasks of one follower share it: one `_stats` call and one refresh
 * serve every shard polling at about the same time.
 */
export class LeaderView {
  private stats?: { at: number; shards: Map<number, ShardSeqStats> };
  private statsInFlight?: Promise<{ at: number; shards: Map<number, ShardSeqStats> }>;
  private refreshInFlight?: { startedAt: number; done: Promise<void> };
  private lastRefreshStart = -1;

  constructor(
    private readonly rest: Rest,
    private readonly index: string,
  ) {}

  /** Shard stats no older than `maxAgeMs`; `at` is when the answer arrived. */
  async shardStats(maxAgeMs: number): Promise<{ at: number; shards: Map<number, ShardSeqStats> }> {
    if (this.stats && Date.now() - this.stats.at <= maxAgeMs) return this.stats;
    if (this.statsInFlight) {
      const r = await this.statsInFlight;
      if (Date.now() - r.at <= Math.max(maxAgeMs, 1)) return r;
    }
    // `at` is taken when the answer arrived: a refresh must start after the checkpoint was read.
    const p = shardStats(this.rest, this.index).then((shards) => ({ at: Date.now(), shards }));
    this.statsInFlight = p;
    try {
      this.stats = await p;
      return this.stats;
    } finally {
      if (this.statsInFlight === p) this.statsInFlight = undefined;
    }
  }

  /** Resolves once a refresh that started at or after `since` completed. */
  async refreshedSince(since: number): Promise<void> {
    if (this.refreshInFlight && this.refreshInFlight.startedAt > since) return this.refreshInFlight.done;
    if (this.lastRefreshStart > since) return;
    // Wait one millisecond so that `startedAt > since` really means after.
    if (Date.now() <= since) await new Promise((r) => setTimeout(r, 1));
    const startedAt = Date.now();
    const done = refresh(this.rest, this.index);
    const entry = { startedAt, done };
    this.refreshInFlight = entry;
    try {
      await done;
      this.lastRefreshStart = Math.max(this.lastRefreshStart, startedAt);
    } finally {
      if (this.refreshInFlight === entry) this.refreshInFlight = undefined;
    }
  }
}
