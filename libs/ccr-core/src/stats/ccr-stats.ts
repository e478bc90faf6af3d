/** Counters of one follower index, as `follower_stats.index_stats` shows them. */
export interface FollowerCounters {
  operations_written: number;
  operations_read: number;
  failed_read_requests: number;
  throttled_read_requests: number;
  failed_write_requests: number;
  throttled_write_requests: number;
  total_write_time_millis: number;
}

/** Counters of one leader index, as `leader_stats.index_stats` shows them. */
export interface LeaderCounters {
  operations_read: number;
  translog_size_bytes: number;
  operations_read_lucene: number;
  operations_read_translog: number;
  total_read_time_lucene_millis: number;
  total_read_time_translog_millis: number;
  bytes_read: number;
}

function zeroFollower(): FollowerCounters {
  return {
    operations_written: 0,
    operations_read: 0,
    failed_read_requests: 0,
    throttled_read_requests: 0,
    failed_write_requests: 0,
    throttled_write_requests: 0,
    total_write_time_millis: 0,
  };
}

function zeroLeader(): LeaderCounters {
  return {
    operations_read: 0,
    translog_size_bytes: 0,
    operations_read_lucene: 0,
    operations_read_translog: 0,
    total_read_time_lucene_millis: 0,
    total_read_time_translog_millis: 0,
    bytes_read: 0,
  };
}

/**
 * In-memory counters, like the plugin's (they restart at zero with the process). Reads are all served
 * by search (Lucene), never by a translog, so the translog counters stay 0.
 */
export class CcrStats {
  private readonly followers = new Map<string, FollowerCounters>();
  /** The transient error a follower's tasks are retrying now, and since when (the flows board). */
  private readonly retrying = new Map<string, { message: string; since: number }>();
  private readonly leaders = new Map<string, LeaderCounters>();

  follower(index: string): FollowerCounters {
    let c = this.followers.get(index);
    if (!c) this.followers.set(index, (c = zeroFollower()));
    return c;
  }

  leader(key: string): LeaderCounters {
    let c = this.leaders.get(key);
    if (!c) this.leaders.set(key, (c = zeroLeader()));
    return c;
  }

  /** Records a leader read of `ops` documents. */
  read(opts: { follower: string; leader: string; ops: number; bytes: number; millis: number }): void {
    this.follower(opts.follower).operations_read += opts.ops;
    const l = this.leader(opts.leader);
    l.operations_read += opts.ops;
    l.operations_read_lucene += opts.ops;
    l.bytes_read += opts.bytes;
    l.total_read_time_lucene_millis += opts.millis;
  }

  /** Records a follower write of `ops` operations. */
  wrote(follower: string, ops: number, millis: number): void {
    const c = this.follower(follower);
    c.operations_written += ops;
    c.total_write_time_millis += millis;
  }

  failed(follower: string, side: 'read' | 'write', throttled: boolean): void {
    const c = this.follower(follower);
    if (side === 'read') c[throttled ? 'throttled_read_requests' : 'failed_read_requests']++;
    else c[throttled ? 'throttled_write_requests' : 'failed_write_requests']++;
  }

  /** Records a transient failure being retried; `since` stays the first failure's time until a recovery. */
  transientError(follower: string, message: string, at: number): void {
    this.retrying.set(follower, { message, since: this.retrying.get(follower)?.since ?? at });
  }

  /** A retried call succeeded: the follower is no longer stuck. */
  recovered(follower: string): void {
    this.retrying.delete(follower);
  }

  /** The error a follower is retrying, if any. */
  retryingError(follower: string): { message: string; since: number } | undefined {
    return this.retrying.get(follower);
  }

  forget(follower: string): void {
    this.followers.delete(follower);
    this.retrying.delete(follower);
  }

  leaderEntries(): [string, LeaderCounters][] {
    return [...this.leaders.entries()];
  }
}
