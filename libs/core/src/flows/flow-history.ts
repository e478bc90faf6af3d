/** Options of {@link FlowHistory}. */
export interface FlowHistoryOptions {
  /** How far back the history goes, in ms. */
  windowMs: number;
  /** Time between samples, in ms: with the window it sizes each flow's ring. */
  intervalMs: number;
  /** Most flows kept; flows beyond it get no history until others disappear. */
  maxFlows: number;
}

/** A fixed-size ring of `[time, value]` points of one flow. */
class Ring {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private next = 0;
  private size = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(time: number, value: number): void {
    this.times[this.next] = time;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.times.length;
    this.size = Math.min(this.size + 1, this.times.length);
  }

  /**
   * Points at or after `from`, oldest first; with `max`, groups of consecutive points each kept as the
   * group's last time and largest value, so no more than `max` come out and a spike stays visible.
   */
  since(from: number, max = Infinity): [number, number][] {
    const capacity = this.times.length;
    const at = (i: number) => (this.next - this.size + i + capacity) % capacity;
    let first = 0;
    while (first < this.size && this.times[at(first)] < from) first++;
    const count = this.size - first;
    const group = count > max ? Math.ceil(count / max) : 1;
    const out: [number, number][] = [];
    for (let start = first; start < this.size; start += group) {
      const end = Math.min(start + group, this.size);
      let value = this.values[at(start)];
      for (let i = start + 1; i < end; i++) value = Math.max(value, this.values[at(i)]);
      out.push([this.times[at(end - 1)], value]);
    }
    return out;
  }
}

/**
 * The lag history of every flow, in memory: one bounded ring per flow (window / interval points),
 * at most `maxFlows` flows. A sample replaces the set of flows: those missing from it are dropped.
 */
export class FlowHistory {
  private readonly rings = new Map<string, Ring>();
  private readonly capacity: number;

  constructor(private readonly options: FlowHistoryOptions) {
    this.capacity = Math.max(1, Math.ceil(options.windowMs / options.intervalMs) + 1);
  }

  /** How many flows have a ring. */
  get flowCount(): number {
    return this.rings.size;
  }

  /** Records one sample taken at `time`; a null value keeps the flow without adding a point. */
  record(time: number, points: readonly { id: string; value: number | null }[]): void {
    const live = new Set(points.map((p) => p.id));
    for (const id of this.rings.keys()) if (!live.has(id)) this.rings.delete(id);
    for (const { id, value } of points) {
      let ring = this.rings.get(id);
      if (!ring) {
        if (this.rings.size >= this.options.maxFlows) continue;
        this.rings.set(id, (ring = new Ring(this.capacity)));
      }
      if (value !== null && Number.isFinite(value)) ring.push(time, value);
    }
  }

  /** The points of one flow within the window ending at `now`, oldest first, at most `maxPoints` (see `Ring.since`); `[]` when unknown. */
  series(id: string, now: number, maxPoints?: number): [number, number][] {
    return this.rings.get(id)?.since(now - this.options.windowMs, maxPoints) ?? [];
  }
}

