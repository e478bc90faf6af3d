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
