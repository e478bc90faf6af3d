import type { FlowSource } from '../extensions/flow-sources';
import { createLogger } from '../logging/logger';
import { compareFlows, FlowBoard, matchesQuery } from './flow-board';
import { FlowHistory } from './flow-history';
import { BehindSince, CounterRate } from './behind-since';
import { flowsQuerySchema, STATE_SEVERITY, type FlowState, type FlowSummary } from './flow.schemas';

const logger = createLogger({ level: 'silent' });

function flow(id: string, state: FlowState, value: number | null, extra: Partial<FlowSummary> = {}): FlowSummary {
  return {
    id,
    kind: 'ccr-follower',
    name: id,
    state,
    status: state.toUpperCase(),
    reason: null,
    error: null,
    lag: { operations: value, seconds: null, bytes: null },
    details: {},
    historyValue: value,
    ...extra,
  };
}

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A source whose flows the test sets. */
function settable(kind: FlowSummary['kind'] = 'ccr-follower') {
  let flows: FlowSummary[] = [];
  let failure: Error | undefined;
  const source: FlowSource = {
    kind,
    list: async () => {
      if (failure) throw failure;
      return flows;
    },
  };
  return { source, set: (f: FlowSummary[]) => (flows = f), fail: (e?: Error) => (failure = e) };
}

describe('FlowHistory', () => {
  it('keeps at most window / interval + 1 points per flow, oldest dropped first', () => {
    const h = new FlowHistory({ windowMs: 10_000, intervalMs: 1000, maxFlows: 10 });
    for (let t = 0; t <= 30_000; t += 1000) h.record(t, [{ id: 'a', value: t / 1000 }]);
    const series = h.series('a', 30_000);
    expect(series).toHaveLength(11);
    expect(series[0]).toEqual([20_000, 20]);
    expect(series[10]).toEqual([30_000, 30]);
  });

  it('serves only the points inside the window, even when samples stopped', () => {
    const h = new FlowHistory({ windowMs: 10_000, intervalMs: 1000, maxFlows: 10 });
    for (let t = 0; t <= 5000; t += 1000) h.record(t, [{ id: 'a', value: 1 }]);
    expect(h.series('a', 12_000).map(([t]) => t)).toEqual([2000, 3000, 4000, 5000]);
  });

  it('drops flows missing from a sample and keeps a null value without a point', () => {
    const h = new FlowHistory({ windowMs: 10_000, intervalMs: 1000, maxFlows: 10 });
    h.record(0, [{ id: 'a', value: 1 }, { id: 'b', value: 2 }]);
    h.record(1000, [{ id: 'a', value: null }]);
    expect(h.series('a', 1000)).toEqual([[0, 1]]);
    expect(h.series('b', 1000)).toEqual([]);
    expect(h.flowCount).toBe(1);
  });

  it('caps the number of flows; a freed slot goes to the next new flow', () => {
    const h = new FlowHistory({ windowMs: 10_000, intervalMs: 1000, maxFlows: 2 });
    h.record(0, [{ id: 'a', value: 1 }, { id: 'b', value: 1 }, { id: 'c', value: 1 }]);
    expect([h.flowCount, h.series('c', 0)]).toEqual([2, []]);
    h.record(1000, [{ id: 'b', value: 2 }, { id: 'c', value: 3 }]);
    expect(h.series('c', 1000)).toEqual([[1000, 3]]);
  });
});

describe('sorting and filtering', () => {
  it('sorts worst first: severity, then seconds behind, then lag, then id', () => {
    const rows = [
      flow('ok-b', 'ok', 5),
      flow('ok-a', 'ok', 5),
      flow('lag-small', 'lagging', 10, { lag: { operations: 10, seconds: 40, bytes: null } }),
      flow('lag-big', 'lagging', 10, { lag: { operations: 10, seconds: 90, bytes: null } }),
      flow('failed', 'failed', null),
      flow('paused', 'paused', 100),
      flow('ok-big', 'ok', 500),
    ].map((f) => ({ ...f, severity: STATE_SEVERITY[f.state], history: [] }));
    expect(rows.sort(compareFlows).map((f) => f.id)).toEqual(['failed', 'paused', 'lag-big', 'lag-small', 'ok-big', 'ok-a', 'ok-b']);
  });

  it.each([
    [{ kind: 'ccr-follower' as const }, true],
    [{ kind: 'ingestion-shard' as const }, false],
    [{ state: 'paused' as const }, true],
    [{ state: 'ok' as const }, false],
    [{ q: 'LOGS' }, true],
    [{ q: 'leader-x' }, true],
    [{ q: 'disk full' }, true],
    [{ q: 'nothing like it' }, false],
  ])('matches %j: %s', (query, expected) => {
    const f = flow('ccr-follower:logs', 'paused', 1, { error: 'Disk full on node-1', details: { leader_alias: 'leader-x' } });
    expect(matchesQuery(f, query)).toBe(expected);
  });

  it.each([
    [{ kind: 'nope' }, 'query.kind'],
    [{ state: 'sleeping' }, 'query.state'],
    [{ history: 'yes' }, 'query.history'],
    [{ kind: ['ccr-follower', 'ccr-autofollow'] }, 'query.kind'],
  ])('refuses the query %j', (query, path) => {
    const result = flowsQuerySchema.safeParse(query);
    expect(result.success).toBe(false);
    expect(`query.${result.error?.issues[0].path.join('.')}`).toBe(path);
  });
});

describe('BehindSince', () => {
  it('counts seconds from the first observation behind and resets when caught up', () => {
    const b = new BehindSince();
    expect(b.observe('a', true, 10_000)).toBe(0);
    expect(b.observe('a', true, 25_000)).toBe(15);
    expect(b.observe('a', false, 26_000)).toBe(0);
    expect(b.observe('a', true, 30_000)).toBe(0);
    b.retain(new Set());
    expect(b.observe('a', true, 40_000)).toBe(0);
  });
});

describe('FlowBoard', () => {
  it('samples every source into the ring and serves filtered, sorted flows with their history', async () => {
    const clock = manualClock();
    const ccr = settable('ccr-follower');
    const influx = settable('influx-replication');
    const board = new FlowBoard({ sources: () => [ccr.source, influx.source], clock, logger, intervalMs: 5000, windowMs: 60_000, maxFlows: 100 });
    const start = clock.now();
    for (const lag of [30, 20, 10]) {
      ccr.set([flow('ccr-follower:a', 'ok', lag), flow('ccr-follower:b', 'paused', 7)]);
      influx.set([flow('influx-replication:r', 'ok', lag * 1000, { kind: 'influx-replication' })]);
      await board.sample();
      clock.advance(5000);
    }
    const all = await board.view({ history: true });
    expect(all.flows.map((f) => [f.id, f.severity])).toEqual([['ccr-follower:b', 2], ['influx-replication:r', 0], ['ccr-follower:a', 0]]);
    expect(all.flows[2].history).toEqual([[start, 30], [start + 5000, 20], [start + 10_000, 10]]);
    expect(all).toMatchObject({ sampled_at: new Date(clock.now()).toISOString(), interval_ms: 5000, window_ms: 60_000 });
    expect(all.flows[0]).not.toHaveProperty('historyValue');
    const influxOnly = await board.view({ kind: 'influx-replication', history: false });
    expect(influxOnly.flows.map((f) => [f.id, f.history])).toEqual([['influx-replication:r', []]]);
  });

  it('keeps the history of a failing source and leaves its flows out until it recovers', async () => {
    const clock = manualClock();
    const a = settable();
    const b = settable('ingestion-shard');
    const board = new FlowBoard({ sources: () => [a.source, b.source], clock, logger, intervalMs: 1000, windowMs: 60_000, maxFlows: 100 });
    a.set([flow('ccr-follower:x', 'ok', 3)]);
    b.set([flow('ingestion-shard:i:0', 'ok', 4, { kind: 'ingestion-shard' })]);
    await board.sample();
    clock.advance(1000);
    b.fail(new Error('store busy'));
    await board.sample();
    expect((await board.view({ history: true })).flows.map((f) => f.id)).toEqual(['ccr-follower:x']);
    b.fail(undefined);
    clock.advance(1000);
    const back = await board.view({ history: true });
    expect(back.flows.find((f) => f.id === 'ingestion-shard:i:0')?.history).toEqual([[clock.now() - 2000, 4]]);
  });

  it('drops the history of a flow that disappeared', async () => {
    const clock = manualClock();
    const a = settable();
    const board = new FlowBoard({ sources: () => [a.source], clock, logger, intervalMs: 1000, windowMs: 60_000, maxFlows: 100 });
    a.set([flow('ccr-follower:x', 'ok', 3)]);
    await board.sample();
    a.set([]);
    await board.sample();
    a.set([flow('ccr-follower:x', 'ok', 5)]);
    expect((await board.view({ history: true })).flows[0].history).toEqual([]);
    expect(board.history.flowCount).toBe(0);
  });

  it('runs the sampler until its signal aborts, then samples no more', async () => {
    const a = settable();
    let calls = 0;
    a.source.list = async () => {
      calls++;
      return [flow('ccr-follower:x', 'ok', calls)];
    };
    const board = new FlowBoard({ sources: () => [a.source], clock: { now: () => Date.now() }, logger, intervalMs: 100, windowMs: 60_000, maxFlows: 100 });
    const stop = new AbortController();
    const running = board.run(stop.signal);
    await new Promise((r) => setTimeout(r, 350));
    stop.abort();
    await running;
    const sampled = calls;
    expect(sampled).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 250));
    expect(calls).toBe(sampled);
    expect(board.history.series('ccr-follower:x', Date.now()).length).toBe(sampled);
  });
});

describe('CounterRate', () => {
  it('gives a rate per second over spans of at least minSpanMs, null after a counter reset', () => {
    const r = new CounterRate(1000);
    expect(r.observe('a', 100, 0)).toBeNull();
    expect(r.observe('a', 150, 500)).toBeNull();
    expect(r.observe('a', 300, 2000)).toBe(100);
    expect(r.observe('a', 310, 2500)).toBe(100);
    expect(r.observe('a', 10, 4000)).toBeNull();
    expect(r.observe('a', 60, 4500)).toBeNull();
    expect(r.observe('a', 60, 6000)).toBe(25);
  });
});
