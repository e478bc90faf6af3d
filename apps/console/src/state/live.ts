/** Auto-refresh for a page: one request at a time, paused while the tab is hidden, backing off when the gateway fails. */

export type LiveHealth =
  | { kind: 'ok' }
  /** The last answer came, but slower than `slowMs`. */
  | { kind: 'slow'; ms: number }
  /** The last `failures` attempts failed; the next one runs in `retryInMs`. */
  | { kind: 'down'; failures: number; retryInMs: number; error: string };

export interface LiveOptions<T> {
  load(signal: AbortSignal): Promise<T>;
  onData(data: T, at: number): void;
  onHealth(health: LiveHealth): void;
  /** An error that polling cannot fix (a 401): polling stops and this is told instead of `onHealth`. */
  isFatal?(err: unknown): boolean;
  onFatal?(err: unknown): void;
  intervalMs: number;
  slowMs?: number;
  timeoutMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

/** The wait after `failures` failed attempts in a row: doubling from the interval, capped. */
export function backoffDelay(intervalMs: number, failures: number, maxMs: number): number {
  if (failures <= 0) return intervalMs;
  return Math.min(maxMs, intervalMs * 2 ** Math.min(failures, 20));
}

export class LivePoller<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  private failures = 0;
  private running = false;
  private visible = true;

  constructor(private readonly o: LiveOptions<T>) {}

  start(): void {
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    this.clear();
    this.inFlight?.abort();
  }

  /** Hidden tabs make no requests; showing the tab again refreshes at once. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) return this.clear();
    if (this.running && !this.inFlight) void this.tick();
  }

  /** Refresh now (after an action), keeping one request at a time. */
  refreshNow(): void {
    if (!this.running || this.inFlight) return;
    this.clear();
    void this.tick();
  }

  get paused(): boolean {
    return !this.visible;
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.running && this.visible) this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (!this.running || !this.visible) return;
    const now = this.o.now ?? Date.now;
    const ctl = new AbortController();
    this.inFlight = ctl;
    const timeout = setTimeout(() => ctl.abort(new Error(`no answer within ${this.o.timeoutMs ?? 10_000} ms`)), this.o.timeoutMs ?? 10_000);
    const started = now();
    try {
      const data = await this.o.load(ctl.signal);
      if (!this.running) return;
      this.failures = 0;
      const ms = now() - started;
      this.o.onData(data, now());
      this.o.onHealth(ms > (this.o.slowMs ?? 3000) ? { kind: 'slow', ms } : { kind: 'ok' });
      this.schedule(this.o.intervalMs);
    } catch (err) {
      if (!this.running) return;
      if (this.o.isFatal?.(err)) {
        this.running = false;
        return this.o.onFatal?.(err);
      }
      this.failures++;
      const retryInMs = backoffDelay(this.o.intervalMs, this.failures, this.o.maxBackoffMs ?? 30_000);
      const reason = ctl.signal.aborted ? ctl.signal.reason : err;
      this.o.onHealth({ kind: 'down', failures: this.failures, retryInMs, error: reason instanceof Error ? reason.message : String(reason) });
      this.schedule(retryInMs);
    } finally {
      clearTimeout(timeout);
      if (this.inFlight === ctl) this.inFlight = undefined;
    }
  }
}

/** "updated 4 s ago" */
export function updatedAgo(at: number | undefined, now: number): string {
  if (at === undefined) return 'not updated yet';
  const s = Math.max(0, Math.round((now - at) / 1000));
  return s < 60 ? `updated ${s} s ago` : `updated ${Math.floor(s / 60)} min ago`;
}
