import { AppError } from '@ferry/core';
import { fromJs } from '../scripting/painless-values';
import { compileInline } from '../scripting/script-service';
import { valuesAt } from '../search/fields';
import { safeRegExp } from './safe-regexp';

/** A search hit as the response carries it. */
export interface Hit {
  _id?: string;
  _source?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A configured processor: its type, optional tag, and whether a failure is skipped. */
interface ProcessorBase {
  type: string;
  tag?: string;
  ignoreFailure: boolean;
}

/** Rewrites the search request body before it runs. */
export interface RequestProcessor extends ProcessorBase {
  apply(body: Record<string, unknown>): Record<string, unknown>;
}

/** Rewrites the hits of the answer. */
export interface ResponseProcessor extends ProcessorBase {
  apply(hits: Hit[]): Hit[];
}

type Config = Record<string, unknown>;

/** `parse_exception` as OpenSearch's ConfigurationUtils raises it for a processor's configuration. */
export function configError(type: string, tag: string | undefined, reason: string): AppError {
  return new AppError(400, reason, { type: 'parse_exception', fields: { processor_type: type, ...(tag ? { processor_tag: tag } : {}) } });
}

function required(type: string, c: Config, key: string): string {
  const v = c[key];
  if (v === undefined || v === null) throw configError(type, c.tag as string | undefined, `[${key}] required property is missing`);
  if (typeof v !== 'string') throw configError(type, c.tag as string | undefined, `[${key}] property isn't a string, but of type [${typeof v}]`);
  return v;
}

function base(type: string, c: Config): ProcessorBase {
  return { type, tag: typeof c.tag === 'string' ? c.tag : undefined, ignoreFailure: c.ignore_failure === true };
}

const REQUEST: Record<string, (c: Config) => RequestProcessor> = {
  /** `filter_query`: the query must also match the processor's filter (non-scoring). */
  filter_query: (c) => {
    if (c.query === null || typeof c.query !== 'object') throw configError('filter_query', c.tag as string, '[query] required property is missing');
    return {
      ...base('filter_query', c),
      apply: (body) => ({ ...body, query: { bool: { must: [body.query ?? { match_all: {} }], filter: [c.query] } } }),
    };
  },
  /** `script`: Painless over the request's paging and flags (`ctx.size`, `ctx.from`, `ctx.explain`, ...). */
  script: (c) => {
    const script = compileInline({ source: c.source, lang: c.lang, params: c.params });
    const keys = ['from', 'size', 'explain', 'version', 'seq_no_primary_term', 'track_scores', 'track_total_hits', 'terminate_after', 'profile', 'timeout'];
    return {
      ...base('script', c),
      apply: (body) => {
        const ctx = fromJs(Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]))) as Record<string, unknown>;
        script.run({ ctx });
        const changed = script.toJs(ctx) as Record<string, unknown>;
        const out = { ...body };
        for (const k of keys) if (changed[k] !== undefined && changed[k] !== null) out[k] = changed[k];
        return out;
      },
    };
  },
};

function sourceField(hit: Hit, field: string): unknown {
  const v = valuesAt(hit._source ?? {}, field);
  return v.length === 0 ? undefined : v.length === 1 && !Array.isArray(hit._source?.[field]) ? v[0] : v;
}

function missing(type: string, hit: Hit, field: string): AppError {
  return new AppError(400, `Document with id ${hit._id ?? ''} is missing field ${field}`, { type: 'illegal_argument_exception', fields: { processor_type: type } });
}

/**
 * A processor that maps one source field of every hit to a target field. `f` answers undefined to leave a
 * hit as it is (OpenSearch's sort and split skip values of the wrong kind); a hit without the field fails
 * only where `missingFails` (rename_field without `ignore_missing`).
 */
function perHit(options: { type: string; c: Config; f: (value: unknown) => unknown; missingFails?: boolean; removeSource?: boolean }): ResponseProcessor {
  const { type, c, f } = options;
  const field = required(type, c, 'field');
  const target = typeof c.target_field === 'string' ? c.target_field : field;
  const missingFails = options.missingFails === true && c.ignore_missing !== true;
  return {
    ...base(type, c),
    apply: (hits) =>
      hits.map((hit) => {
        if (!hit._source || !Object.hasOwn(hit._source, field)) {
          if (missingFails) throw missing(type, hit, field);
          return hit;
        }
        const value = f(hit._source[field]);
        if (value === undefined) return hit;
        const src = { ...hit._source };
        if (options.removeSource) delete src[field];
        src[target] = value;
        return { ...hit, _source: src };
      }),
  };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

const RESPONSE: Record<string, (c: Config) => ResponseProcessor> = {
  rename_field: (c) => {
    required('rename_field', c, 'target_field');
    return perHit({ type: 'rename_field', c, f: (v) => v, missingFails: true, removeSource: true });
  },
  sort: (c) => {
    const order = c.order === undefined ? 'asc' : String(c.order);
    if (order !== 'asc' && order !== 'desc') throw configError('sort', c.tag as string, `[order] Sort direction [${order}] not recognized. Valid values are: [asc, desc]`);
    return perHit({
      type: 'sort',
      c,
      f: (v) => {
        if (!Array.isArray(v)) return undefined;
        if (v.some((x) => x === null || typeof x === 'object')) throw new AppError(400, `field [${String(c.field)}] contains a value that is not comparable`, { type: 'illegal_argument_exception' });
        const sorted = [...v].sort(compare);
        return order === 'desc' ? sorted.reverse() : sorted;
      },
    });
  },
  split: (c) => {
    const separator = safeRegExp(required('split', c, 'separator'), 'separator');
    const preserve = c.preserve_trailing === true;
    return perHit({
      type: 'split',
      c,
      f: (v) => {
        if (typeof v !== 'string') return undefined;
        const parts = v.split(separator);
        // Java's String.split(regex) drops trailing empty strings unless a negative limit keeps them.
        if (!preserve) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
        return parts;
      },
    });
  },
  truncate_hits: (c) => {
    const size = Number(c.target_size);
    if (!Number.isInteger(size) || size < 0) throw configError('truncate_hits', c.tag as string, '[target_size] required property is missing');
    return { ...base('truncate_hits', c), apply: (hits) => hits.slice(0, size) };
  },
  collapse: (c) => {
    const field = required('collapse', c, 'field');
    return {
      ...base('collapse', c),
      apply: (hits) => {
        const seen = new Set<string>();
        return hits.filter((h) => {
          const key = JSON.stringify(sourceField(h, field) ?? null);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      },
    };
  },
};

/** Builds one processor from `{type: config}`; unknown types are refused as OpenSearch refuses them. */
export function buildProcessor(kind: 'request' | 'response', entry: unknown): RequestProcessor | ResponseProcessor {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || Object.keys(entry).length !== 1) {
    throw new AppError(400, `a ${kind} processor must be an object with one processor type`, { type: 'parse_exception' });
  }
  const [type, config] = Object.entries(entry as Record<string, unknown>)[0];
  const factory = (kind === 'request' ? REQUEST : RESPONSE)[type];
  if (!factory) throw new AppError(400, `Invalid processor type ${type}`, { type: 'illegal_argument_exception' });
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw configError(type, undefined, `[${type}] processor configuration must be an object`);
  return factory(config as Config);
}
