import type { FieldMapping, IndexMeta } from '../indices/index-meta';
import type { DocRow, DocStore } from '../storage/doc-store';

/** A document being evaluated by a query; the source is parsed only if a clause needs it. */
export interface Candidate {
  meta: IndexMeta;
  row: DocRow;
  src?: Record<string, unknown>;
  /** The shard being searched, for queries that rank the whole shard first (k-NN's top k). */
  shard?: ShardRows;
}

/** Every visible row of the shard a candidate comes from, at the search's point. */
export interface ShardRows {
  /** Identifies the shard and point: a query recomputes its per-shard state when it changes. */
  key: string;
  rows: () => Iterable<DocRow>;
}

/** A shard's rows at a point; read bounded (`limit: -1` is SQLite's no limit) so it can run while another scan streams. */
export function shardRows(store: DocStore, t: { meta: IndexMeta; shard: number; point: number }): ShardRows {
  const rows = () => store.iterate({ idx: t.meta.num, shard: t.shard, point: t.point, from: -1, to: Number.MAX_SAFE_INTEGER, limit: -1 });
  return { key: `${t.meta.uuid}:${t.shard}:${t.point}`, rows };
}

/** Where a field's values come from and how they compare. */
export interface FieldInfo {
  /** Metadata field (`_id`, `_seq_no`, ...) or the source path. */
  meta?: string;
  path: string;
  type?: string;
}

const META_FIELDS = new Set(['_id', '_seq_no', '_version', '_routing', '_index', '_primary_term']);

/** Resolves `field`, `field.keyword` (a multi-field reads its parent's value) and metadata fields. */
export function fieldInfo(meta: IndexMeta, field: string): FieldInfo {
  if (META_FIELDS.has(field)) return { meta: field, path: field, type: field === '_id' || field === '_routing' || field === '_index' ? 'keyword' : 'long' };
  const parts = field.split('.');
  let props = meta.mappings.properties;
  let mapping: FieldMapping | undefined;
  for (let i = 0; i < parts.length; i++) {
    const here: FieldMapping | undefined = props?.[parts[i]];
    if (!here) {
      const sub = mapping?.fields?.[parts.slice(i).join('.')];
      if (sub) return { path: parts.slice(0, i).join('.'), type: sub.type };
      return { path: field, type: undefined };
    }
    mapping = here;
    props = here.properties;
  }
  return { path: field, type: mapping?.type ?? (mapping?.properties ? 'object' : undefined) };
}

/** Parses the candidate's `_source` once. */
export function sourceOf(c: Candidate): Record<string, unknown> {
  if (!c.src) c.src = JSON.parse(c.row.source) as Record<string, unknown>;
  return c.src;
}

/** Every leaf value at `path` (arrays flattened, objects crossed, dotted keys honoured). */
export function valuesAt(obj: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(obj, path.split('.'), 0, out);
  return out;
}

/**
 * The values at `path` with arrays of plain numbers kept whole: a `[lon, lat]` geo point or `[x, y]` xy point is
 * one value, an array of them (or of objects) is several.
 */
export function pointValuesAt(obj: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(obj, path.split('.'), 0, out, true);
  return out;
}

function collect(node: unknown, parts: string[], i: number, out: unknown[], keepNumberArrays = false): void {
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    if (keepNumberArrays && i === parts.length && node.length > 0 && node.every((n) => typeof n === 'number')) {
      out.push(node);
      return;
    }
    for (const n of node) collect(n, parts, i, out, keepNumberArrays);
    return;
  }
  if (i === parts.length) {
    out.push(node);
    return;
  }
  if (typeof node !== 'object') return;
  // Keys of the object that spell the next parts (`a.b` may be one key or two levels), longest first. Only
  // the object's own keys are tried, so a path of many parts costs what the document holds, not parts³.
  const rec = node as Record<string, unknown>;
  const hits: [number, string][] = [];
  for (const key in rec) {
    const span = spanOf(key, parts, i);
    if (span > 0) hits.push([span, key]);
  }
  hits.sort((a, b) => b[0] - a[0]);
  for (const [span, key] of hits) collect(rec[key], parts, i + span, out, keepNumberArrays);
}

/** How many parts from `i` the key spells exactly (`a.b` spells two), or 0 if it does not. */
function spanOf(key: string, parts: string[], i: number): number {
  let pos = 0;
  for (let j = i; j < parts.length; j++) {
    const part = parts[j];
    if (!key.startsWith(part, pos)) return 0;
    pos += part.length;
    if (pos === key.length) return j - i + 1;
    if (key.charCodeAt(pos) !== 0x2e) return 0;
    pos++;
  }
  return 0;
}

/** The values of a field for a candidate, metadata fields included. */
export function fieldValues(c: Candidate, info: FieldInfo): unknown[] {
  switch (info.meta) {
    case '_id':
      return [c.row.id];
    case '_seq_no':
      return [c.row.seq];
    case '_version':
      return [c.row.version];
    case '_routing':
      return c.row.routing === null ? [] : [c.row.routing];
    case '_index':
      return [c.meta.name];
    case '_primary_term':
      return [c.row.term];
    default:
      return valuesAt(sourceOf(c), info.path).filter((v) => v !== null && v !== undefined);
  }
}

/** OpenSearch's standard analyzer, simplified: lowercase word tokens (letters, digits, underscores). */
export function analyze(text: unknown): string[] {
  if (text === null || text === undefined) return [];
  return String(text).toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

const NUMERIC = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);

/** Whether values of this type compare as numbers. */
export function isNumericType(type: string | undefined): boolean {
  return type !== undefined && NUMERIC.has(type);
}

/** Parses a date the way the default `strict_date_optional_time||epoch_millis` format does; NaN if not a date. */
export function parseDate(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value).trim();
  const math = /^now(?:([+-])(\d+)([smhdwMy]))?(?:\/([smhdwMy]))?$/.exec(text);
  if (math) {
    const units: Record<string, number> = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, M: 2.592e9, y: 3.1536e10 };
    const delta = math[1] ? Number(math[2]) * units[math[3]] * (math[1] === '-' ? -1 : 1) : 0;
    return Date.now() + delta;
  }
  if (/^\d+$/.test(text)) return Number(text);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`;
  return Date.parse(iso);
}

/** Normalises a value for comparisons on a field of `type`. */
export function comparable(value: unknown, type: string | undefined): number | string | boolean {
  if (type === 'date') return parseDate(value);
  if (isNumericType(type) || type === 'long') return Number(value);
  if (type === 'boolean') return value === true || value === 'true';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
