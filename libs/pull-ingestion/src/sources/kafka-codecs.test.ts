import { CompressionCodecs, CompressionTypes, KafkaJSNotImplemented } from 'kafkajs';
import { decodeLz4Frame, decodeSnappy, decodeZstd, ferryKafkaCodec, registerKafkaCodecs, type KafkaCodec, type KafkaCodecTable } from './kafka-codecs';

/** kafkajs' own codec table, indexed by any type. */
const codecOf = (type: CompressionTypes) => (CompressionCodecs as Record<number, () => KafkaCodec>)[type]();

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const text = (s: string) => Buffer.from(s, 'latin1').toString('hex');

// Raw snappy, from the format description: varint uncompressed length, then tagged elements.
// "abcabcabc": length 9, literal of 3 (tag (3-1)<<2), copy with 1-byte offset (tag 0b001 | (6-4)<<2, offset 3).
const RAW_ABC = `09 08 ${text('abc')} 09 03`;
// "ferry": length 5, literal of 5 (tag (5-1)<<2 = 0x10).
const RAW_FERRY = `05 10 ${text('ferry')}`;
// snappy-java's stream header: 0x82 'SNAPPY' 0x00, version 1, compatible version 1.
const XERIAL = `82 ${text('SNAPPY')} 00 00000001 00000001`;

describe('Snappy: raw (librdkafka) and xerial-framed (Java producer)', () => {
  it.each([
    ['raw block', RAW_ABC, 'abcabcabc'],
    ['xerial, one block', `${XERIAL} 00000007 ${RAW_ABC}`, 'abcabcabc'],
    ['xerial, two blocks concatenated', `${XERIAL} 00000007 ${RAW_ABC} 00000007 ${RAW_FERRY}`, 'abcabcabcferry'],
    ['xerial, no block', XERIAL, ''],
  ])('decodes a %s', (_name, bytes, expected) => {
    expect(decodeSnappy(hex(bytes)).toString('latin1')).toBe(expected);
  });

  it.each([
    ['a block longer than the data', `${XERIAL} 00000009 ${RAW_ABC}`, /Corrupt snappy data .*xerial block of 9 bytes past the end at byte 16/],
    ['a truncated block length', `${XERIAL} 0000`, /truncated xerial block length at byte 16/],
    ['a raw block that is not snappy', 'ff', /Invalid Snappy bitstream/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => decodeSnappy(hex(bytes))).toThrow(message);
  });
});

// Made with the lz4 1.9.4 CLI: `printf 'ferry reads lz4 ferry reads lz4 ferry reads lz4' | lz4 -c [-BX]`.
const LZ4_TEXT = 'ferry reads lz4 ferry reads lz4 ferry reads lz4';
const LZ4_BODY = `1b000000 ff01 ${text('ferry reads lz4 ')} 1000 0750 ${text('s lz4')}`;
const LZ4_CLI = `04224d18 64 40 a7 ${LZ4_BODY} 00000000 ce6b2e5a`;
const LZ4_CLI_BLOCK_CHECKSUMS = `04224d18 74 40 bd ${LZ4_BODY} 3c6455bd 00000000 ce6b2e5a`;
// By hand: FLG 0x40 = version 1 with linked blocks, BD 0x40 = 64 KB blocks (header checksum not checked).
// A stored block (high bit set) "ferry", a block with the literal "abcd", and a block that copies those
// 4 bytes (offset 4) from the block before it and ends with the literal "e".
const LZ4_LINKED = `04224d18 40 40 00 05000080 ${text('ferry')} 05000000 40 ${text('abcd')} 05000000 00 0400 10 ${text('e')} 00000000`;

describe('LZ4 frames', () => {
  it.each([
    ['the lz4 CLI (independent blocks, content checksum)', LZ4_CLI, LZ4_TEXT],
    ['block checksums (which lz4js’ own frame reader gets wrong)', LZ4_CLI_BLOCK_CHECKSUMS, LZ4_TEXT],
    ['stored and linked blocks', LZ4_LINKED, 'ferryabcdabcde'],
  ])('decodes a frame from %s', (_name, bytes, expected) => {
    expect(decodeLz4Frame(hex(bytes)).toString('latin1')).toBe(expected);
  });

  it.each([
    ['no magic number', '00000000 64 40 a7 00000000', /no LZ4 frame magic number at byte 0/],
    ['a frame cut before its end mark', LZ4_CLI.slice(0, 40), /block of 27 bytes at byte 7/],
    ['an unknown block size code', '04224d18 64 10 00 00000000', /block maximum size code 1/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => decodeLz4Frame(hex(bytes))).toThrow(message);
  });
});

describe('ZSTD frames', () => {
  it('decodes a frame from the zstd CLI (`zstd -c`, v1.5.4)', () => {
    const frame = hex('28b52ffd0458bd0000886665727279207265616473207a737464200100699c4ba10cccb5');
    expect(decodeZstd(frame).toString('latin1')).toBe('ferry reads zstd ferry reads zstd ferry reads zstd');
  });
});

describe('registration in kafkajs', () => {
  // What kafkajs has in its table (its typings leave out the constructor's message).
  const NotImplemented = KafkaJSNotImplemented as unknown as new (message: string) => Error;
  const placeholder = (name: string) => () => {
    throw new NotImplemented(`${name} compression not implemented`);
  };

  it('replaces only kafkajs placeholders, once', () => {
    const nativeLz4 = () => ({ native: true });
    const table: KafkaCodecTable = { [CompressionTypes.Snappy]: placeholder('Snappy'), [CompressionTypes.LZ4]: nativeLz4, [CompressionTypes.ZSTD]: placeholder('ZSTD') };
    expect(registerKafkaCodecs(table)).toEqual([CompressionTypes.Snappy, CompressionTypes.ZSTD]);
    expect(table[CompressionTypes.LZ4]).toBe(nativeLz4);
    expect(table[CompressionTypes.Snappy]?.()).toBe(ferryKafkaCodec(CompressionTypes.Snappy));
    expect(registerKafkaCodecs(table)).toEqual([]);
  });

  it('is in kafkajs’ own table once imported; gzip stays kafkajs’; compressing says Ferry only reads', async () => {
    for (const type of [CompressionTypes.Snappy, CompressionTypes.LZ4, CompressionTypes.ZSTD]) expect(codecOf(type)).toBe(ferryKafkaCodec(type));
    expect(ferryKafkaCodec(CompressionTypes.GZIP)).toBeUndefined();
    const gzip = codecOf(CompressionTypes.GZIP);
    await expect(gzip.decompress(await gzip.compress({ buffer: Buffer.from('x') }))).resolves.toEqual(Buffer.from('x'));
    await expect(codecOf(CompressionTypes.ZSTD).compress({ buffer: Buffer.from('x') })).rejects.toThrow("ZSTD compression is not supported by Ferry's Kafka reader (it only decompresses)");
  });
});
