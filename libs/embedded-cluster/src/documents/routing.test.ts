import { defaultRoutingNumShards } from '../indices/index-meta';
import { murmur3HashString, shardFor } from './routing';

// Vectors from OpenSearch's own tests (server/src/test/.../Murmur3HashFunctionTests.java and OperationRoutingTests.java).
describe('murmur3 routing hash', () => {
  it.each([
    [0x5a0cb7c3, 'hell'],
    [0xd7c31989, 'hello'],
    [0x22ab2984, 'hello w'],
    [0xdf0ca123, 'hello wo'],
    [0xe7744d61, 'hello wor'],
    [0xe07db09c, 'The quick brown fox jumps over the lazy dog'],
    [0x4e63d2ad, 'The quick brown fox jumps over the lazy cog'],
  ])('hashes to %i: %s', (expected, input) => {
    expect(murmur3HashString(input)).toBe(expected | 0);
  });
});

describe('shard selection', () => {
  // OperationRoutingTests.testBWC: 8 shards, routing num shards 8; the term is the id or the routing.
  it.each([
    ['sEERfFzPSI', 1], ['cNRiIrjzYd', 7], ['BgfLBXUyWT', 5], ['cnepjZhQnb', 3], ['OKCmuYkeCK', 6], ['OutXGRQUja', 5],
    ['yCdyocKWou', 1], ['KXuNWWNgVj', 2], ['DGJOYrpESx', 4], ['upLDybdTGs', 5], ['yhZhzCPQby', 1], ['EyCVeiCouA', 1],
    ['tFyVdQauWR', 6], ['nyeRYDnDQr', 6], ['hswhrppvDH', 0], ['BSiWvDOsNE', 5], ['YHicpFBSaY', 1], ['EquPtdKaBZ', 4],
    ['rSjLZHCDfT', 5], ['qoZALVcite', 7], ['yDCCPVBiCm', 7], ['ngizYtQgGK', 5], ['FYQRIBcNqz', 0], ['EBzEDAPODe', 2],
    ['YePigbXgKb', 1], ['PeGJjomyik', 3], ['cyQIvDmyYD', 7], ['yIEfZrYfRk', 5], ['kblouyFUbu', 7], ['xvIGbRiGJF', 3],
    ['KWimwsREPf', 4], ['wsNavvIcdk', 7], ['xkWaPcCmpT', 0], ['FKKTOnJMDy', 7], ['RuLzobYixn', 2], ['mFohLeFRvF', 4],
    ['imoydNTZhV', 1], ['uFZyTyOMRO', 4], ['nVAZVMPNNx', 3], ['rPIdESYaAO', 5], ['nbZWPWJsIM', 0], ['wRZXPSoEgd', 3],
    ['nGzpgwsSBc', 4], ['AITyyoyLLs', 4],
  ])('%s lands in shard %i', (term, shard) => {
    expect(shardFor({ id: term, numberOfShards: 8, routingNumShards: 8 })).toBe(shard);
    expect(shardFor({ id: 'foobar', routing: term, numberOfShards: 8, routingNumShards: 8 })).toBe(shard);
  });

  // OperationRoutingTests.testPartitionedIndexShrunk: 4 shards, routing num shards 8, partition size 3.
  it.each([
    ['a', 'a_0', 1], ['a', 'a_1', 2], ['a', 'a_2', 2], ['a', 'a_3', 2], ['a', 'a_4', 1], ['a', 'a_5', 2],
    ['b', 'b_0', 0], ['b', 'b_1', 0], ['b', 'b_2', 0], ['b', 'b_3', 0], ['b', 'b_4', 3], ['b', 'b_5', 3],
    ['c', 'c_0', 1], ['c', 'c_1', 1], ['c', 'c_2', 0], ['c', 'c_3', 0], ['c', 'c_4', 0], ['c', 'c_5', 1],
    ['d', 'd_0', 2], ['d', 'd_1', 2], ['d', 'd_2', 3], ['d', 'd_3', 3], ['d', 'd_4', 3], ['d', 'd_5', 3],
  ])('partitioned shrunk: routing %s id %s → %i', (routing, id, shard) => {
    expect(shardFor({ id, routing, numberOfShards: 4, routingNumShards: 8, partitionSize: 3 })).toBe(shard);
  });

  // OperationRoutingTests.testPartitionedIndexBWC: 6 shards (routing num shards 6), partition size 2.
  it.each([
    ['a', 'a_0', 3], ['a', 'a_1', 2], ['a', 'a_2', 2], ['a', 'a_3', 3],
    ['b', 'b_0', 5], ['b', 'b_1', 0], ['b', 'b_2', 0], ['b', 'b_3', 0],
    ['c', 'c_0', 4], ['c', 'c_1', 4], ['c', 'c_2', 3], ['c', 'c_3', 4],
    ['d', 'd_0', 3], ['d', 'd_1', 4], ['d', 'd_2', 4], ['d', 'd_3', 4],
  ])('partitioned: routing %s id %s → %i', (routing, id, shard) => {
    expect(shardFor({ id, routing, numberOfShards: 6, routingNumShards: 6, partitionSize: 2 })).toBe(shard);
  });

  // MetadataCreateIndexService.calculateNumRoutingShards for indices created on 7.0+.
  it.each([
    [1, 1024], [2, 1024], [3, 768], [4, 1024], [5, 640], [8, 1024], [10, 640], [512, 1024], [1024, 2048], [2000, 4000],
  ])('%i shards route over %i routing shards', (shards, routing) => {
    expect(defaultRoutingNumShards(shards)).toBe(routing);
  });
});
