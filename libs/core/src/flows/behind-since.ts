/**
 * Remembers since when each flow has been behind, so a plugin can report `lag.seconds` from
 * observations alone: the time since the flow was last seen caught up (or first seen behind).
 */
export class BehindSince {
  private readonly since = new Map<string, number>();

  /** Records one observation; returns the seconds behind (0 when caught up). */
  observe(id: string, behind: boolean, now: number): number {
    if (!behind) {
      this.since.delete(id);
      return 0;
    }
    const from = this.since.get(id) ?? now;
    this.since.set(id, from);
    return Math.max(0, Math.round((now - from) / 1000));
  }

  /** Forgets every id not in `live` (flows that disappeared). */
  retain(live: ReadonlySet<string>): void {
    for (const id of this.since.keys()) if (!live.has(id)) this.since.delete(id);
  }
}

/** Seconds behind past which a flow that is behind counts as `lagging`. */
export const LAGGING_AFTER_SECONDS = 30;

/**
 * Per-second rates of counters from observations alone: each reading is compared with the last one
 * kept, which is replaced once at least `minSpanMs` passed (so two reads close together give a rate
 * over a real span). A counter that went down (restarted) gives null until the next span.
 */
export class CounterRate {
  private readonly last = new Map<string, { at: number; count: number; rate: number | null }>();

  constructor(private readonly minSpanMs = 1000) {}

  /** Records `count` at `now`; returns the rate per second, or null before a span was seen. */
  observe(id: string, count: number, now: number): number | null {
    const prev = this.last.get(id);
    if (!prev) {
      this.last.set(id, { at: now, count, rate: null });
      return null;
    }
    if (now - prev.at < this.minSpanMs) return prev.rate;
    const rate = count < prev.count ? null : Math.round(((count - prev.count) * 1000 * 10) / (now - prev.at)) / 10;
    this.last.set(id, { at: now, count, rate });
    return rate;
  }

  /** Forgets every id not in `live`. */
  retain(live: ReadonlySet<string>): void {
    for (const id of this.last.keys()) if (!live.has(id)) this.last.delete(id);
  }
}
