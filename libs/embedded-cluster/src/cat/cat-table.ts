import { illegalArgument } from '../http/errors';
import { stringify as toYaml } from 'yaml';
import { json, type Reply } from '../http/respond';
import { wildcardRegex } from '../indices/index-names';
import { structuredReply } from './cat-format';

/** How a cell is rendered: raw text, a byte size or a duration in milliseconds (both honour `bytes` / `time`). */
export type CellKind = 'text' | 'bytes' | 'millis' | 'number';

/** One column of a `_cat` table, as OpenSearch's `Table` declares it. */
export interface CatColumn {
  name: string;
  aliases?: string[];
  /** Shown without `h`. */
  default?: boolean;
  desc: string;
  kind?: CellKind;
}

/** A row: column name → value (null renders as an empty cell / JSON null). */
export type CatRow = Record<string, string | number | boolean | null | undefined>;

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, p: 1024 ** 5, pb: 1024 ** 5 };
const TIME_UNITS: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };

/** One decimal, with a trailing `.0` dropped: OpenSearch's `Strings.format1Decimals`. */
function oneDecimal(value: number, suffix: string): string {
  const text = (Math.round(value * 10) / 10).toFixed(1);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text}${suffix}`;
}

/** `ByteSizeValue.toString()`: the largest unit the value reaches (`208b`, `5.2kb`, `1.1gb`). */
export function humanBytes(bytes: number): string {
  const units = ['pb', 'tb', 'gb', 'mb', 'kb'];
  for (const u of units) if (bytes >= BYTE_UNITS[u]) return oneDecimal(bytes / BYTE_UNITS[u], u);
  return `${bytes}b`;
}

/** `TimeValue.toString()`: the largest unit the value reaches (`0s`, `12ms`, `1.5m`, `2d`). */
export function humanMillis(ms: number): string {
  if (ms === 0) return '0s';
  for (const u of ['d', 'h', 'm', 's'] as const) if (ms >= TIME_UNITS[u]) return oneDecimal(ms / TIME_UNITS[u], u);
  return oneDecimal(ms, 'ms');
}

function renderCell(value: CatRow[string], kind: CellKind | undefined, q: URLSearchParams): string | null {
  if (value === null || value === undefined) return null;
  if (kind === 'bytes' && typeof value === 'number') {
    const unit = q.get('bytes');
    if (!unit) return humanBytes(value);
    if (!(unit in BYTE_UNITS)) throw illegalArgument(`failed to parse [bytes] with value [${unit}]`);
    return String(Math.floor(value / BYTE_UNITS[unit]));
  }
  if (kind === 'millis' && typeof value === 'number') {
    const unit = q.get('time');
    if (!unit) return humanMillis(value);
    if (!(unit in TIME_UNITS)) throw illegalArgument(`failed to parse [time] with value [${unit}]`);
    return String(Math.floor(value / TIME_UNITS[unit]));
  }
  return String(value);
}

/** The columns `h` asks for (names, aliases, `*` wildcards), or the default ones. */
export function selectColumns(columns: CatColumn[], h: string | null): CatColumn[] {
  if (!h) return columns.filter((c) => c.default !== false);
  const out: CatColumn[] = [];
  for (const wanted of h.split(',').map((s) => s.trim()).filter(Boolean)) {
    const re = wanted.includes('*') ? wildcardRegex(wanted) : undefined;
    const hits = columns.filter((c) => (re ? re.test(c.name) : c.name === wanted || c.aliases?.includes(wanted)));
    for (const c of hits) if (!out.includes(c)) out.push(c);
  }
  return out;
}

function column(columns: CatColumn[], name: string): CatColumn {
  const c = columns.find((x) => x.name === name || x.aliases?.includes(name));
  if (!c) throw illegalArgument(`Unable to sort by unknown sort key \`${name}\``);
  return c;
}

function compare(a: CatRow[string], b: CatRow[string]): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Sorts rows by `s` (`col`, `col:desc`, comma-separated), comparing raw values (bytes as numbers). */
export function sortRows(columns: CatColumn[], rows: CatRow[], s: string | null): CatRow[] {
  if (!s) return rows;
  const keys = s.split(',').map((k) => {
    const [name, dir] = k.split(':');
    return { name: column(columns, name).name, desc: dir === 'desc' };
  });
  return [...rows].sort((x, y) => {
    for (const k of keys) {
      const c = compare(x[k.name], y[k.name]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}

/** `?help`: one line per column, `name | aliases | description`. */
function helpText(columns: CatColumn[]): string {
  const w1 = Math.max(...columns.map((c) => c.name.length));
  const w2 = Math.max(...columns.map((c) => (c.aliases ?? []).join(',').length));
  return columns.map((c) => `${c.name.padEnd(w1)} | ${(c.aliases ?? []).join(',').padEnd(w2)} | ${c.desc}\n`).join('');
}

/** Text table: columns padded to their widest cell, numbers right-aligned, a header line with `v`. */
function textTable(cols: CatColumn[], cells: (string | null)[][], withHeader: boolean): string {
  const rows = withHeader ? [cols.map((c) => c.name), ...cells] : cells;
  const widths = cols.map((_, i) => Math.max(0, ...rows.map((r) => (r[i] ?? '').length)));
  const right = cols.map((c) => c.kind !== undefined && c.kind !== 'text');
  return rows
    .map((r, ri) => {
      const line = r.map((v, i) => {
        const text = v ?? '';
        const isHeader = withHeader && ri === 0;
        return right[i] && !isHeader ? text.padStart(widths[i]) : text.padEnd(widths[i]);
      });
      return `${line.join(' ').trimEnd()}\n`;
    })
    .join('');
}

/** Renders a `_cat` answer: `help`, `format=json|yaml|cbor|smile|text`, `h`, `v`, `s`, `bytes`, `time`. */
export function catReply(columns: CatColumn[], rows: CatRow[], q: URLSearchParams): Reply {
  if (q.has('help') && q.get('help') !== 'false') return { status: 200, text: helpText(columns) };
  const { cols, cells } = rendered(columns, rows, q);
  const structured = structuredReply(cells.map((r) => Object.fromEntries(cols.map((c, i) => [c.name, r[i]]))), q.get('format') ?? 'text');
  if (structured) return structured;
  return { status: 200, text: textTable(cols, cells, q.has('v') && q.get('v') !== 'false') };
}

function rendered(columns: CatColumn[], rows: CatRow[], q: URLSearchParams): { cols: CatColumn[]; cells: (string | null)[][] } {
  const cols = selectColumns(columns, q.get('h'));
  const sorted = sortRows(columns, rows, q.get('s'));
  return { cols, cells: sorted.map((r) => cols.map((c) => renderCell(r[c.name], c.kind, q))) };
}

/**
 * Renders a `_list` page: the `_cat` table of its rows, then `next_token <token>` in text; in JSON / YAML an
 * object `{next_token, <key>: rows}`. `_list` pages are objects, which the table-only CBOR / Smile encoders
 * cannot write, so those formats are refused.
 */
export function listReply(options: { columns: CatColumn[]; rows: CatRow[]; q: URLSearchParams; key: string; nextToken: string | null }): Reply {
  const { columns, q } = options;
  if (q.has('help') && q.get('help') !== 'false') return { status: 200, text: helpText(columns) };
  const { cols, cells } = rendered(columns, options.rows, q);
  const format = q.get('format') ?? 'text';
  if (format === 'text' || format === 'txt') {
    return { status: 200, text: `${textTable(cols, cells, q.has('v') && q.get('v') !== 'false')}next_token ${options.nextToken ?? 'null'}\n` };
  }
  if (format !== 'json' && format !== 'yaml') throw illegalArgument(`Unsupported format [${format}] for the _list APIs`);
  const page = { next_token: options.nextToken, [options.key]: cells.map((r) => Object.fromEntries(cols.map((c, i) => [c.name, r[i]]))) };
  return format === 'json' ? json(page) : { status: 200, text: `---\n${toYaml(page)}`, headers: { 'content-type': 'application/yaml' } };
}
