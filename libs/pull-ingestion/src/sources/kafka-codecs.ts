import { CompressionCodecs, CompressionTypes } from 'kafkajs';

/**
 * Snappy, LZ4 and ZSTD for kafkajs, which only decodes gzip itself: a batch in any other codec makes it
 * throw "... compression not implemented", while OpenSearch's Java consumer reads all four. Importing
 * this module registers the decoders (see the call at the end); Ferry only reads, so compressing throws.
 *
 * The decoders are pure JavaScript (no native build, nothing downloaded at install) and are loaded on
 * first use, so a process that never meets such a batch pays nothing (lz4js allocates 5 MB on load).
 */

/** A kafkajs codec: `CompressionCodecs[type]()` returns it for every batch of that codec. */
export interface KafkaCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** kafkajs' codec table (`CompressionCodecs`), or a copy of it in tests. */
export type KafkaCodecTable = Partial<Record<CompressionTypes, () => unknown>>;

interface SnappyJs {
  uncompress(compressed: Buffer): Buffer;
}
interface Lz4Js {
  /** Decodes one LZ4 block of `src` into `dst` at `dIndex`; returns the end index in `dst`. */
  decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
}
interface Fzstd {
  decompress(data: Uint8Array): Uint8Array;
}

let snappyjs: SnappyJs | undefined;
let lz4js: Lz4Js | undefined;
let fzstd: Fzstd | undefined;
const snappy = (): SnappyJs => (snappyjs ??= require('snappyjs') as SnappyJs);
const lz4 = (): Lz4Js => (lz4js ??= require('lz4js') as Lz4Js);
const zstd = (): Fzstd => (fzstd ??= require('fzstd') as Fzstd);

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** 0x82 'SNAPPY' 0x00: the xerial snappy-java stream header the Java producer writes. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
/** The magic, then int32 version and int32 compatible version. */
const XERIAL_HEADER_BYTES = 16;

function corrupt(codec: string, what: string, at: number): Error {
  return new Error(`Corrupt ${codec} data in a Kafka record batch: ${what} at byte ${at}`);
}

/**
 * Snappy as Kafka producers write it: the Java client frames it the xerial way (header, then blocks
 * of int32 big-endian length + raw snappy), librdkafka writes one raw snappy block. Like snappy-java's
 * own reader, the header decides; a raw block cannot start with it in practice (its first bytes are
 * the uncompressed length as a varint, and 0x82 0x53 would announce 10 KB followed by an 'N' tag).
 */
export function decodeSnappy(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_BYTES || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) return snappy().uncompress(data);
  const blocks: Buffer[] = [];
  for (let at = XERIAL_HEADER_BYTES; at < data.length; ) {
    if (at + 4 > data.length) throw corrupt('snappy', 'truncated xerial block length', at);
    const size = data.readUInt32BE(at);
    if (at + 4 + size > data.length) throw corrupt('snappy', `xerial block of ${size} bytes past the end`, at);
    blocks.push(snappy().uncompress(data.subarray(at + 4, at + 4 + size)));
    at += 4 + size;
  }
  return Buffer.concat(blocks);
}

const LZ4_MAGIC = 0x184d2204;
/** Largest uncompressed block per block-maximum-size code (4..7) of the frame descriptor. */
const LZ4_BLOCK_MAX: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };
const LZ4_UNCOMPRESSED = 0x80000000;

interface Lz4Block {
  start: number;
  size: number;
  stored: boolean;
}

/** The frame's blocks, and the room their output may take. */
function lz4Blocks(data: Buffer, flags: number, maxBlock: number): { blocks: Lz4Block[]; room: number } {
  const blockChecksum = (flags & 0x10) !== 0 ? 4 : 0;
  const blocks: Lz4Block[] = [];
  let room = 0;
  // Descriptor: FLG, BD, optional 8-byte content size, header checksum.
  for (let at = 6 + ((flags & 0x08) !== 0 ? 8 : 0) + 1; ; ) {
    if (at + 4 > data.length) throw corrupt('LZ4', 'missing end mark', at);
    const word = data.readUInt32LE(at);
    if (word === 0) return { blocks, room };
    const stored = word >= LZ4_UNCOMPRESSED;
    const size = stored ? word - LZ4_UNCOMPRESSED : word;
    if (size > maxBlock || at + 4 + size + blockChecksum > data.length) throw corrupt('LZ4', `block of ${size} bytes`, at);
    blocks.push({ start: at + 4, size, stored });
    room += stored ? size : maxBlock;
    at += 4 + size + blockChecksum;
  }
}

/**
 * One LZ4 frame (Kafka's LZ4 codec since 0.10; librdkafka and the Java client write independent
 * 64 KB blocks, others may link blocks or add block checksums). lz4js decodes the blocks; the frame is
 * read here because lz4js' own frame reader skips a block checksum before the block instead of after
 * it. Checksums are not verified: the record batch's CRC covers these bytes, and Kafka clients before
 * 0.10 wrote a wrong header checksum (KAFKA-3160).
 */
export function decodeLz4Frame(data: Buffer): Buffer {
  if (data.length < 7 || data.readUInt32LE(0) !== LZ4_MAGIC) throw corrupt('LZ4', 'no LZ4 frame magic number', 0);
  const flags = data[4];
  if (flags >> 6 !== 1) throw corrupt('LZ4', `frame version ${flags >> 6}`, 4);
  if ((flags & 0x01) !== 0) throw corrupt('LZ4', 'a dictionary ID (unsupported)', 4);
  const maxBlock = LZ4_BLOCK_MAX[(data[5] >> 4) & 0x07];
  if (!maxBlock) throw corrupt('LZ4', `block maximum size code ${(data[5] >> 4) & 0x07}`, 5);
  const { blocks, room } = lz4Blocks(data, flags, maxBlock);
  // One output buffer: a linked block may copy from the blocks before it.
  const out = Buffer.alloc(room);
  let end = 0;
  for (const block of blocks) {
    const next = block.stored ? end + data.copy(out, end, block.start, block.start + block.size) : lz4().decompressBlock(data, out, block.start, block.size, end);
    if (!(next - end <= maxBlock && next <= out.length)) throw corrupt('LZ4', 'a block that decodes past its maximum size', block.start);
    end = next;
  }
  return out.subarray(0, end);
}

/** A zstd frame (or several), as the Java client (zstd-jni) and librdkafka write them. */
export function decodeZstd(data: Buffer): Buffer {
  return asBuffer(zstd().decompress(data));
}

function readerOnly(name: string, decode: (data: Buffer) => Buffer): KafkaCodec {
  return {
    async compress() {
      throw new Error(`${name} compression is not supported by Ferry's Kafka reader (it only decompresses)`);
    },
    async decompress(buffer) {
      return decode(buffer);
    },
  };
}

const FERRY_CODECS: [CompressionTypes, KafkaCodec][] = [
  [CompressionTypes.Snappy, readerOnly('Snappy', decodeSnappy)],
  [CompressionTypes.LZ4, readerOnly('LZ4', decodeLz4Frame)],
  [CompressionTypes.ZSTD, readerOnly('ZSTD', decodeZstd)],
];

/** The codec Ferry registers for a type (for tests). */
export function ferryKafkaCodec(type: CompressionTypes): KafkaCodec | undefined {
  return FERRY_CODECS.find(([t]) => t === type)?.[1];
}

/** kafkajs' placeholders throw `KafkaJSNotImplemented` when looked up; anything else is someone's codec. */
function isPlaceholder(factory: (() => unknown) | undefined): boolean {
  if (typeof factory !== 'function') return true;
  try {
    factory();
    return false;
  } catch (err) {
    return (err as Error | undefined)?.name === 'KafkaJSNotImplemented';
  }
}

/**
 * Registers Ferry's Snappy, LZ4 and ZSTD decoders where `codecs` still has kafkajs' placeholder, so a
 * codec the application registered first (a native one, say) is kept. Returns the types registered.
 */
export function registerKafkaCodecs(codecs: KafkaCodecTable = CompressionCodecs): CompressionTypes[] {
  const registered: CompressionTypes[] = [];
  for (const [type, codec] of FERRY_CODECS) {
    if (!isPlaceholder(codecs[type])) continue;
    codecs[type] = () => codec;
    registered.push(type);
  }
  return registered;
}

registerKafkaCodecs();
