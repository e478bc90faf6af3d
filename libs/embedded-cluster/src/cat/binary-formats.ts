/**
 * CBOR (RFC 8949) and Smile encoders for what `_cat` tables hold: arrays of objects whose values are strings
 * or null. Tables need nothing more, so these stay a few lines instead of pulling in a codec library.
 */
type Cell = string | null;
type Rows = Record<string, Cell>[];

function cborHead(major: number, n: number): number[] {
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
  return [m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function cborText(s: string): number[] {
  const bytes = Buffer.from(s, 'utf8');
  return [...cborHead(3, bytes.length), ...bytes];
}

/** Rows as CBOR: an array of maps of text strings (null as simple value 22). */
export function toCbor(rows: Rows): Buffer {
  const out: number[] = cborHead(4, rows.length);
  for (const row of rows) {
    const entries = Object.entries(row);
    out.push(...cborHead(5, entries.length));
    for (const [k, v] of entries) out.push(...cborText(k), ...(v === null ? [0xf6] : cborText(v)));
  }
  return Buffer.from(out);
}

const isAscii = (b: Buffer, s: string) => b.length === s.length;

function smileKey(k: string): number[] {
  const b = Buffer.from(k, 'utf8');
  if (b.length === 0) return [0x20];
  if (isAscii(b, k) && b.length <= 64) return [0x80 + b.length - 1, ...b];
  if (!isAscii(b, k) && b.length >= 2 && b.length <= 57) return [0xc0 + b.length - 2, ...b];
  return [0x34, ...b, 0xfc];
}

function smileValue(v: Cell): number[] {
  if (v === null) return [0x21];
  const b = Buffer.from(v, 'utf8');
  if (b.length === 0) return [0x20];
  if (isAscii(b, v)) {
    if (b.length <= 32) return [0x40 + b.length - 1, ...b];
    if (b.length <= 64) return [0x60 + b.length - 33, ...b];
    return [0xe0, ...b, 0xfc];
  }
  if (b.length <= 33) return [0x80 + b.length - 2, ...b];
  if (b.length <= 65) return [0xa0 + b.length - 34, ...b];
  return [0xe4, ...b, 0xfc];
}

/** Rows as Smile: the `:)\n` header (version 0, no shared names or values), then array/object tokens. */
export function toSmile(rows: Rows): Buffer {
  const out: number[] = [0x3a, 0x29, 0x0a, 0x00, 0xf8];
  for (const row of rows) {
    out.push(0xfa);
    for (const [k, v] of Object.entries(row)) out.push(...smileKey(k), ...smileValue(v));
    out.push(0xfb);
  }
  out.push(0xf9);
  return Buffer.from(out);
}
