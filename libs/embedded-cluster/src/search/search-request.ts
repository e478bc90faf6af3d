import { illegalArgument, parsingError } from '../http/errors';
import { parseSort, type SortKey } from './sort';
import { parseScriptFields, type ScriptFields } from './script-queries';
import { parseSlice, type SliceSpec } from './slice';
import { parseSourceFilter, type SourceFilter } from './source-filter';

/** A search request, normalised from body and query parameters. */
export interface SearchRequest {
  query: unknown;
  from: number;
  size: number;
  sort?: SortKey[];
  searchAfter?: unknown[];
  /** Count totals up to this many (Infinity = exact, 0 = don't track). */
  trackLimit: number;
  source: SourceFilter;
  seqNoPrimaryTerm: boolean;
  version: boolean;
  trackScores: boolean;
  aggs?: Record<string, unknown>;
  explain: boolean;
  slice?: SliceSpec;
  /** `script_fields`, compiled. */
  scriptFields?: ScriptFields;
  /** Scroll only: resume strictly after this hit (its sort values, then its collection position). */
  cursor?: SearchCursor;
}

/**
 * Where a page ended in the full hit order: the last hit's sort values and its position (target shard, then
 * seq_no), which break ties the way the first page did. Scroll keeps one so a page never re-reads what came before.
 */
export interface SearchCursor {
  values: unknown[];
  position: number;
}

const KNOWN = new Set([
  'query', 'from', 'size', 'sort', 'search_after', 'track_total_hits', '_source', 'seq_no_primary_term', 'version',
  'track_scores', 'aggs', 'aggregations', 'pit', 'timeout', 'stored_fields', 'docvalue_fields', 'fields', 'explain',
  'min_score', 'highlight', 'terminate_after', 'profile', 'slice', 'collapse', 'post_filter', 'script_fields', 'indices_boost',
]);

function num(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw parsingError(`[${name}] failed to parse value [${String(v)}]`);
  return n;
}

/** Builds a {@link SearchRequest}; query parameters win over the body as in OpenSearch's REST layer. */
export function parseSearchRequest(body: Record<string, unknown> | undefined, q: URLSearchParams): SearchRequest {
  const b = body ?? {};
  for (const k of Object.keys(b)) if (!KNOWN.has(k)) throw parsingError(`Unknown key for a START_OBJECT in [${k}].`);
  const from = num(q.get('from'), 'from') ?? num(b.from, 'from') ?? 0;
  const size = num(q.get('size'), 'size') ?? num(b.size, 'size') ?? 10;
  if (from < 0) throw illegalArgument(`[from] parameter cannot be negative, found [${from}]`);
  if (size < 0) throw illegalArgument(`[size] parameter cannot be negative, found [${size}]`);
  if (from + size > 10000) {
    throw illegalArgument(
      `Result window is too large, from + size must be less than or equal to: [10000] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`,
    );
  }
  const sortParam = q.get('sort');
  const sort = parseSort(sortParam ? sortParam.split(',') : b.sort);
  const tth = q.get('track_total_hits') ?? b.track_total_hits;
  const trackLimit = tth === undefined || tth === null ? 10000 : tth === true || tth === 'true' ? Infinity : tth === false || tth === 'false' ? 0 : Number(tth);
  // An integer as OpenSearch parses it (32 bits); a larger number reached SQLite as a LIMIT it cannot bind.
  if (Number.isNaN(trackLimit) || (Number.isFinite(trackLimit) && Math.abs(trackLimit) > 2 ** 31 - 1)) throw parsingError(`[track_total_hits] failed to parse value [${String(tth)}]`);
  if (b.search_after !== undefined && !Array.isArray(b.search_after)) throw parsingError('[search_after] must be an array');
  const qp = q.get('q');
  return {
    query: qp ? { query_string: { query: qp, default_operator: q.get('default_operator') ?? 'or', ...(q.get('df') ? { default_field: q.get('df') } : {}) } } : b.query,
    from,
    size,
    sort,
    searchAfter: b.search_after as unknown[] | undefined,
    trackLimit,
    source: parseSourceFilter(b._source, q),
    seqNoPrimaryTerm: q.get('seq_no_primary_term') === 'true' || b.seq_no_primary_term === true,
    version: q.get('version') === 'true' || b.version === true,
    trackScores: b.track_scores === true,
    aggs: (b.aggs ?? b.aggregations) as Record<string, unknown> | undefined,
    explain: b.explain === true,
    slice: parseSlice(b.slice),
    scriptFields: parseScriptFields(b.script_fields),
  };
}
