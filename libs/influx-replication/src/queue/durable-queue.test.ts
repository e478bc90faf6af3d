import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableQueue } from './durable-queue';

describe('DurableQueue', () => {
  let dir: string;
  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'ferry-queue-')), 'q')));
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
  const open = (segmentBytes = 1024) => DurableQueue.open({ dir, segmentBytes });
  const text = (entries: { payload: Buffer }[]) => entries.map((e) => e.payload.toString()).join('');

  it('appends concurrently (group commit), reads in order across segments and advances', async () => {
    const q = await open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => q.append(Buffer.from(`line ${String(i).padStart(2, '0')}\n`), 1, 1000 + i)));
    expect(readdirSync(dir).filter((f) => /^\d+$/.test(f)).length).toBeGreaterThanOrEqual(1);
    const first = await q.read(200);
    expect(first.length).toBeGreaterThan(0);
    expect(text(first).startsWith('line 00\n')).toBe(true);
    const total = q.remainingBytes;
    await q.advance(first[first.length - 1].next);
    expect(q.remainingBytes).toBe(total - first.reduce((n, e) => n + e.size, 0));
    await q.close();
  });

  it('resumes from the persisted head after reopening and rotates segments', async () => {
    const q = await open(100);
    for (let i = 0; i < 20; i++) await q.append(Buffer.from(`p${i} v=1 ${i}\n`), 1, i);
    expect(readdirSync(dir).filter((f) => /^\d+$/.test(f)).length).toBeGreaterThan(2);
    const some = await q.read(150);
    await q.advance(some[some.length - 1].next);
    await q.close();
    const again = await open(100);
    const rest = await again.read(1 << 20);
    expect(rest[0].payload.toString()).toBe(`p${some.length} v=1 ${some.length}\n`);
    const all = [];
    for (let e = await again.read(1 << 20); e.length > 0; e = await again.read(1 << 20)) {
      all.push(...e);
      await again.advance(e[e.length - 1].next);
    }
    expect(all).toHaveLength(20 - some.length);
    expect(again.remainingBytes).toBe(0);
    await again.close();
  });

  it('truncates a torn tail record on open (crash mid-append) and keeps what was acknowledged', async () => {
    const q = await open();
    await q.append(Buffer.from('a v=1 1\n'), 1, 1);
    await q.append(Buffer.from('b v=1 2\n'), 1, 2);
    await q.close();
    const seg = join(dir, '1');
    const good = statSync(seg).size;
    appendFileSync(seg, Buffer.from([0, 0, 0, 50, 1, 2, 3]));
    const repaired: unknown[] = [];
    const again = await DurableQueue.open({ dir, segmentBytes: 1024, onRepair: (i) => repaired.push(i) });
    expect(repaired).toEqual([{ segment: 1, truncatedBytes: 7 }]);
    expect(statSync(seg).size).toBe(good);
    expect(text(await again.read(1 << 20))).toBe('a v=1 1\nb v=1 2\n');
    await again.append(Buffer.from('c v=1 3\n'), 1, 3);
    expect(text(await again.read(1 << 20))).toBe('a v=1 1\nb v=1 2\nc v=1 3\n');
    await again.destroy();
  });
});
