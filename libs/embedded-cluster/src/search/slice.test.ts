import { murmur3HashString } from '../documents/routing';
import { encodeId, inIdSlice, murmur3Bytes, sliceForShard } from './slice';

describe('sliced search', () => {
  it.each([
    ['', 0],
    ['a', 1009084850],
    ['ab', 2613040991],
    ['abc', 3017643002],
    ['abcd', 1139631978],
    ['abcde', 3902511862],
  ])('murmur3_x86_32(%j, 0) = %i', (text, expected) => {
    expect(murmur3Bytes(Buffer.from(text), 0) >>> 0).toBe(expected);
  });

  it('agrees with the routing hash over UTF-16LE bytes', () => {
    for (const s of ['hello', 'hello wor', 'ünïcode-ß']) expect(murmur3Bytes(Buffer.from(s, 'utf16le'), 0)).toBe(murmur3HashString(s));
  });

  it.each([
    ['123', [0xfe, 0x12, 0x3f]],
    ['12', [0xfe, 0x12]],
    ['AAAA', [0, 0, 0]],
    ['doc-1!', [0xff, ...Buffer.from('doc-1!')]],
    ['abc', [0x69, 0xb7]],
    ['abd', [0xff, ...Buffer.from('abd')]],
  ])('encodes _id %s like Uid.encodeId', (id, bytes) => {
    expect([...encodeId(id)]).toEqual(bytes);
  });

  it('partitions ids into disjoint slices that cover everything', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `id-${i}`);
    const counts = [0, 1, 2].map((id) => ids.filter((x) => inIdSlice(x, { id, max: 3 })).length);
    expect(counts.reduce((a, b) => a + b)).toBe(300);
    expect(Math.min(...counts)).toBeGreaterThan(50);
  });

  it.each([
    [{ id: 1, max: 4, field: '_id' }, 0, 1, { id: 1, max: 4 }],
    [{ id: 1, max: 2, field: '_id' }, 0, 2, 'none'],
    [{ id: 1, max: 2, field: '_id' }, 1, 2, 'all'],
    [{ id: 2, max: 4, field: '_id' }, 0, 2, { id: 1, max: 2 }],
    [{ id: 0, max: 2, field: '_id' }, 2, 3, 'all'],
  ])('spreads slice %j over shard %i of %i', (slice, shard, shards, expected) => {
    expect(sliceForShard(slice, shard, shards)).toEqual(expected);
  });
});
