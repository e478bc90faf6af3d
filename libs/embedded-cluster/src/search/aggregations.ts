import { AppError } from '@ferry/core';
import { illegalArgument, parsingError } from '../http/errors';
import { filterAgg, histogramAgg, rangeAgg } from './bucket-aggregations';
import { aggScriptValues } from './script-queries';
import { nestedAgg, reverseNestedAgg } from './nested-aggregations';
import { type Candidate, comparable, fieldInfo, fieldValues, parseDate } from './fields';

/** Collects matching documents into aggregation results. */
export interface Aggregations {
  collect(c: Candidate): void;
  result(): Record<string, unknown>;
}

interface Agg {
  collect(c: Candidate): void;
  result(): Record<string, unknown>;
}

/** Builds the aggregations of a request: terms, min, max, avg, sum, value_count, cardinality, stats, date_histogram, filter, range, histogram. */
export function createAggregations(spec: Record<string, unknown>): Aggregations {
  const aggs = Object.entries(spec).map(([name, body]) => [name, createAgg(name, body as Record<string, unknown>)] as const);
  return {
    collect: (c) => aggs.forEach(([, a]) => a.collect(c)),
    result: () => Object.fromEntries(aggs.map(([name, a]) => [name, a.result()])),
  };
}

/** The XContent token a JSON value starts with, for OpenSearch's parse errors. */
function tokenOf(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'object') return 'START_OBJECT';
  return typeof value === 'string' ? 'VALUE_STRING' : typeof value === 'number' ? 'VALUE_NUMBER' : 'VALUE_BOOLEAN';
}

/** An aggregation, its `meta` echoed back first as OpenSearch does. */
function createAgg(name: string, body: Record<string, unknown>): Agg {
  // AggregatorFactories.parseAggregators: a definition, its type's body and sub-aggregations are objects.
  if (tokenOf(body) !== 'START_OBJECT') throw parsingError(`Aggregation definition for [${name} starts with a [${tokenOf(body)}], expected a [START_OBJECT].`);
  const agg = createTyped(name, body);
  if (body.meta === undefined) return agg;
  return { collect: (c) => agg.collect(c), result: () => ({ meta: body.meta, ...agg.result() }) };
}

function createTyped(name: string, body: Record<string, unknown>): Agg {
  const sub = (body.aggs ?? body.aggregations) as Record<string, unknown> | undefined;
  if (sub !== undefined && tokenOf(sub) !== 'START_OBJECT') throw parsingError(`Expected [START_OBJECT] under [aggs], but got a [${tokenOf(sub)}] in [${name}]`);
  const types = Object.keys(body).filter((k) => k !== 'aggs' && k !== 'aggregations' && k !== 'meta');
  if (types.length !== 1) throw parsingError(`Expected [START_OBJECT] under [${name}], but got a different structure`);
  const type = types[0];
  const opts = body[type] as Record<string, unknown>;
  if (tokenOf(opts) !== 'START_OBJECT') throw parsingError(`Expected [START_OBJECT] under [${type}], but got a [${tokenOf(opts)}] in [${name}]`);
  switch (type) {
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
    case 'value_count':
    case 'stats':
      return metric(type, opts);
    case 'cardinality':
      return cardinality(opts);
    case 'terms':
      return terms(opts, sub);
    case 'date_histogram':
      return dateHistogram(opts, sub);
    case 'filter':
      return filterAgg(opts, sub);
    case 'range':
      return rangeAgg(opts, sub);
    case 'histogram':
      return histogramAgg(opts, sub);
    case 'nested':
      return nestedAgg(opts, sub);
    case 'reverse_nested':
      return reverseNestedAgg(opts, sub);
    default:
      throw parsingError(`Unknown aggregation type [${type}] did you mean [terms]?`);
  }
}

function valuesOf(c: Candidate, opts: Record<string, unknown>): unknown[] {
  const field = opts.field;
  if (field === undefined && opts.script !== undefined) return aggScriptValues(opts, c);
  if (typeof field !== 'string') throw parsingError('Required one of fields [field, script], but none were specified.');
  const info = fieldInfo(c.meta, field);
  const values = fieldValues(c, info).map((v) => comparable(v, info.type === 'text' ? 'keyword' : info.type));
  // A `float` field keeps 32 bits in its doc values, so aggregations see the float nearest the source value.
  return info.type === 'float' ? values.map((v) => (typeof v === 'number' ? Math.fround(v) : v)) : values;
}

function metric(type: string, opts: Record<string, unknown>): Agg {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  return {
    collect(c) {
      for (const v of valuesOf(c, opts)) {
        count++;
        const n = typeof v === 'number' ? v : Number(v);
        if (Number.isNaN(n)) continue;
        sum += n;
        min = Math.min(min, n);
        max = Math.max(max, n);
      }
    },
    result() {
      if (type === 'value_count') return { value: count };
      if (type === 'sum') return { value: sum };
      if (type === 'min') return { value: count ? min : null };
      if (type === 'max') return { value: count ? max : null };
      if (type === 'avg') return { value: count ? sum / count : null };
      return { count, min: count ? min : null, max: count ? max : null, avg: count ? sum / count : null, sum };
    },
  };
}

function cardinality(opts: Record<string, unknown>): Agg {
  const seen = new Set<unknown>();
  return { collect: (c) => valuesOf(c, opts).forEach((v) => seen.add(v)), result: () => ({ value: seen.size }) };
}

interface Bucket {
  key: unknown;
  count: number;
  sub?: ReturnType<typeof createAggregations>;
}

function bucketOf(map: Map<unknown, Bucket>, key: unknown, sub?: Record<string, unknown>): Bucket {
  let b = map.get(key);
  if (!b) map.set(key, (b = { key, count: 0, sub: sub ? createAggregations(sub) : undefined }));
  return b;
}

function terms(opts: Record<string, unknown>, sub?: Record<string, unknown>): Agg {
  const buckets = new Map<unknown, Bucket>();
  const size = Number(opts.size ?? 10);
  const minDocCount = Number(opts.min_doc_count ?? 1);
  return {
    collect(c) {
      for (const v of new Set(valuesOf(c, opts))) {
        const b = bucketOf(buckets, v, sub);
        b.count++;
        b.sub?.collect(c);
      }
    },
    result() {
      const order = (opts.order ?? { _count: 'desc' }) as Record<string, string>;
      const [okey, odir] = Object.entries(order)[0] ?? ['_count', 'desc'];
      const list = [...buckets.values()].filter((b) => b.count >= minDocCount);
      const sign = odir === 'asc' ? 1 : -1;
      list.sort((a, b) => {
        const x = okey === '_key' ? (a.key as number) : a.count;
        const y = okey === '_key' ? (b.key as number) : b.count;
        return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0);
      });
      const shown = list.slice(0, size);
      const other = list.slice(size).reduce((n, b) => n + b.count, 0);
      return {
        doc_count_error_upper_bound: 0,
        sum_other_doc_count: other,
        buckets: shown.map((b) => ({
          key: typeof b.key === 'boolean' ? (b.key ? 1 : 0) : b.key,
          ...(typeof b.key === 'boolean' ? { key_as_string: String(b.key) } : {}),
          doc_count: b.count,
          // Counted over every shard at once, so no bucket's count can be off.
          ...(opts.show_term_doc_count_error === true ? { doc_count_error_upper_bound: 0 } : {}),
          ...(b.sub?.result() ?? {}),
        })),
      };
    },
  };
}

const FIXED: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 };
const CALENDAR: Record<string, string> = { minute: '1m', '1m': '1m', hour: '1h', '1h': '1h', day: '1d', '1d': '1d', week: '1w', '1w': '1w', month: '1M', '1M': '1M', quarter: '1q', '1q': '1q', year: '1y', '1y': '1y' };

function floorDate(t: number, interval: string): number {
  const d = new Date(t);
  switch (interval) {
    case '1w': {
      const day = (d.getUTCDay() + 6) % 7;
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
    }
    case '1M':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case '1q':
      return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case '1y':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
    default: {
      const m = /^(\d+)(ms|s|m|h|d)$/.exec(interval);
      if (!m) throw parsingError(`failed to parse interval [${interval}]`);
      const step = Number(m[1]) * FIXED[m[2]];
      return Math.floor(t / step) * step;
    }
  }
}

function nextDate(t: number, interval: string): number {
  const d = new Date(t);
  if (interval === '1w') return t + 6.048e8;
  if (interval === '1M') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  if (interval === '1q') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1);
  if (interval === '1y') return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(interval)!;
  return t + Number(m[1]) * FIXED[m[2]];
}

/** OpenSearch's default `search.max_buckets`. */
const MAX_BUCKETS = 65535;

/** Every bucket key from the first to the last, refused past `search.max_buckets` before any is made. */
function gapFilled(keys: number[], interval: string): number[] {
  const out: number[] = [];
  for (let t = keys[0]; keys.length && t <= keys[keys.length - 1]; t = nextDate(t, interval)) {
    if (out.length === MAX_BUCKETS) {
      throw new AppError(400, `Trying to create too many buckets. Must be less than or equal to: [${MAX_BUCKETS}] but was [${MAX_BUCKETS + 1}]. This limit can be set by changing the [search.max_buckets] cluster level setting.`, {
        type: 'too_many_buckets_exception',
        fields: { max_buckets: MAX_BUCKETS },
      });
    }
    out.push(t);
  }
  return out;
}

function dateHistogram(opts: Record<string, unknown>, sub?: Record<string, unknown>): Agg {
  const raw = String(opts.calendar_interval ?? opts.fixed_interval ?? opts.interval ?? '');
  const interval = CALENDAR[raw] ?? raw;
  if (!interval) throw parsingError('Required one of fields [calendar_interval, fixed_interval], but none were specified.');
  const fixed = /^(\d+)(ms|s|m|h|d)$/.exec(interval);
  if (!CALENDAR[raw] && !fixed) {
    throw illegalArgument(`failed to parse setting [date_histogram.fixedInterval] with value [${raw}] as a time value: unit is missing or unrecognized`);
  }
  if (fixed && Number(fixed[1]) === 0) throw illegalArgument('Zero or negative time interval not supported');
  const buckets = new Map<unknown, Bucket>();
  const minDocCount = Number(opts.min_doc_count ?? 0);
  return {
    collect(c) {
      if (typeof opts.field !== 'string') throw parsingError('Required one of fields [field, script], but none were specified.');
      for (const v of fieldValues(c, fieldInfo(c.meta, opts.field))) {
        const t = parseDate(v);
        if (Number.isNaN(t)) continue;
        const b = bucketOf(buckets, floorDate(t, interval), sub);
        b.count++;
        b.sub?.collect(c);
      }
    },
    result() {
      const keys = [...buckets.keys()].map(Number).sort((a, b) => a - b);
      // Only min_doc_count 0 fills the gaps between buckets; otherwise the buckets are the keys seen, so two
      // documents centuries apart at 1ms no longer walk every empty millisecond in between.
      const times = minDocCount > 0 ? keys : gapFilled(keys, interval);
      const out: Record<string, unknown>[] = [];
      for (const t of times) {
        const b = buckets.get(t);
        const count = b?.count ?? 0;
        if (count < minDocCount) continue;
        out.push({ key_as_string: new Date(t).toISOString().replace('.000Z', '.000Z'), key: t, doc_count: count, ...(b?.sub?.result() ?? {}) });
      }
      return { buckets: out };
    },
  };
}
