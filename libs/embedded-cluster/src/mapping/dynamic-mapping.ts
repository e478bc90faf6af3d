import { mapperParsing } from '../http/errors';
import type { FieldMapping, Mappings } from '../indices/index-meta';

const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether a string is what OpenSearch's default `dynamic_date_formats` (strict_date_optional_time) accepts. */
export function looksLikeDate(value: string): boolean {
  return DATE_RE.test(value) && !Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value));
}

/** The mapping OpenSearch's dynamic mapping creates for a JSON value, or undefined for null / empty arrays. */
export function inferMapping(value: unknown, dateDetection = true): FieldMapping | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const m = inferMapping(v, dateDetection);
      if (m) return m;
    }
    return undefined;
  }
  switch (typeof value) {
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return { type: Number.isInteger(value) ? 'long' : 'float' };
    case 'string':
      if (dateDetection && looksLikeDate(value)) return { type: 'date' };
      return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
    case 'object':
      return { properties: {} };
    default:
      return undefined;
  }
}

/**
 * Adds mappings for fields of `source` the index does not know yet, following `dynamic`
 * (true: add, false: ignore, strict: reject). Returns whether the mappings changed. Values that cannot be
 * stored in an existing numeric/boolean/date field fail with OpenSearch's `mapper_parsing_exception`.
 */
export function applyDynamicMapping(options: { mappings: Mappings; source: Record<string, unknown>; id: string }): boolean {
  const { mappings } = options;
  const dynamic = String(mappings.dynamic ?? 'true');
  const dateDetection = mappings.date_detection !== false;
  if (!mappings.properties) mappings.properties = {};
  return walk({ props: mappings.properties, obj: options.source, prefix: '', dynamic, dateDetection, id: options.id });
}

interface WalkContext {
  props: Record<string, FieldMapping>;
  obj: Record<string, unknown>;
  prefix: string;
  dynamic: string;
  dateDetection: boolean;
  id: string;
}

function walk(ctx: WalkContext): boolean {
  let changed = false;
  for (const key of Object.keys(ctx.obj)) {
    const value = ctx.obj[key];
    const path = ctx.prefix ? `${ctx.prefix}.${key}` : key;
    let mapping = ctx.props[key];
    if (!mapping) {
      if (ctx.dynamic === 'strict') {
        throw strictError(path, ctx.prefix);
      }
      if (ctx.dynamic === 'false') continue;
      const inferred = inferMapping(value, ctx.dateDetection);
      if (!inferred) continue;
      ctx.props[key] = inferred;
      mapping = inferred;
      changed = true;
    }
    changed = descend({ ...ctx, mapping, value, path }) || changed;
  }
  return changed;
}

function descend(ctx: WalkContext & { mapping: FieldMapping; value: unknown; path: string }): boolean {
  const values = Array.isArray(ctx.value) ? ctx.value : [ctx.value];
  let changed = false;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (ctx.mapping.properties || (!ctx.mapping.type && typeof v === 'object')) {
      if (typeof v !== 'object' || Array.isArray(v)) {
        throw mapperParsing(
          `object mapping for [${ctx.path}] tried to parse field [${ctx.path.split('.').pop()}] as object, but found a concrete value`,
        );
      }
      if (!ctx.mapping.properties) ctx.mapping.properties = {};
      const dynamic = ctx.mapping.dynamic === undefined ? ctx.dynamic : String(ctx.mapping.dynamic);
      changed = walk({ ...ctx, props: ctx.mapping.properties, obj: v as Record<string, unknown>, prefix: ctx.path, dynamic }) || changed;
    } else {
      checkValue({ type: ctx.mapping.type, value: v, path: ctx.path, id: ctx.id });
    }
  }
  return changed;
}

function strictError(path: string, parent: string): Error {
  return mapperParsing(`mapping set to strict, dynamic introduction of [${path.split('.').pop()}] within [${parent || '_doc'}] is not allowed`);
}

const NUMERIC = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);

function checkValue(options: { type?: string; value: unknown; path: string; id: string }): void {
  const { type, value } = options;
  if (!type) return;
  let ok = true;
  if (NUMERIC.has(type)) ok = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)));
  else if (type === 'boolean') ok = typeof value === 'boolean' || value === 'true' || value === 'false' || value === '';
  else if (type === 'date') ok = typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
  else if (type === 'keyword' || type === 'text') ok = typeof value !== 'object';
  if (!ok) {
    const preview = typeof value === 'object' ? JSON.stringify(value) : String(value);
    throw mapperParsing(
      `failed to parse field [${options.path}] of type [${type}] in document with id '${options.id}'. Preview of field's value: '${preview}'`,
    );
  }
}
