import { parsingError } from '../http/errors';
import { type Aggregations, createAggregations } from './aggregations';
import { type Candidate, comparable, fieldInfo, fieldValues } from './fields';
import { compileQuery, type CompiledQuery } from './query';

/** One aggregation as aggregations.ts builds them. */
interface Agg {
  collect(c: Candidate): void;
  result(): Record<string, unknown>;
}

function numbersOf(c: Candidate, field: unknown): number[] {
  if (typeof field !== 'string') throw parsingError('Required one of fields [field, script], but none were specified.');
  const info = fieldInfo(c.meta, field);
  return fieldValues(c, info).map((v) => Number(comparable(v, info.type))).filter((n) => !Number.isNaN(n));
}

/** `filter`: the documents matching a query (compiled once per index), with sub-aggregations over them. */
export function filterAgg(query: unknown, sub?: Record<string, unknown>): Agg {
  const compiled = new Map<string, CompiledQuery>();
  const inner: Aggregations | undefined = sub ? createAggregations(sub) : undefined;
  let count = 0;
  return {
    collect(c) {
      let q = compiled.get(c.meta.uuid);
      if (!q) compiled.set(c.meta.uuid, (q = compileQuery(query, c.meta)));
      if (q.match(c) === null) return;
      count++;
      inner?.collect(c);
    },
    result: () => ({ doc_count: count, ...(inner?.result() ?? {}) }),
  };
}

/** `range`: one bucket per `{from, to}` (from inclusive, to exclusive), in the order given. */
export function rangeAgg(opts: Record<string, unknown>, sub?: Record<string, unknown>): Agg {
  const ranges = ((opts.ranges ?? []) as { from?: number; to?: number; key?: string }[]).map((r) => ({ ...r, count: 0, sub: sub ? createAggregations(sub) : undefined }));
  return {
    collect(c) {
      const values = numbersOf(c, opts.field);
      for (const r of ranges) {
        if (!values.some((v) => (r.from === undefined || v >= r.from) && (r.to === undefined || v < r.to))) continue;
        r.count++;
        r.sub?.collect(c);
      }
    },
    result: () => ({
      buckets: ranges.map((r) => ({
        key: r.key ?? `${r.from ?? '*'}-${r.to ?? '*'}`, ...(r.from !== undefined ? { from: r.from } : {}), ...(r.to !== undefined ? { to: r.to } : {}),
        doc_count: r.count, ...(r.sub?.result() ?? {}),
      })),
    }),
  };
}

/** Java DecimalFormat, for the `0.0` / `##0.00` patterns histograms use: the digits after the point. */
function formatKey(key: number, format: unknown): string | undefined {
  if (typeof format !== 'string') return undefined;
  const decimals = format.includes('.') ? format.split('.')[1].replace(/[^0#]/g, '').length : 0;
  return key.toFixed(decimals);
}

/** `histogram`: fixed-width numeric buckets, empty ones between the first and last filled (min_doc_count 0). */
export function histogramAgg(opts: Record<string, unknown>, sub?: Record<string, unknown>): Agg {
  const interval = Number(opts.interval);
  if (!(interval > 0)) throw parsingError('[interval] must be >0 for histogram aggregation');
  const offset = Number(opts.offset ?? 0);
  const buckets = new Map<number, { count: number; sub?: Aggregations }>();
  return {
    collect(c) {
      for (const key of new Set(numbersOf(c, opts.field).map((v) => Math.floor((v - offset) / interval) * interval + offset))) {
        let b = buckets.get(key);
        if (!b) buckets.set(key, (b = { count: 0, sub: sub ? createAggregations(sub) : undefined }));
        b.count++;
        b.sub?.collect(c);
      }
    },
    result() {
      const keys = [...buckets.keys()].sort((a, b) => a - b);
      const minCount = Number(opts.min_doc_count ?? 0);
      const out: Record<string, unknown>[] = [];
      for (let k = keys[0]; keys.length && k <= keys[keys.length - 1]; k += interval) {
        const b = buckets.get(k);
        if ((b?.count ?? 0) < minCount || (!b && minCount > 0)) continue;
        const asString = formatKey(k, opts.format);
        out.push({ ...(asString !== undefined ? { key_as_string: asString } : {}), key: k, doc_count: b?.count ?? 0, ...(b?.sub?.result() ?? {}) });
      }
      return { buckets: out };
    },
  };
}
