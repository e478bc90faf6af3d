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

  /** Points at or after `from`, oldest first. */
  since(from: number): [number, number][] {
    const out: [number, number][] = [];
    const capacity = this.times.length;
    for (let i = 0; i < this.size; i++) {
      const at = (this.next - this.size + i + capacity) % capacity;
      if (this.times[at] >= from) out.push([this.times[at], this.values[at]]);
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

  /** The points of one flow within the window ending at `now`, oldest first; `[]` when unknown. */
  series(id: string, now: number): [number, number][] {
    return this.rings.get(id)?.since(now - this.options.windowMs) ?? [];
  }
}
