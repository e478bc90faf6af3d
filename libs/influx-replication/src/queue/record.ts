import { crc32 } from 'node:zlib';

/**
 * One queue record on disk: `[u32 payload length][u32 crc32][f64 enqueued-at ms][u32 points][payload]`.
 * The CRC covers everything after itself, so a torn tail write is recognised on open.
 */
export const HEADER_BYTES = 20;

/** A position in the queue: segment number and byte offset in it. */
export interface Position {
  segment: number;
  offset: number;
}

/** A record read back from the queue. */
export interface QueueEntry {
  /** Where the record starts. */
  at: Position;
  /** Where the next record starts. */
  next: Position;
  enqueuedAt: number;
  points: number;
  /** Line protocol at ns precision, newline-terminated. */
  payload: Buffer;
  /** Bytes the record takes on disk (header included). */
  size: number;
}

/** Encodes a record. */
export function encodeRecord(payload: Buffer, points: number, enqueuedAt: number): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  buf.writeUInt32BE(payload.length, 0);
  buf.writeDoubleBE(enqueuedAt, 8);
  buf.writeUInt32BE(points, 16);
  payload.copy(buf, HEADER_BYTES);
  buf.writeUInt32BE(crc32(buf.subarray(8)), 4);
  return buf;
}

/** The decoded record at `offset` of `buf`, `'short'` when `buf` ends inside it, or `'corrupt'`. */
export function decodeRecord(
  buf: Buffer,
  offset: number,
): { enqueuedAt: number; points: number; payload: Buffer; size: number } | 'short' | 'corrupt' {
  if (buf.length - offset < HEADER_BYTES) return 'short';
  const len = buf.readUInt32BE(offset);
  const size = HEADER_BYTES + len;
  if (buf.length - offset < size) return 'short';
  if (crc32(buf.subarray(offset + 8, offset + size)) !== buf.readUInt32BE(offset + 4)) return 'corrupt';
  return {
    enqueuedAt: buf.readDoubleBE(offset + 8),
    points: buf.readUInt32BE(offset + 16),
    payload: buf.subarray(offset + HEADER_BYTES, offset + size),
    size,
  };
}

/** The payload length announced by the header at `offset`. */
export function announcedSize(buf: Buffer, offset: number): number {
  return HEADER_BYTES + buf.readUInt32BE(offset);
}
