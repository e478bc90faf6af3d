/** 0.25 s doubling per failure, capped, with jitter in [half, full] so many senders do not retry in step. */
export function backoffMs(failures: number, capMs: number, random: () => number = Math.random): number {
  const base = Math.min(capMs, 250 * 2 ** Math.min(failures, 30));
  return Math.round(base / 2 + (random() * base) / 2);
}
