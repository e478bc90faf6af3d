import { backoffMs } from './backoff';

describe('backoffMs', () => {
  it.each([
    [0, 0, 125],
    [0, 1, 250],
    [1, 1, 500],
    [2, 1, 1000],
    [3, 0.5, 1500],
    [10, 1, 60_000],
    [50, 0, 30_000],
  ])('failure %i with random %d waits %i ms (0.25 s doubling, jitter in [half, full], capped at 60 s)', (failures, r, expected) => {
    expect(backoffMs(failures, 60_000, () => r)).toBe(expected);
  });
});
