import { packRecords, transferables, unpackRecords } from './kafka-thread-protocol';

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
});
