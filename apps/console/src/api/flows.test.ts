import { describe, expect, it } from 'vitest';
import { BOARD, flow } from './fixtures';
import { countByState, detailPairs, filterFlows, formatBytes, formatSeconds, lagSummary, matchesText, sortFlows, sparklinePoints } from './flows';

describe('sortFlows', () => {
  it('puts the worst first: severity, then state, then name', () => {
    expect(sortFlows(BOARD).map((f) => f.name)).toEqual(['sensors-to-16', 'invoices-copy', 'orders-copy', 'clicks[0]', 'clicks[1]', 'logs']);
  });

  it('breaks a severity tie by state order, and keeps the input untouched', () => {
    const a = flow({ id: 'a', kind: 'ccr-follower', name: 'a', state: 'bootstrapping', severity: 1 });
    const b = flow({ id: 'b', kind: 'ccr-follower', name: 'b', state: 'lagging', severity: 1 });
    const input = [a, b];
    expect(sortFlows(input).map((f) => f.id)).toEqual(['b', 'a']);
    expect(input.map((f) => f.id)).toEqual(['a', 'b']);
  });
});

describe('filters', () => {
  it.each([
    [{ kind: 'ingestion-shard', state: '', q: '' }, ['clicks[0]', 'clicks[1]']],
    [{ kind: '', state: 'paused', q: '' }, ['invoices-copy']],
    [{ kind: '', state: '', q: 'refused' }, ['sensors-to-16']],
    [{ kind: '', state: '', q: 'LEADER invoices' }, ['invoices-copy']],
    [{ kind: '', state: '', q: 'logs-bad' }, ['logs']],
    [{ kind: 'ccr-follower', state: 'failed', q: '' }, []],
  ] as const)('%j keeps %j', (f, names) => {
    expect(filterFlows(BOARD, f).map((x) => x.name)).toEqual(names);
  });

  it('matches every word somewhere, case-insensitively', () => {
    expect(matchesText(BOARD[0], '  ')).toBe(true);
    expect(matchesText(BOARD[0], 'orders lagging')).toBe(false);
    expect(matchesText(BOARD[0], 'orders 1150')).toBe(true);
  });

  it('counts by state', () => {
    expect(countByState(BOARD)).toEqual({ failed: 1, paused: 1, stopped: 0, lagging: 1, bootstrapping: 0, ok: 3 });
  });
});

describe('formatting', () => {
  it.each([
    [null, '–'],
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [67108860, '64.0 MiB'],
    [5 * 1024 ** 4 * 200, '1000 TiB'],
  ])('formatBytes(%j) = %s', (n, s) => expect(formatBytes(n)).toBe(s));

  it.each([
    [null, '–'],
    [4.26, '4.3 s'],
    [125, '2 m 5 s'],
    [7300, '2 h 1 m'],
  ])('formatSeconds(%j) = %s', (n, s) => expect(formatSeconds(n)).toBe(s));

  it('summarizes lag with what the plugin knows', () => {
    expect(lagSummary({ operations: 1234, seconds: 12, bytes: null })).toBe('1,234 ops · 12 s');
    expect(lagSummary({ operations: null, seconds: null, bytes: 2048 })).toBe('2.0 KiB');
    expect(lagSummary({ operations: null, seconds: null, bytes: null })).toBe('–');
  });
});

describe('detailPairs', () => {
  it.each([
    [0, [['leader', 'leader:orders'], ['checkpoints', '1,200 / 1,150']]],
    [2, [['leader', 'leader'], ['pattern', 'logs-*'], ['started / failed', '3 / 1'], ['failed indices', 'logs-bad']]],
    [3, [['remote', 'influx16'], ['buckets', 'b1 → replica'], ['queue', '4.0 KiB'], ['to sync', '2.0 KiB'], ['response', '503 unavailable'], ['points/s', '12.5']]],
    [4, [['index', 'clicks[0]'], ['poller', 'POLLING'], ['pointer', 'KafkaOffset{offset=9}'], ['lag', '3'], ['dead-lettered / failed', '0 / 1']]],
  ])('of BOARD[%i]', (i, pairs) => expect(detailPairs(BOARD[i])).toEqual(pairs));

  it('marks a paused shard and leaves missing values as a dash', () => {
    const f = flow({ id: 'x', kind: 'ingestion-shard', name: 'x[0]', details: { index: 'x', shard: 0, poller_state: 'PAUSED', paused: true } });
    expect(detailPairs(f)).toContainEqual(['poller', 'PAUSED (paused)']);
    expect(detailPairs(f)).toContainEqual(['pointer', '–']);
  });
});

describe('sparklinePoints', () => {
  it('needs two numeric samples', () => {
    expect(sparklinePoints(undefined, 100, 20)).toBe('');
    expect(sparklinePoints([[1, 5]], 100, 20)).toBe('');
    expect(sparklinePoints([[1, null], [2, 3]], 100, 20)).toBe('');
  });

  it('spans the width in time and scales the highest lag to the top', () => {
    expect(sparklinePoints([[1000, 0], [2000, 10], [3000, 5]], 100, 20)).toBe('0.0,19.0 50.0,1.0 100.0,10.0');
  });

  it('draws a flat line at the bottom when the lag is always zero', () => {
    expect(sparklinePoints([[0, 0], [10, 0]], 10, 10)).toBe('0.0,9.0 10.0,9.0');
  });
});
