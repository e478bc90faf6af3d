import { seriesHash, splitBySeries } from './series-lanes';

const key = (line: string) => {
  const b = Buffer.from(line);
  return seriesHash(b, 0, b.length);
};

describe('seriesHash', () => {
  it.each([
    ['cpu,a=1,b=2,c=3', 'cpu,c=3,a=1,b=2'],
    ['cpu,host=x,region=eu', 'cpu,region=eu,host=x'],
    ['my\\,m,t\\,k=v\\ 1,z=9', 'my\\,m,z=9,t\\,k=v\\ 1'],
  ])('gives %s and %s (same tags, other order) the same hash', (a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it.each([
    ['cpu,a=1', 'cpu,a=2'],
    ['cpu,a=1', 'mem,a=1'],
    ['cpu,a=1,b=2', 'cpu,a=1b=2'],
  ])('tells %s from %s', (a, b) => {
    expect(key(a)).not.toBe(key(b));
  });
});

describe('splitBySeries', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? `m,region=r${i % 4},host=h${i % 50} v=${i} ${i}` : `m,host=h${i % 50},region=r${i % 4} v=${i} ${i}`));
  const body = Buffer.from(lines.join('\n') + '\n');

  it('keeps the batch whole for one lane', () => {
    expect(splitBySeries(body, 1)).toEqual([body]);
  });

  it('puts every line in exactly one lane, each series in one lane, in queue order, spread over the lanes', () => {
    const lanes = splitBySeries(body, 4).map((b) => b.toString().split('\n').slice(0, -1));
    expect(lanes).toHaveLength(4);
    expect(lanes.flat().sort()).toEqual([...lines].sort());
    const laneOfSeries = new Map<string, number>();
    lanes.forEach((laneLines, lane) => {
      const values = laneLines.map((l) => Number(/ v=(\d+)/.exec(l)![1]));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      for (const l of laneLines) {
        const m = /host=(h\d+)/.exec(l)![1] + /region=(r\d)/.exec(l)![1];
        expect(laneOfSeries.get(m) ?? lane).toBe(lane);
        laneOfSeries.set(m, lane);
      }
    });
    for (const laneLines of lanes) expect(laneLines.length).toBeGreaterThan(2000 / 4 / 3);
  });
});
