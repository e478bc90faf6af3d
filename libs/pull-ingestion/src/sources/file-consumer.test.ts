import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileShardConsumer } from './file-consumer';

describe('FileShardConsumer', () => {
  const base = mkdtempSync(join(tmpdir(), 'ferry-fs-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('tails <base>/<stream>/<shard>.ndjson by line, seeks and reports lag', async () => {
    mkdirSync(join(base, 's'));
    const c = new FileShardConsumer({ directory: join(base, 's'), shard: 2 });
    await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
    expect(await c.readNext(10)).toEqual([]);
    appendFileSync(join(base, 's', '2.ndjson'), 'l0\nl1\nl2\npartial');
    expect((await c.latestPointer()).display).toBe('FileOffset{line=3}');
    expect(await c.pointerLag()).toBe(3);
    const first = await c.readNext(2);
    expect(first.map((r) => [r.pointer.display, r.payload.toString()])).toEqual([
      ['FileOffset{line=0}', 'l0'],
      ['FileOffset{line=1}', 'l1'],
    ]);
    expect((await c.readNext(10)).map((r) => r.payload.toString())).toEqual(['l2']);
    appendFileSync(join(base, 's', '2.ndjson'), '-done\nl4\n');
    expect((await c.readNext(10)).map((r) => r.payload.toString())).toEqual(['partial-done', 'l4']);
    await c.seek({ pointer: await c.pointerFromOffset('1'), inclusive: false });
    expect((await c.readNext(1)).map((r) => r.pointer.value)).toEqual(['2']);
    expect((await c.pointerFromTimestamp()).value).toBe('0');
  });
});
