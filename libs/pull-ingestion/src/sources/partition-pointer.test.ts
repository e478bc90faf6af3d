import { CompositePointer, moduloPartitions, parseComposite, parsePartitionOffsets, startPositions } from './partition-pointer';

const describeKafka = (p: number, v: string) => `KafkaPartitionOffset{partition=${p}, offset=${v}}`;

describe('multi-partition pointers', () => {
  it.each([
    [0, 4, 8, [0, 4]],
    [3, 4, 8, [3, 7]],
    [0, 1, 4, [0, 1, 2, 3]],
    [2, 3, 5, [2]],
  ])('modulo: shard %d of %d over %d partitions reads %j', (shard, shards, partitions, expected) => {
    expect(moduloPartitions(shard, shards, partitions)).toEqual(expected);
  });

  it.each([
    [0, 8, 4, 'Number of source partitions [4] must be >= number of shards [8] for modulo partition strategy'],
    [0, 1, 0, 'Number of source partitions must be positive, got: 0'],
  ])('modulo refuses shard %d of %d over %d partitions', (shard, shards, partitions, message) => {
    expect(() => moduloPartitions(shard, shards, partitions)).toThrow(message);
  });

  it('lists the record partition first in the value and every partition in order in the display', () => {
    const p = new CompositePointer(
      [
        { partition: 2, value: '17', after: false },
        { partition: 0, value: '5', after: true },
      ],
      describeKafka,
    );
    expect(p.value).toBe('2:17,0>5');
    expect(p.display).toBe('[KafkaPartitionOffset{partition=0, offset=5}, KafkaPartitionOffset{partition=2, offset=17}]');
    expect(parseComposite(p.value)).toEqual(p.positions);
    expect(parseComposite('17')).toBeUndefined();
    // An exclusive start moves only the record's partition past its message.
    expect([...startPositions({ pointer: p, inclusive: false }).values()]).toEqual([
      { partition: 2, value: '17', after: true },
      { partition: 0, value: '5', after: true },
    ]);
  });

  it('reads the empty pointer of a shard that had no partition yet as no positions', () => {
    const empty = new CompositePointer([], describeKafka);
    expect(empty.value).toBe('');
    expect(parseComposite(empty.value)).toEqual([]);
    expect(startPositions({ pointer: empty, inclusive: false }).size).toBe(0);
  });

  it.each([
    ['0:5,2:7', [[0, '5'], [2, '7']]],
    ['3:42', [[3, '42']]],
  ])('parses reset offsets %s', (text, expected) => {
    expect([...parsePartitionOffsets(text)]).toEqual(expected);
  });

  it.each([
    ['42', "Multi-partition mode requires offset in 'partition:offset' format (e.g., '3:42'), got: 42"],
    ['1:2:3', "Invalid multi-partition pointer format. Expected 'partition:offset' (e.g., '3:42'), got: 1:2:3"],
  ])('refuses reset offsets %s', (text, message) => {
    expect(() => parsePartitionOffsets(text)).toThrow(message);
  });
});
