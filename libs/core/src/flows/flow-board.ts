import type { FlowSource } from '../extensions/flow-sources';
import type { Logger } from '../logging/logger';
import type { Clock } from '../tokens';
import { FlowHistory } from './flow-history';
import { STATE_SEVERITY, type Flow, type FlowSummary, type FlowsQuery, type FlowsResponse } from './flow.schemas';

/** Options of {@link FlowBoard}. */
export interface FlowBoardOptions {
  /** The contributions to `flowSources`, read on every collection (plugins register before start). */
  sources: () => readonly FlowSource[];
  clock: Clock;
  logger: Logger;
  /** Time between samples, in ms. */
  intervalMs: number;
  /** How much history each flow keeps, in ms. */
  windowMs: number;
  /** Most flows with a history. */
  maxFlows: number;
}

/** Worst first: severity, then seconds behind, then the lag value, then id. */
export function compareFlows(a: Flow & { historyValue?: number | null }, b: Flow & { historyValue?: number | null }): number {
  return (
    b.severity - a.severity ||
    (b.lag.seconds ?? -1) - (a.lag.seconds ?? -1) ||
    (b.historyValue ?? -1) - (a.historyValue ?? -1) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** True when the flow passes the query's kind, state and text filters. */
export function matchesQuery(flow: FlowSummary, query: Pick<FlowsQuery, 'kind' | 'state' | 'q'>): boolean {
  if (query.kind && flow.kind !== query.kind) return false;
  if (query.state && flow.state !== query.state) return false;
  if (!query.q) return true;
  const text = query.q.toLowerCase();
  const fields = [flow.id, flow.name, flow.status, flow.reason ?? '', flow.error ?? '', JSON.stringify(flow.details)];
  return fields.some((f) => f.toLowerCase().includes(text));
}

/**
 * The flows board: collects every plugin's flow summaries, samples their lag into a bounded history
 * ring at a fixed interval (a lifecycle worker), and answers `GET /_gateway/flows`.
 */
export class FlowBoard {
  readonly history: FlowHistory;
  /** Ids a source reported last time, kept (without a point) while that source fails. */
  private readonly lastIds = new Map<FlowSource, string[]>();
  private readonly failing = new Set<FlowSource>();

  constructor(private readonly options: FlowBoardOptions) {
    this.history = new FlowHistory(options);
  }

  /** Every source's flows; a source that throws is logged (once until it recovers) and left out. */
  async collect(): Promise<{ flows: FlowSummary[]; failed: FlowSource[] }> {
    const sources = this.options.sources();
    const results = await Promise.allSettled(sources.map((s) => s.list()));
    const flows: FlowSummary[] = [];
    const failed: FlowSource[] = [];
    results.forEach((result, i) => {
      const source = sources[i];
      if (result.status === 'fulfilled') {
        flows.push(...result.value);
        this.lastIds.set(source, result.value.map((f) => f.id));
        this.failing.delete(source);
        return;
      }
      failed.push(source);
      if (!this.failing.has(source)) this.options.logger.warn({ err: result.reason, kind: source.kind }, 'flow source failed');
      this.failing.add(source);
    });
    return { flows, failed };
  }

  /** Takes one sample into the history ring. */
  async sample(): Promise<void> {
    const { flows, failed } = await this.collect();
    const points: { id: string; value: number | null }[] = flows.map((f) => ({ id: f.id, value: f.historyValue }));
    for (const source of failed) for (const id of this.lastIds.get(source) ?? []) points.push({ id, value: null });
    this.history.record(this.options.clock.now(), points);
  }

  /** The board's answer: fresh summaries, filtered, worst first, with history from the ring. */
  async view(query: FlowsQuery): Promise<FlowsResponse> {
    const now = this.options.clock.now();
    const { flows } = await this.collect();
    const shown = flows
      .filter((f) => matchesQuery(f, query))
      .map((f) => ({ ...f, severity: STATE_SEVERITY[f.state], history: query.history ? this.history.series(f.id, now) : [] }))
      .sort(compareFlows)
      .map(({ historyValue: _omit, ...flow }) => flow);
    return { sampled_at: new Date(now).toISOString(), interval_ms: this.options.intervalMs, window_ms: this.options.windowMs, flows: shown };
  }

  /** The sampler: one sample now, then one every interval until `signal` aborts. Its timer never holds the process. */
  async run(signal: AbortSignal): Promise<void> {
    let next = this.options.clock.now();
    while (!signal.aborted) {
      await this.sample().catch((err) => this.options.logger.warn({ err }, 'flow sample failed'));
      next += this.options.intervalMs;
      const now = this.options.clock.now();
      if (next < now) next = now + this.options.intervalMs;
      await unrefSleep(next - now, signal);
    }
  }
}

function unrefSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}
