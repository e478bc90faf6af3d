/**
 * The common case of a write, checked on bytes: every line already valid, at ns precision, with one space
 * before its timestamp and nothing to rewrite. Then the body is its own normalised batch and no string is
 * made per line. Anything else (an error to word, a line to rewrite) is left to `normalizeLineProtocol`,
 * which this must never contradict: it accepts a subset of what that accepts unchanged (see its test).
 * Scanning bytes is safe for UTF-8: no byte of a multi-byte character is ASCII.
 */

import { BACKSLASH, COMMA, DOT, EQ, HASH, MINUS, NL, PLUS, QUOTE, SPACE } from '../shared/line-bytes';

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Index of the first unescaped `a`, `b` or `c` from `i`, or `end` (as `scan` in line-protocol.ts). */
function scan(buf: Buffer, i: number, end: number, a: number, b: number, c: number): number {
  while (i < end) {
    const ch = buf[i];
    if (ch === BACKSLASH) i += 2;
    else if (ch === a || ch === b || ch === c) return i;
    else i++;
  }
  return end;
}

/** Digits from `i`; returns the index after them. */
function digits(buf: Buffer, i: number, end: number): number {
  while (i < end && isDigit(buf[i])) i++;
  return i;
}

/** `[-+]?\d+i`, `\d+u`, a float, or a boolean spelling, exactly filling `[s, e)`. */
function validValue(buf: Buffer, s: number, e: number): boolean {
  if (s >= e) return false;
  const first = buf[s];
  if (first === 116 || first === 84 || first === 102 || first === 70) return validBool(buf.toString('latin1', s, e));
  let i = s;
  const signed = first === MINUS || first === PLUS;
  if (signed) i++;
  const intEnd = digits(buf, i, e);
  const hasInt = intEnd > i;
  if (hasInt && intEnd === e - 1 && buf[intEnd] === 105) return true; // 123i
  if (hasInt && !signed && intEnd === e - 1 && buf[intEnd] === 117) return true; // 123u
  i = intEnd;
  let mantissa = hasInt;
  if (buf[i] === DOT && i < e) {
    const fracEnd = digits(buf, i + 1, e);
    mantissa ||= fracEnd > i + 1;
    i = fracEnd;
  }
  if (!mantissa) return false;
  if (i < e && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    if (buf[i] === MINUS || buf[i] === PLUS) i++;
    const expEnd = digits(buf, i, e);
    if (expEnd === i) return false;
    i = expEnd;
  }
  return i === e;
}

const BOOLS = new Set(['t', 'T', 'true', 'True', 'TRUE', 'f', 'F', 'false', 'False', 'FALSE']);
const validBool = (s: string) => BOOLS.has(s);

/** The field set from `i`; returns where it ends, or -1 when a field is not plainly valid. */
function fields(buf: Buffer, i: number, end: number): number {
  for (;;) {
    const eq = scan(buf, i, end, EQ, COMMA, SPACE);
    if (eq === i || eq >= end || buf[eq] !== EQ) return -1;
    let valueEnd: number;
    if (buf[eq + 1] === QUOTE) {
      valueEnd = eq + 2;
      while (valueEnd < end && buf[valueEnd] !== QUOTE) valueEnd += buf[valueEnd] === BACKSLASH ? 2 : 1;
      if (valueEnd >= end) return -1;
      valueEnd++;
    } else {
      valueEnd = scan(buf, eq + 1, end, COMMA, SPACE, SPACE);
      if (!validValue(buf, eq + 1, valueEnd)) return -1;
    }
    if (valueEnd >= end || buf[valueEnd] !== COMMA) return valueEnd;
    i = valueEnd + 1;
  }
}

/** True when `[start, end)` is a valid line with exactly ` <timestamp>` after its fields. */
function plainLine(buf: Buffer, start: number, end: number): boolean {
  // Blank lines, comments and leading whitespace (any Unicode space: the parser trims them) need the parser.
  const first = buf[start];
  if (start >= end || first <= SPACE || first === HASH || first >= 0x80) return false;
  let i = scan(buf, start, end, COMMA, SPACE, SPACE);
  if (i === start) return false;
  while (i < end && buf[i] === COMMA) {
    const eq = scan(buf, i + 1, end, EQ, COMMA, SPACE);
    if (eq === i + 1 || eq >= end || buf[eq] !== EQ) return false;
    const tagEnd = scan(buf, eq + 1, end, COMMA, SPACE, EQ);
    if (tagEnd === eq + 1 || (tagEnd < end && buf[tagEnd] === EQ)) return false;
    i = tagEnd;
  }
  if (i >= end || buf[i] !== SPACE) return false;
  i++;
  if (i >= end || buf[i] === SPACE) return false;
  const fieldsEnd = fields(buf, i, end);
  if (fieldsEnd < 0 || fieldsEnd >= end || buf[fieldsEnd] !== SPACE) return false;
  let t = fieldsEnd + 1;
  if (buf[t] === MINUS) t++;
  return t < end && digits(buf, t, end) === end;
}

/**
 * The number of points of `body` when it is a plain ns batch (every line valid, timestamped, nothing to
 * rewrite, ending with a newline); `undefined` when it needs the full parser.
 */
export function plainNsPoints(body: Buffer): number | undefined {
  if (body.length === 0 || body[body.length - 1] !== NL) return undefined;
  let points = 0;
  for (let start = 0; start < body.length; ) {
    const end = body.indexOf(NL, start);
    if (!plainLine(body, start, end)) return undefined;
    points++;
    start = end + 1;
  }
  return points;
}

