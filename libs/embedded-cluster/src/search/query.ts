import type { IndexMeta } from '../indices/index-meta';
import { parsingError } from '../http/errors';
import { compileLeaf } from './leaf-queries';
import type { Candidate } from './fields';

/** Score of a matching document, or null when it does not match. */
export type Matcher = (c: Candidate) => number | null;

/** A query compiled for one index: a JS matcher plus what can be pushed down to SQL. */
export interface CompiledQuery {
  match: Matcher;
  /** `_seq_no` bounds every match satisfies: seq in (from, to]. */
  seqFrom: number;
  seqTo: number;
  /** When set, only these ids can match. */
  ids?: Set<string>;
  /** True when the SQL bounds alone decide the match (no JS evaluation needed, score 1). */
  pure: boolean;
}

const ALWAYS: Matcher = () => 1;

/** Compiles the query DSL subset the embedded cluster understands; unknown queries are a `parsing_exception`. */
export function compileQuery(query: unknown, meta: IndexMeta): CompiledQuery {
  if (query === undefined || query === null) return { match: ALWAYS, seqFrom: -1, seqTo: Number.MAX_SAFE_INTEGER, pure: true };
  const [type, body] = single(query);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw parsingError(`[${type}] query malformed, no start_object after query name`);
  }
  if (type === 'bool') return compileBool(body, meta);
  if (type === 'match_all') return { match: constant(body), seqFrom: -1, seqTo: Number.MAX_SAFE_INTEGER, pure: boostOf(body) === 1 };
  if (type === 'range') {
    const seq = seqBounds(body);
    if (seq) return { ...seq, match: ALWAYS, pure: true };
  }
  if (type === 'ids') {
    const values = (body as { values?: unknown }).values ?? [];
    if (!Array.isArray(values)) throw parsingError('[ids] failed to parse field [values]');
    const ids = new Set(values.map(String));
    return { match: (c) => (ids.has(c.row.id) ? 1 : null), ids, seqFrom: -1, seqTo: Number.MAX_SAFE_INTEGER, pure: false };
  }
  return { match: compileLeaf({ type, body, meta, compile: (q) => compileQuery(q, meta).match }), seqFrom: -1, seqTo: Number.MAX_SAFE_INTEGER, pure: false };
}

/** Splits `{type: body}`, the shape of every query clause. */
export function single(query: unknown): [string, Record<string, unknown>] {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) throw parsingError('query malformed, must start with start_object');
  const keys = Object.keys(query);
  if (keys.length !== 1) {
    throw parsingError(keys.length === 0 ? 'query malformed, empty clause found' : `[${keys[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`);
  }
  return [keys[0], (query as Record<string, unknown>)[keys[0]] as Record<string, unknown>];
}

function boostOf(body: unknown): number {
  const b = (body as { boost?: unknown } | undefined)?.boost;
  return b === undefined ? 1 : Number(b);
}

function constant(body: unknown): Matcher {
  const boost = boostOf(body);
  return () => boost;
}

/** A `range` on `_seq_no` expressed as (from, to]. */
function seqBounds(body: Record<string, unknown>): { seqFrom: number; seqTo: number } | undefined {
  const spec = body._seq_no as Record<string, unknown> | undefined;
  if (!spec || Object.keys(body).length !== 1) return undefined;
  let from = -1;
  let to = Number.MAX_SAFE_INTEGER;
  const num = (v: unknown) => Number(v);
  if (spec.gt !== undefined && spec.gt !== null) from = Math.max(from, Math.floor(num(spec.gt)));
  if (spec.gte !== undefined && spec.gte !== null) from = Math.max(from, Math.ceil(num(spec.gte)) - 1);
  if (spec.lt !== undefined && spec.lt !== null) to = Math.min(to, Math.ceil(num(spec.lt)) - 1);
  if (spec.lte !== undefined && spec.lte !== null) to = Math.min(to, Math.floor(num(spec.lte)));
  if (spec.from !== undefined && spec.from !== null) from = Math.max(from, spec.include_lower === false ? num(spec.from) : num(spec.from) - 1);
  if (spec.to !== undefined && spec.to !== null) to = Math.min(to, spec.include_upper === false ? num(spec.to) - 1 : num(spec.to));
  if (Number.isNaN(from) || Number.isNaN(to)) throw parsingError('[range] query malformed, bounds of [_seq_no] must be numbers');
  return { seqFrom: from, seqTo: to };
}

function clauses(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function compileBool(body: Record<string, unknown>, meta: IndexMeta): CompiledQuery {
  const must = clauses(body.must).map((q) => compileQuery(q, meta));
  const filter = clauses(body.filter).map((q) => compileQuery(q, meta));
  const should = clauses(body.should).map((q) => compileQuery(q, meta).match);
  const mustNot = clauses(body.must_not).map((q) => compileQuery(q, meta).match);
  const required = [...must, ...filter];
  let seqFrom = -1;
  let seqTo = Number.MAX_SAFE_INTEGER;
  let ids: Set<string> | undefined;
  for (const r of required) {
    seqFrom = Math.max(seqFrom, r.seqFrom);
    seqTo = Math.min(seqTo, r.seqTo);
    if (r.ids) ids = ids ? new Set([...ids].filter((x) => r.ids!.has(x))) : r.ids;
  }
  const msm = minimumShouldMatch(body.minimum_should_match, should.length, required.length > 0);
  const boost = boostOf(body);
  const mustM = must.map((m) => m.match);
  const filterM = filter.map((m) => m.match);
  const match: Matcher = (c) => {
    let score = 0;
    for (const m of mustM) {
      const s = m(c);
      if (s === null) return null;
      score += s;
    }
    for (const m of filterM) if (m(c) === null) return null;
    for (const m of mustNot) if (m(c) !== null) return null;
    let hits = 0;
    for (const m of should) {
      const s = m(c);
      if (s !== null) {
        hits++;
        score += s;
      }
    }
    if (hits < msm) return null;
    return (must.length === 0 && hits === 0 ? 0 : score) * boost;
  };
  const pure = should.length === 0 && mustNot.length === 0 && required.every((r) => r.pure) && must.length === 0 && boost === 1;
  return { match, seqFrom, seqTo, ids, pure };
}

/** OpenSearch's `minimum_should_match`: an integer, negative integer or percentage; default 1 without must/filter. */
function minimumShouldMatch(raw: unknown, optional: number, hasRequired: boolean): number {
  if (raw === undefined || raw === null) return optional > 0 && !hasRequired ? 1 : 0;
  const text = String(raw).trim();
  let n: number;
  if (text.endsWith('%')) {
    const pct = Number(text.slice(0, -1));
    n = pct < 0 ? optional + Math.trunc((optional * pct) / 100) : Math.trunc((optional * pct) / 100);
  } else {
    const v = Number(text);
    if (!Number.isInteger(v)) throw parsingError(`[bool] failed to parse field [minimum_should_match]`);
    n = v < 0 ? optional + v : v;
  }
  return Math.max(0, Math.min(optional, n));
}
