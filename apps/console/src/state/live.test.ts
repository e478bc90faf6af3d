import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, LivePoller, updatedAgo, type LiveHealth } from './live';

describe('backoffDelay', () => {
  it.each([
    [0, 3000],
    [1, 6000],
    [2, 12000],
    [3, 24000],
    [4, 30000],
    [50, 30000],
  ])('after %i failures waits %i ms', (n, ms) => expect(backoffDelay(3000, n, 30000)).toBe(ms));
});

describe('LivePoller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function poller(load: () => Promise<number>, extra: Partial<ConstructorParameters<typeof LivePoller<number>>[0]> = {}) {
    const data: number[] = [];
    const health: LiveHealth[] = [];
    const p = new LivePoller<number>({ load, intervalMs: 1000, maxBackoffMs: 8000, timeoutMs: 5000, slowMs: 2000, onData: (d) => data.push(d), onHealth: (h) => health.push(h), ...extra });
    return { p, data, health };
  }

  it('loads at once, then every interval', async () => {
    let n = 0;
    const { p, data } = poller(async () => ++n);
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(data).toEqual([1]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(data).toEqual([1, 2, 3, 4]);
    p.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(data).toHaveLength(4);
  });

  it('backs off while the gateway fails, says so, and picks up when it answers again', async () => {
    let up = false;
    let calls = 0;
    const { p, data, health } = poller(async () => {
      calls++;
      if (!up) throw new TypeError('Failed to fetch');
      return calls;
    });
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.at(-1)).toEqual({ kind: 'down', failures: 1, retryInMs: 2000, error: 'Failed to fetch' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(health.at(-1)).toMatchObject({ kind: 'down', failures: 2, retryInMs: 4000 });
    await vi.advanceTimersByTimeAsync(4000 + 8000);
    expect(health.at(-1)).toMatchObject({ failures: 4, retryInMs: 8000 });
    expect(calls).toBe(4);
    up = true;
    await vi.advanceTimersByTimeAsync(8000);
    expect(health.at(-1)).toEqual({ kind: 'ok' });
    expect(data).toEqual([5]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(data).toEqual([5, 6]);
    p.stop();
  });

  it('reports a slow answer and a timeout', async () => {
    let delay = 2500;
    const { p, health } = poller(() => new Promise<number>((ok) => setTimeout(() => ok(1), delay)));
    p.start();
    await vi.advanceTimersByTimeAsync(2500);
    expect(health.at(-1)).toEqual({ kind: 'slow', ms: 2500 });
    p.stop();
    delay = 60_000;
    const never = poller((): Promise<number> => new Promise(() => undefined), { load: (signal) => new Promise((_ok, fail) => signal.addEventListener('abort', () => fail(signal.reason))) });
    never.p.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(never.health.at(-1)).toMatchObject({ kind: 'down', error: 'no answer within 5000 ms' });
    never.p.stop();
  });

  it('makes no request while hidden, and refreshes at once when shown', async () => {
    let n = 0;
    const { p, data } = poller(async () => ++n);
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    p.setVisible(false);
    expect(p.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(data).toEqual([1]);
    p.setVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(data).toEqual([1, 2]);
    p.stop();
  });

  it('stops on a fatal error (401) instead of retrying', async () => {
    const fatal: unknown[] = [];
    let calls = 0;
    const { p, health } = poller(
      async () => {
        calls++;
        throw Object.assign(new Error('401'), { status: 401 });
      },
      { isFatal: (e) => (e as { status?: number }).status === 401, onFatal: (e) => fatal.push(e) },
    );
    p.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(health).toEqual([]);
  });

  it('refreshNow runs at once but never two requests together', async () => {
    let inFlight = 0;
    let most = 0;
    const { p } = poller(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight--;
      return 1;
    });
    p.start();
    p.refreshNow();
    p.refreshNow();
    await vi.advanceTimersByTimeAsync(3000);
    expect(most).toBe(1);
    p.stop();
  });
});

describe('updatedAgo', () => {
  it.each([
    [undefined, 'not updated yet'],
    [10_000, 'updated 0 s ago'],
    [5_600, 'updated 4 s ago'],
    [-120_000, 'updated 2 min ago'],
  ])('%s', (at, text) => expect(updatedAgo(at, 10_000)).toBe(text));
});
