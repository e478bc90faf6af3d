import { AppError } from '@ferry/core';
import { parsingError } from '../http/errors';
import { type Aggregations, createAggregations } from './aggregations';
import { type Candidate, fieldInfo, sourceOf, valuesAt } from './fields';

interface Agg {
  collect(c: Candidate): void;
  result(): Record<string, unknown>;
}

/** The document a nested object was taken from, for `reverse_nested`. */
const parents = new WeakMap<Candidate, Candidate>();

/** `{a: {b: value}}` for the path `a.b`: a nested object seen as a document of its own, full field paths kept. */
function wrap(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<Record<string, unknown>>((inner, key, i, parts) => (i === parts.length - 1 ? { [key]: value } : { [key]: inner }), {});
}

/**
 * `nested`: every object under `path` (a `nested` field) of each matching document counts as one document;
 * sub-aggregations see one object at a time, by the same full field names (`details.title`).
 */
export function nestedAgg(opts: Record<string, unknown>, sub?: Record<string, unknown>): Agg {
  if (typeof opts.path !== 'string') throw parsingError('[nested] requires [path]');
  const path = opts.path;
  const inner: Aggregations | undefined = sub ? createAggregations(sub) : undefined;
  let count = 0;
  return {
    collect(c) {
      const info = fieldInfo(c.meta, path);
      // An index without the path counts nothing (OpenSearch's unmapped nested aggregator).
      if (info.type === undefined) return;
      if (info.type !== 'nested') {
        throw new AppError(400, `[nested] nested path [${path}] is not nested`, { type: 'illegal_argument_exception' });
      }
      for (const obj of valuesAt(sourceOf(c), path)) {
        if (obj === null || typeof obj !== 'object') continue;
        count++;
        if (!inner) continue;
        const child: Candidate = { meta: c.meta, row: c.row, src: wrap(path, obj) };
        parents.set(child, parents.get(c) ?? c);
        inner.collect(child);
      }
    },
    result: () => ({ doc_count: count, ...(inner?.result() ?? {}) }),
  };
}

/** `reverse_nested` (under `nested`): the parent documents of the nested objects seen, each counted once. */
export function reverseNestedAgg(opts: Record<string, unknown>, sub?: Record<string, unknown>): Agg {
  if (opts.path !== undefined) throw parsingError('[reverse_nested] with a [path] is not served: only the root document');
  const inner: Aggregations | undefined = sub ? createAggregations(sub) : undefined;
  const seen = new Set<string>();
  return {
    collect(c) {
      const parent = parents.get(c) ?? c;
      const key = `${parent.meta.uuid}\u0000${parent.row.shard}\u0000${parent.row.id}`;
      if (seen.has(key)) return;
      seen.add(key);
      inner?.collect(parent);
    },
    result: () => ({ doc_count: seen.size, ...(inner?.result() ?? {}) }),
  };
}
