import { murmur3Finish } from '../documents/routing';
import { illegalArgument } from '../http/errors';

/** A `slice` of a sliced scroll / point-in-time search. */
export interface SliceSpec {
  id: number;
  max: number;
  field: string;
}

/** Reads and validates `slice: {id, max, field}` as OpenSearch's `SliceBuilder` does. */
export function parseSlice(raw: unknown): SliceSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  const s = raw as { id?: unknown; max?: unknown; field?: unknown };
  const id = Number(s.id);
  const max = Number(s.max);
  if (!Number.isInteger(max) || max <= 1) throw illegalArgument('max must be greater than 1');
  if (!Number.isInteger(id) || id < 0) throw illegalArgument('id must be greater than or equal to 0');
  if (id >= max) throw illegalArgument('max must be greater than id');
  return { id, max, field: typeof s.field === 'string' ? s.field : '_id' };
}

/** What a slice means for one shard: nothing, everything, or a hash partition of the `_id` terms. */
export type ShardSlice = 'none' | 'all' | { id: number; max: number };

/**
 * `SliceBuilder.toFilter`: with several shards, slices are first spread over shards (`shardIndex` and
 * `numShards` count the shards this request targets, so `preference=_shards:N` makes it one shard).
 */
export function sliceForShard(slice: SliceSpec, shardIndex: number, numShards: number): ShardSlice {
  if (numShards === 1) return { id: slice.id, max: slice.max };
  if (slice.max >= numShards) {
    const targetShard = slice.id % numShards;
    if (targetShard !== shardIndex) return 'none';
    let inShard = Math.floor(slice.max / numShards);
    if (slice.max % numShards > targetShard) inShard++;
    if (inShard === 1) return 'all';
    return { id: Math.floor(slice.id / numShards), max: inShard };
  }
  return shardIndex % slice.max === slice.id ? 'all' : 'none';
}

const SEED = 7919;

/** `TermsSliceQuery` on `_id`: `floorMod(murmur3(encodedId, 7919), max) == id`. */
export function inIdSlice(id: string, s: { id: number; max: number }): boolean {
  const h = murmur3Bytes(encodeId(id), SEED);
  return (((h % s.max) + s.max) % s.max) === s.id;
}

/** OpenSearch's `Uid.encodeId`: how an `_id` is stored as a term (numeric, base64 or UTF-8 forms). */
export function encodeId(id: string): Uint8Array {
  if (/^[0-9]+$/.test(id)) {
    const b = new Uint8Array(1 + Math.floor((id.length + 1) / 2));
    b[0] = 0xfe;
    for (let i = 0; i < id.length; i += 2) {
      const b1 = id.charCodeAt(i) - 48;
      const b2 = i + 1 === id.length ? 0x0f : id.charCodeAt(i + 1) - 48;
      b[1 + i / 2] = (b1 << 4) | b2;
    }
    return b;
  }
  if (isUrlBase64WithoutPadding(id)) {
    const raw = Buffer.from(id, 'base64url');
    return raw[0] >= 0xfd ? Uint8Array.from([0xfd, ...raw]) : new Uint8Array(raw);
  }
  return Uint8Array.from([0xff, ...Buffer.from(id, 'utf8')]);
}

function isUrlBase64WithoutPadding(id: string): boolean {
  const last = id[id.length - 1];
  switch (id.length & 3) {
    case 1:
      return false;
    case 2:
      if (!'AQgw'.includes(last)) return false;
      break;
    case 3:
      if (!'AEIMQUYcgkosw048'.includes(last)) return false;
      break;
  }
  return /^[0-9A-Za-z_-]+$/.test(id);
}

/** Lucene's `StringHelper.murmurhash3_x86_32(byte[], offset, len, seed)`. */
export function murmur3Bytes(data: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h1 = seed | 0;
  const len = data.length;
  const rounded = len & ~3;
  const mix = (k: number) => {
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    return Math.imul(k, c2);
  };
  for (let i = 0; i < rounded; i += 4) {
    h1 ^= mix(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k1 = data[rounded];
    if (tail > 1) k1 |= data[rounded + 1] << 8;
    if (tail > 2) k1 |= data[rounded + 2] << 16;
    h1 ^= mix(k1);
  }
  return murmur3Finish(h1, len);
}
