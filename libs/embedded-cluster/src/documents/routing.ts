/**
 * Lucene's `StringHelper.murmurhash3_x86_32` over the UTF-16LE code units of `routing` with seed 0: this is
 * OpenSearch's `Murmur3HashFunction.hash(String)`, which hashes each char as two little-endian bytes.
 */
export function murmur3HashString(routing: string): number {
  const len = routing.length * 2;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h1 = 0;
  const pairs = routing.length >> 1;
  for (let i = 0; i < pairs; i++) {
    // Two chars make one 4-byte little-endian block: low char in the low half.
    let k1 = (routing.charCodeAt(2 * i) | (routing.charCodeAt(2 * i + 1) << 16)) | 0;
    k1 = Math.imul(k1, c1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, c2);
    h1 ^= k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  if (routing.length & 1) {
    let k1 = routing.charCodeAt(routing.length - 1);
    k1 = Math.imul(k1, c1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, c2);
    h1 ^= k1;
  }
  return murmur3Finish(h1, len);
}

/** MurmurHash3 x86_32 finalization (length mix and fmix32), shared by routing and slicing. */
export function murmur3Finish(hash: number, len: number): number {
  let h1 = hash ^ len;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

/**
 * OpenSearch's `OperationRouting.generateShardId` + `calculateScaledShardId`:
 * `floorMod(hash(routing ?? id) + partitionOffset, routingNumShards) / (routingNumShards / numberOfShards)`,
 * where a partitioned index (`routing_partition_size` > 1) spreads one routing value over
 * `floorMod(hash(id), partitionSize)` neighbouring shards.
 */
export function shardFor(options: {
  id: string;
  routing?: string;
  numberOfShards: number;
  routingNumShards: number;
  partitionSize?: number;
}): number {
  const partitionSize = options.partitionSize ?? 1;
  const offset = partitionSize > 1 ? floorMod(murmur3HashString(options.id), partitionSize) : 0;
  const hash = (murmur3HashString(options.routing ?? options.id) + offset) | 0;
  const factor = Math.floor(options.routingNumShards / options.numberOfShards);
  return Math.floor(floorMod(hash, options.routingNumShards) / factor);
}

function floorMod(x: number, m: number): number {
  return ((x % m) + m) % m;
}
