import { AppError } from '@ferry/core';
import { mapperParsing } from '../http/errors';
import type { FieldMapping, IndexMeta, Mappings } from '../indices/index-meta';
import { checkMappingLimits } from './mapping-limits';
import { checkGeoValue, GEO_TYPES } from './geo-values';
import { checkVectorValue } from '../knn/knn-vector';

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
export function applyDynamicMapping(options: { mappings: Mappings; source: Record<string, unknown>; id: string; index: Pick<IndexMeta, 'name' | 'settings'> }): boolean {
  const { mappings } = options;
  if (!mappings.properties) mappings.properties = {};
  const walker = new Walker(options.id, mappings.date_detection !== false);
  try {
    const changed = walker.walk(mappings.properties, options.source, '', String(mappings.dynamic ?? 'true'));
    if (changed) checkMappingLimits({ index: options.index.name, mappings, settings: options.index.settings });
    return changed;
  } catch (err) {
    // A refused document leaves the mapping as it was: nothing it introduced stays.
    for (let i = walker.added.length - 1; i >= 0; i--) delete walker.added[i][0][walker.added[i][1]];
    throw err;
  }
}

/**
 * Walks a document against the mapping tree. This runs for every indexed document, so it avoids
 * per-field allocations (no object spreads, positional arguments).
 */
class Walker {
  /** Fields this document introduced, in order, to take back if the document is refused. */
  readonly added: [Record<string, FieldMapping>, string][] = [];

  constructor(
    private readonly id: string,
    private readonly dateDetection: boolean,
  ) {}

  walk(props: Record<string, FieldMapping>, obj: Record<string, unknown>, prefix: string, dynamic: string): boolean {
    let changed = false;
    for (const key in obj) {
      const value = obj[key];
      let mapping = props[key];
      if (mapping === undefined) {
        const path = prefix ? `${prefix}.${key}` : key;
        if (dynamic === 'strict') throw strictError(path, prefix);
        if (dynamic === 'false') continue;
        const inferred = inferMapping(value, this.dateDetection);
        if (!inferred) continue;
        props[key] = mapping = inferred;
        this.added.push([props, key]);
        changed = true;
      }
      if (value === null || value === undefined) continue;
      if (mapping.type !== undefined && GEO_TYPES.has(mapping.type)) {
        checkGeoValue({ type: mapping.type, value, path: prefix ? `${prefix}.${key}` : key, id: this.id, ignoreMalformed: mapping.ignore_malformed === true });
        continue;
      }
      if (mapping.type === 'knn_vector') {
        checkVectorValue({ mapping, value, path: prefix ? `${prefix}.${key}` : key, id: this.id });
        continue;
      }
      if (Array.isArray(value)) {
        // Arrays of arrays are flattened, as OpenSearch parses them.
        for (const v of value.flat(Infinity)) changed = this.value(mapping, v, prefix, key, dynamic) || changed;
      } else {
        changed = this.value(mapping, value, prefix, key, dynamic) || changed;
      }
    }
    return changed;
  }

  private value(mapping: FieldMapping, v: unknown, prefix: string, key: string, dynamic: string): boolean {
    if (v === null || v === undefined) return false;
    const type = mapping.type;
    if (type !== undefined && type !== 'object' && type !== 'nested') {
      if (!fits(type, v)) throw badValue(type, v, prefix ? `${prefix}.${key}` : key, this.id);
      return false;
    }
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw mapperParsing(`object mapping for [${path}] tried to parse field [${key}] as object, but found a concrete value`);
    }
    if (!mapping.properties) mapping.properties = {};
    const inner = mapping.dynamic === undefined ? dynamic : String(mapping.dynamic);
    return this.walk(mapping.properties, v as Record<string, unknown>, path, inner);
  }
}

function strictError(path: string, parent: string): Error {
  return new AppError(400, `mapping set to strict, dynamic introduction of [${path.split('.').pop()}] within [${parent || '_doc'}] is not allowed`, {
    type: 'strict_dynamic_mapping_exception',
  });
}

const NUMERIC = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);

/** Whether a JSON value can be stored in a field of `type`. */
function fits(type: string, value: unknown): boolean {
  const t = typeof value;
  if (type === 'text' || type === 'keyword') return t !== 'object';
  if (NUMERIC.has(type)) return t === 'number' || (t === 'string' && (value as string).trim() !== '' && !Number.isNaN(Number(value)));
  if (type === 'boolean') return t === 'boolean' || value === 'true' || value === 'false' || value === '';
  if (type === 'date') return t === 'number' || (t === 'string' && !Number.isNaN(Date.parse(value as string)));
  return true;
}

function badValue(type: string, value: unknown, path: string, id: string): Error {
  const preview = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return mapperParsing(`failed to parse field [${path}] of type [${type}] in document with id '${id}'. Preview of field's value: '${preview}'`);
}
