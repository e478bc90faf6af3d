import { AppError } from '@ferry/core';
import { type Candidate, comparable, fieldInfo, fieldValues } from '../search/fields';
import { DOC_ACCESS, DocValues, PDouble } from './painless-values';

const FLOATS = new Set(['double', 'float', 'half_float', 'scaled_float']);
const INTEGERS = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);

/** One field's doc values for a candidate: typed as Lucene's doc values are, sorted; text needs fielddata. */
export function docValuesOf(c: Candidate, field: string): DocValues {
  const info = fieldInfo(c.meta, field);
  if (info.type === undefined && !info.meta) {
    throw new AppError(400, `No field found for [${field}] in mapping`, { type: 'illegal_argument_exception' });
  }
  if (info.type === 'text' && fielddataOf(c, field) !== true) {
    throw new AppError(400, `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`, { type: 'illegal_argument_exception' });
  }
  const raw = fieldValues(c, info);
  let values: unknown[];
  if (info.type && FLOATS.has(info.type)) values = raw.map(Number).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b).map((n) => new PDouble(n));
  else if (info.type && INTEGERS.has(info.type)) values = raw.map((v) => Math.trunc(Number(v))).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
  else if (info.type === 'date') values = raw.map((v) => comparable(v, 'date') as number).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
  else if (info.type === 'boolean') values = raw.map((v) => v === true || v === 'true').sort((a, b) => Number(a) - Number(b));
  else values = raw.map(String).sort();
  return new DocValues(field, values);
}

function fielddataOf(c: Candidate, field: string): unknown {
  let props = c.meta.mappings.properties;
  let mapping: Record<string, unknown> | undefined;
  for (const part of field.split('.')) {
    mapping = props?.[part];
    props = mapping?.properties as typeof props;
  }
  return mapping?.fielddata;
}

/**
 * `doc` as scripts see it: `doc['field']`, `doc.containsKey('field')`. A proxy, so fields are read only when a
 * script asks for them, and each once per document.
 */
export function docAccess(c: Candidate): Record<string, unknown> {
  const cache = new Map<string, DocValues>();
  const get = (field: string) => {
    let v = cache.get(field);
    if (!v) cache.set(field, (v = docValuesOf(c, field)));
    return v;
  };
  const known = (field: string) => fieldInfo(c.meta, field).type !== undefined;
  return new Proxy({} as Record<string, unknown>, {
    get: (_t, key) => (key === DOC_ACCESS ? true : typeof key === 'string' ? get(key) : undefined),
    has: (_t, key) => typeof key === 'string' && known(key),
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && known(key) ? { value: get(key), writable: false, enumerable: true, configurable: true } : undefined,
    ownKeys: () => [],
  });
}
