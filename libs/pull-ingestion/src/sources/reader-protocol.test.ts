import { packPage, packRecords, pageTransferables, transferables, unpackPage, unpackRecords } from './reader-protocol';

describe('records packed for the reader thread', () => {
  it('round-trips partitions, 64-bit offsets, timestamps and payloads (empty ones too) through one transferred buffer', () => {
    const records = [
      { partition: 3, offset: '9223372036854775806', timestamp: 1_700_000_000_123, payload: Buffer.from('{"a":1}') },
      { partition: 0, offset: '0', timestamp: -1, payload: Buffer.alloc(0) },
      { partition: 1, offset: '42', timestamp: 5, payload: Buffer.from('é✓') },
    ];
    const packed = packRecords(records);
    // Structured clone with the transfer list, as postMessage does it: the buffers move, nothing is copied.
    const moved = structuredClone(packed, { transfer: transferables(packed) });
    expect(packed.payload.byteLength).toBe(0);
    expect(unpackRecords(moved)).toEqual(records);
  });

  it('packs nothing into empty arrays', () => {
    expect(unpackRecords(packRecords([]))).toEqual([]);
  });

  it('round-trips a Kinesis page: 56-digit sequence numbers, data, arrival times (absent ones too) and the next iterator', () => {
    const page = {
      records: [
        { sequenceNumber: '49590338271490256608559692538361571095921575989136588898', data: Buffer.from('{"x":1}'), arrival: 1_700_000_000_000 },
        { sequenceNumber: '49590338271490256608559692540925702759324208523137515618', data: Buffer.alloc(0) },
      ],
      nextIterator: 'AAAA/next',
    };
    const packed = packPage(page);
    expect(unpackPage(structuredClone(packed, { transfer: pageTransferables(packed) }))).toEqual(page);
    expect(unpackPage(packPage({ records: [] }))).toEqual({ records: [], nextIterator: undefined });
  });
});
