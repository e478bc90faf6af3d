/** Precisions the write APIs accept, and how many ns one unit is. */
export const PRECISION_ZEROS: Record<string, number> = { ns: 0, n: 0, us: 3, u: 3, ms: 6, s: 9 };
const BIG_MULTIPLIERS: Record<string, bigint> = { m: 60_000_000_000n, h: 3_600_000_000_000n };
const MAX_NS = 9223372036854775806n;
const MIN_NS = -9223372036854775806n;

/** A bad line: the whole batch is refused with `unable to parse '<line>': <reason>`. */
export class LineProtocolError extends Error {
  constructor(
    readonly line: string,
    readonly reason: string,
  ) {
    super(`unable to parse '${line}': ${reason}`);
    this.name = 'LineProtocolError';
  }
}

/** Line protocol normalised to ns precision, every point with its timestamp. */
export interface NormalizedBatch {
  /** Newline-terminated lines (empty when there are no points). */
  data: string;
  points: number;
  /** True when `data` is the body as given (already normalised). */
  unchanged: boolean;
}

/** True for precisions {@link normalizeLineProtocol} understands (v2: ns, us, ms, s; v1 adds n, u, m, h). */
export function isPrecision(p: string): boolean {
  return p in PRECISION_ZEROS || p in BIG_MULTIPLIERS;
}

const INT = /^[-+]?\d+i$/;
const UINT = /^\d+u$/;
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const BOOL = /^(t|T|true|True|TRUE|f|F|false|False|FALSE)$/;
const TIMESTAMP = /^-?\d+$/;

const BACKSLASH = 92;

/** Index of the first unescaped char of `stops` (char codes) from `i`, or `line.length`. */
function scan(line: string, i: number, stops: string): number {
  const a = stops.charCodeAt(0);
  const b = stops.length > 1 ? stops.charCodeAt(1) : a;
  const c = stops.length > 2 ? stops.charCodeAt(2) : a;
  const n = line.length;
  while (i < n) {
    const ch = line.charCodeAt(i);
    if (ch === BACKSLASH) i += 2;
    else if (ch === a || ch === b || ch === c) return i;
    else i++;
  }
  return n;
}

function parseTags(line: string, i: number): number {
  while (line[i] === ',') {
    const eq = scan(line, i + 1, '=, ');
    if (eq === i + 1) throw new LineProtocolError(line, 'missing tag key');
    if (line[eq] !== '=') throw new LineProtocolError(line, 'missing tag value');
    const end = scan(line, eq + 1, ', =');
    if (end === eq + 1 || line[end] === '=') throw new LineProtocolError(line, 'missing tag value');
    i = end;
  }
  return i;
}

function checkFieldValue(line: string, value: string): void {
  if (value === '') throw new LineProtocolError(line, 'missing field value');
  if (INT.test(value) || UINT.test(value) || FLOAT.test(value) || BOOL.test(value)) return;
  if (/^[-+.\d]/.test(value)) throw new LineProtocolError(line, 'invalid number');
  if (/^[tTfF]/.test(value)) throw new LineProtocolError(line, 'invalid boolean');
  throw new LineProtocolError(line, 'invalid field format');
}

/** Parses the field set starting at `i`; returns where it ends. */
function parseFields(line: string, i: number): number {
  for (;;) {
    const eq = scan(line, i, '=, ');
    if (eq === i || line[eq] !== '=') throw new LineProtocolError(line, eq === line.length ? 'missing fields' : 'invalid field format');
    let end: number;
    if (line[eq + 1] === '"') {
      end = eq + 2;
      while (end < line.length && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      if (end >= line.length) throw new LineProtocolError(line, 'unbalanced quotes');
      end++;
    } else {
      end = scan(line, eq + 1, ', ');
      checkFieldValue(line, line.slice(eq + 1, end));
    }
    if (line[end] !== ',') return end;
    i = end + 1;
  }
}

function toNs(line: string, ts: string, precision: string): string {
  const big = BIG_MULTIPLIERS[precision];
  let ns: string;
  if (big !== undefined) ns = (BigInt(ts) * big).toString();
  else {
    const zeros = PRECISION_ZEROS[precision];
    ns = zeros === 0 || /^-?0+$/.test(ts) ? ts : ts + '0'.repeat(zeros);
  }
  if (ns.length >= 19) {
    const v = BigInt(ns);
    if (v > MAX_NS || v < MIN_NS) throw new LineProtocolError(line, 'time outside range');
  }
  return ns;
}

/** Validates one line and returns it at ns precision with a timestamp (`now` when it had none). */
function normalizeLine(line: string, precision: string, nowNs: string): string {
  let i = scan(line, 0, ', ');
  if (i === 0) throw new LineProtocolError(line, 'missing measurement');
  i = parseTags(line, i);
  if (i >= line.length) throw new LineProtocolError(line, 'missing fields');
  while (line[i] === ' ') i++;
  const fieldsEnd = parseFields(line, i);
  const rest = line.slice(fieldsEnd).trim();
  if (rest === '') return `${line.slice(0, fieldsEnd)} ${nowNs}`;
  if (!TIMESTAMP.test(rest)) throw new LineProtocolError(line, 'bad timestamp');
  if (precision === 'ns' || precision === 'n') return line.slice(0, fieldsEnd) + ' ' + rest;
  return `${line.slice(0, fieldsEnd)} ${toNs(line, rest, precision)}`;
}

/**
 * Validates a line-protocol body as InfluxDB does (one bad line refuses the batch) and rewrites it at
 * ns precision, giving points without a timestamp the time of the write, so every copy agrees.
 */
export function normalizeLineProtocol(body: string, options: { precision: string; nowNs: string }): NormalizedBatch {
  const out: string[] = [];
  let unchanged = true;
  let start = 0;
  // The empty segment after a final newline is not a line.
  const stop = body.endsWith('\n') ? body.length - 1 : body.length;
  while (start <= stop) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    let line = body.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed[0] === '#') {
      unchanged = false;
      continue;
    }
    const normalized = normalizeLine(trimmed, options.precision, options.nowNs);
    if (normalized !== line) unchanged = false;
    out.push(normalized);
  }
  if (out.length === 0) return { data: '', points: 0, unchanged: false };
  // Most batches come at ns with timestamps: then the body itself is the normalised batch (no copy needed).
  if (unchanged && body.endsWith('\n')) return { data: body, points: out.length, unchanged: true };
  return { data: out.join('\n') + '\n', points: out.length, unchanged: false };
}
