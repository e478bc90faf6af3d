/**
 * Chooses, for one replication, how many lanes the sender uses (`concurrentRequests: 'auto'`) and how it
 * encodes request bodies (`compression: 'auto'`) by measuring delivered throughput. Only batches sent from a
 * backlog count ("full" batches): when the queue is nearly empty, throughput says how fast clients write, not
 * what the remote takes. One knob moves at a time, so each comparison has a single cause.
 *
 * - Compression: each candidate (none, gzip level 1, gzip level 6) is tried for one window; the fastest wins,
 *   and among candidates within 5 % of it the one that sends the fewest bytes.
 * - Lanes: start at 1 and add one lane per window while delivered bytes/s rise by more than 5 %; when a lane
 *   gains nothing, step back to the best count and hold it.
 * - Any failed request halves the lanes; a window whose slowest request took longer than `latencyLimitMs` drops
 *   one lane. After `holdMs` of holding, the search starts again from the current setting.
 */

/** How a request body is encoded. */
export type Encoding = { kind: 'none' } | { kind: 'gzip'; level: number };

/** One delivered batch, as the sender measured it. */
export interface DeliverySample {
  /** Uncompressed line-protocol bytes delivered. */
  bytes: number;
  /** Time from the start of the attempt (waiting for the read-ahead included) until every lane's 204. */
  ms: number;
  /** Whether the batch was read from a backlog (near its size limit). */
  full: boolean;
  /** The lanes and encoding this batch was prepared with. */
  lanes: number;
  encoding: Encoding;
  /** The slowest lane request's round trip. */
  latencyMs: number;
}

/** Settings of {@link DeliveryTuner}. */
export interface DeliveryTunerOptions {
  /** A fixed lane count, or `'auto'`. */
  lanes: number | 'auto';
  /** `'gzip'` (at `level`), `'none'`, or `'auto'`. */
  compression: 'gzip' | 'none' | 'auto';
  level: number;
  maxLanes: number;
  /** Monotonic milliseconds. */
  now(): number;
  /** Busy time (sum of sample durations) that makes one measurement window. */
  windowMs?: number;
  /** Fewest full batches in a window. */
  minSamples?: number;
  /** How long a chosen setting is held before it is searched again (default 15 windows). */
  holdMs?: number;
  latencyLimitMs?: number;
}

const GAIN = 0.05;
const CANDIDATES: Encoding[] = [{ kind: 'gzip', level: 6 }, { kind: 'gzip', level: 1 }, { kind: 'none' }];

const same = (a: Encoding, b: Encoding) => a.kind === b.kind && (a.kind === 'none' || a.level === (b as { level: number }).level);

/** Short form for status and logs: `none`, `gzip-1`. */
export const encodingName = (e: Encoding) => (e.kind === 'none' ? 'none' : `gzip-${e.level}`);

type Phase = { kind: 'codec'; index: number; rates: number[] } | { kind: 'lanes'; rates: Map<number, number> } | { kind: 'hold'; until: number };

export class DeliveryTuner {
  private lanesNow: number;
  private encodingNow: Encoding;
  private phase: Phase;
  private window = { bytes: 0, ms: 0, samples: 0, latencyMs: 0 };
  private readonly windowMs: number;
  private readonly minSamples: number;
  private readonly holdMs: number;
  private readonly latencyLimitMs: number;

  constructor(private readonly o: DeliveryTunerOptions) {
    this.windowMs = o.windowMs ?? 2000;
    this.minSamples = o.minSamples ?? 3;
    this.holdMs = o.holdMs ?? 15 * this.windowMs;
    this.latencyLimitMs = o.latencyLimitMs ?? 15_000;
    this.lanesNow = o.lanes === 'auto' ? 1 : o.lanes;
    this.encodingNow = o.compression === 'none' ? { kind: 'none' } : { kind: 'gzip', level: o.compression === 'gzip' ? o.level : 1 };
    this.phase = this.search();
  }

  /** The setting the next batch is prepared with. */
  get lanes(): number {
    return this.lanesNow;
  }

  get encoding(): Encoding {
    return this.encodingNow;
  }

  /** Whether these options describe the same configuration (a PATCH that changes them builds a new tuner). */
  sameConfig(o: Pick<DeliveryTunerOptions, 'lanes' | 'compression' | 'level'>): boolean {
    return o.lanes === this.o.lanes && o.compression === this.o.compression && o.level === this.o.level;
  }

  /** Where a new search starts: compression first (when auto), then lanes (when auto), else nothing to tune. */
  private search(): Phase {
    if (this.o.compression === 'auto') {
      this.encodingNow = CANDIDATES[0];
      return { kind: 'codec', index: 0, rates: [] };
    }
    if (this.o.lanes === 'auto') return { kind: 'lanes', rates: new Map() };
    return { kind: 'hold', until: Infinity };
  }

  private reset(): void {
    this.window = { bytes: 0, ms: 0, samples: 0, latencyMs: 0 };
  }

  /** Feeds one delivered batch; batches prepared with an older setting or not full are ignored. */
  delivered(s: DeliverySample): void {
    if (this.phase.kind === 'hold') {
      if (this.o.now() >= this.phase.until) {
        this.phase = this.o.compression === 'auto' ? this.search() : this.o.lanes === 'auto' ? { kind: 'lanes', rates: new Map() } : this.phase;
        this.reset();
      }
      return;
    }
    if (!s.full || s.lanes !== this.lanesNow || !same(s.encoding, this.encodingNow)) return;
    const w = this.window;
    w.bytes += s.bytes;
    w.ms += s.ms;
    w.samples++;
    w.latencyMs = Math.max(w.latencyMs, s.latencyMs);
    if (w.ms < this.windowMs || w.samples < this.minSamples) return;
    const rate = w.bytes / w.ms;
    const slow = w.latencyMs > this.latencyLimitMs;
    this.reset();
    if (slow && this.o.lanes === 'auto' && this.lanesNow > 1) {
      this.lanesNow--;
      this.hold();
    } else if (this.phase.kind === 'codec') this.codecWindow(this.phase, rate);
    else this.lanesWindow(this.phase, rate);
  }

  private codecWindow(p: Extract<Phase, { kind: 'codec' }>, rate: number): void {
    p.rates[p.index] = rate;
    if (p.index + 1 < CANDIDATES.length) {
      p.index++;
      this.encodingNow = CANDIDATES[p.index];
      return;
    }
    const best = Math.max(...p.rates);
    // Candidates are ordered from the fewest bytes sent to the most: the first one close to the best wins.
    this.encodingNow = CANDIDATES[p.rates.findIndex((r) => r >= best * (1 - GAIN))];
    if (this.o.lanes === 'auto') this.phase = { kind: 'lanes', rates: new Map() };
    else this.hold();
  }

  private lanesWindow(p: Extract<Phase, { kind: 'lanes' }>, rate: number): void {
    const fewer = p.rates.get(this.lanesNow - 1);
    p.rates.set(this.lanesNow, rate);
    if (fewer === undefined || rate > fewer * (1 + GAIN)) {
      if (this.lanesNow < this.o.maxLanes) this.lanesNow++;
      else this.hold();
      return;
    }
    this.lanesNow--;
    this.hold();
  }

  private hold(): void {
    this.phase = { kind: 'hold', until: this.o.now() + this.holdMs };
    this.reset();
  }

  /** A lane request failed (network, 5xx, 429, timeout): halve the lanes and hold. */
  failed(): void {
    if (this.o.lanes !== 'auto') return;
    this.lanesNow = Math.max(1, Math.floor(this.lanesNow / 2));
    this.hold();
  }
}
