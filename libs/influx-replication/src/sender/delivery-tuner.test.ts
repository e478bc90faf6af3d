import { DeliveryTuner, encodingName, type DeliveryTunerOptions, type Encoding } from './delivery-tuner';

/** A fake clock and a simulated remote whose throughput (bytes per ms) depends on the lanes and encoding. */
function harness(options: Partial<DeliveryTunerOptions>, throughput: (lanes: number, e: Encoding) => number) {
  let clock = 0;
  const tuner = new DeliveryTuner({ lanes: 'auto', compression: 'gzip', level: 1, maxLanes: 16, now: () => clock, windowMs: 1000, minSamples: 2, holdMs: 30_000, ...options });
  const seen: number[] = [];
  /** Delivers `n` full 1 MB batches at the simulated rate, advancing the clock by each batch's duration. */
  const deliver = (n: number, extra: Partial<{ full: boolean; latencyMs: number }> = {}) => {
    for (let i = 0; i < n; i++) {
      const { lanes, encoding } = tuner;
      const ms = 1_000_000 / throughput(lanes, encoding);
      clock += ms;
      tuner.delivered({ bytes: 1_000_000, ms, full: true, lanes, encoding, latencyMs: ms, ...extra });
      seen.push(tuner.lanes);
    }
  };
  return { tuner, deliver, seen, advance: (ms: number) => (clock += ms) };
}

describe('DeliveryTuner', () => {
  it('grows lanes while throughput rises and settles on the best count', () => {
    // Rises up to 4 lanes (each lane +50 %), flat after.
    const h = harness({}, (lanes) => 1000 * (1 + 0.5 * Math.min(lanes, 4) - 0.5));
    h.deliver(200);
    expect(Math.max(...h.seen)).toBe(5);
    expect(h.tuner.lanes).toBe(4);
  });

  it('stays at one lane when a second one brings nothing', () => {
    const h = harness({}, () => 1000);
    h.deliver(100);
    expect(Math.max(...h.seen)).toBe(2);
    expect(h.tuner.lanes).toBe(1);
  });

  it('never goes past maxLanes', () => {
    const h = harness({ maxLanes: 3 }, (lanes) => 1000 * lanes);
    h.deliver(300);
    expect(Math.max(...h.seen)).toBe(3);
    expect(h.tuner.lanes).toBe(3);
  });

  it('halves the lanes on a failure and searches again only after holdMs', () => {
    const h = harness({}, (lanes) => 1000 * lanes);
    h.deliver(40);
    const before = h.tuner.lanes;
    expect(before).toBeGreaterThanOrEqual(8);
    h.tuner.failed();
    expect(h.tuner.lanes).toBe(Math.floor(before / 2));
    // Held: 20 more seconds of delivery change nothing.
    h.deliver(20);
    expect(h.tuner.lanes).toBe(Math.floor(before / 2));
    h.advance(30_000);
    h.deliver(40);
    expect(h.tuner.lanes).toBeGreaterThan(Math.floor(before / 2));
  });

  it('drops a lane when the slowest request is past latencyLimitMs', () => {
    const h = harness({ latencyLimitMs: 5000 }, (lanes) => 1000 * lanes);
    h.deliver(12);
    const lanes = h.tuner.lanes;
    expect(lanes).toBeGreaterThan(1);
    h.deliver(8, { latencyMs: 6000 });
    expect(h.tuner.lanes).toBe(lanes - 1);
  });

  it('ignores batches that were not read from a backlog and batches of an older setting', () => {
    const h = harness({}, (lanes) => 1000 * lanes);
    h.deliver(10, { full: false });
    expect(h.tuner.lanes).toBe(1);
    for (let i = 0; i < 10; i++) h.tuner.delivered({ bytes: 1e6, ms: 1000, full: true, lanes: 7, encoding: { kind: 'none' }, latencyMs: 1 });
    expect(h.tuner.lanes).toBe(1);
  });

  it('keeps a fixed setting as configured', () => {
    const h = harness({ lanes: 3, compression: 'gzip', level: 5 }, () => 1000);
    h.deliver(50);
    expect(h.tuner.lanes).toBe(3);
    expect(encodingName(h.tuner.encoding)).toBe('gzip-5');
    h.tuner.failed();
    expect(h.tuner.lanes).toBe(3);
  });

  it.each([
    // A fast link that pays for compression CPU: sending raw is fastest.
    ['a fast local link', (e: Encoding) => (e.kind === 'none' ? 3000 : e.level === 1 ? 2000 : 800), 'none'],
    // A slow link: bytes dominate, the smallest encoding wins.
    ['a slow link', (e: Encoding) => (e.kind === 'none' ? 100 : e.level === 1 ? 500 : 560), 'gzip-6'],
    // Level 6 within 5 % of level 1: the fewer bytes win the tie.
    ['a tie', (e: Encoding) => (e.kind === 'none' ? 300 : e.level === 1 ? 1000 : 970), 'gzip-6'],
    ['level 1 best', (e: Encoding) => (e.kind === 'none' ? 300 : e.level === 1 ? 1000 : 600), 'gzip-1'],
  ])('with compression auto picks the encoding that delivers most on %s', (_, rate, expected) => {
    const h = harness({ lanes: 1, compression: 'auto' }, (_lanes, e) => rate(e));
    h.deliver(30);
    expect(encodingName(h.tuner.encoding)).toBe(expected);
    expect(h.tuner.lanes).toBe(1);
  });

  it('with both auto, tries the encodings first and then grows lanes with the chosen one', () => {
    const h = harness({ compression: 'auto' }, (lanes, e) => (e.kind === 'none' ? 2000 : 1000) * Math.min(lanes, 3));
    h.deliver(100);
    expect(encodingName(h.tuner.encoding)).toBe('none');
    expect(h.tuner.lanes).toBe(3);
  });
});
