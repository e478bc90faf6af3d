import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileShardConsumer } from './file-consumer';
import { MultiPartitionConsumer } from './multi-partition-consumer';
import { filePartitions } from './partition-discovery';

describe('MultiPartitionConsumer over file partitions', () => {
  const base = mkdtempSync(join(tmpdir(), 'ferry-multi-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const write = (p: number, ...lines: string[]) => appendFileSync(join(base, 's', `${p}.ndjson`), lines.map((l) => `${l}\n`).join(''));
  const consumer = (shard: number) =>
    new MultiPartitionConsumer({
      partitions: () => filePartitions({ directory: join(base, 's'), shard, numShards: 2 }),
      open: (p) => new FileShardConsumer({ directory: join(base, 's'), shard: p }),
      describe: (p, line) => `FileOffset{partition=${p}, line=${line}}`,
    });

  it('reads its partitions round-robin with composite pointers, seeks past one, and resets named partitions only', async () => {
    mkdirSync(join(base, 's'));
    write(0, 'a0', 'a1');
    write(1, 'x');
    write(2, 'c0');
    const c = consumer(0);
    try {
      await c.seek({ pointer: await c.earliestPointer(), inclusive: true });
      const read = await c.readNext(10, 0);
      expect(read.map((r) => [r.payload.toString(), r.pointer.value, r.pointer.own?.value])).toEqual([
        ['a0', '0:0,2:0', '0:0'],
        ['a1', '0:1,2:0', '0:1'],
        ['c0', '2:0,0>1', '2:0'],
      ]);
      expect(await c.pointerLag()).toBe(0);

      // Restarting after a1 re-reads c0 only.
      await c.seek({ pointer: read[1].pointer, inclusive: false });
      expect((await c.readNext(10, 0)).map((r) => r.payload.toString())).toEqual(['c0']);

      const reset = await c.pointerFromOffset('2:0', { pointer: read[2].pointer, inclusive: false });
      expect(reset.value).toBe('2:0,0>1');
      expect(reset.display).toBe('[FileOffset{partition=0, line=1}, FileOffset{partition=2, line=0}]');
      await expect(c.pointerFromOffset('1:0')).rejects.toThrow('Partition 1 is not assigned to this shard (assigned: 0, 2)');
    } finally {
      await c.close();
    }
  });
});
