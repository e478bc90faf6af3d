import { type IndexMeta, intSetting } from '../indices/index-meta';
import { illegalArgument, parsingError } from '../http/errors';
import { wildcardMatcher } from '../indices/wildcard';
import { analyze, type Candidate, comparable, fieldInfo, fieldValues, type FieldInfo } from './fields';
import { compileQueryString } from './query-string';
import { scriptQuery, scriptScoreQuery } from './script-queries';
import { fuzzyQuery, termsSetQuery } from './term-level-queries';
import { knnQuery } from '../knn/knn-query';
import { geoBoundingBoxQuery, geoDistanceQuery, shapeQuery } from '../geo/geo-queries';

type Matcher = (c: Candidate) => number | null;

interface LeafArgs {
  type: string;
  body: Record<string, unknown>;
  meta: IndexMeta;
  compile: (q: unknown) => Matcher;
}

/** Compiles one leaf (or wrapper) query into a matcher. */
export function compileLeaf(args: LeafArgs): Matcher {
  const { type, body, meta } = args;
  switch (type) {
    case 'match_none':
      return () => null;
    case 'term':
      return termQuery(meta, body);
    case 'terms':
      return termsQuery(meta, body);
    case 'terms_set':
      return termsSetQuery(meta, body);
    case 'fuzzy':
      return fuzzyQuery(meta, body);
    case 'geo_bounding_box':
      return geoBoundingBoxQuery(meta, body);
    case 'geo_distance':
      return geoDistanceQuery(meta, body);
    case 'geo_shape':
      return shapeQuery(meta, body, 'geo');
    case 'xy_shape':
      return shapeQuery(meta, body, 'xy');
    case 'range':
      return rangeQuery(meta, body);
    case 'exists':
      return existsQuery(meta, body);
    case 'prefix':
      return patternQuery(meta, body, 'prefix');
    case 'wildcard':
      return patternQuery(meta, body, 'wildcard');
    case 'match':
    case 'match_phrase':
      return matchQuery(meta, body, type === 'match_phrase');
    case 'multi_match':
      return multiMatch(meta, body);
    case 'query_string':
    case 'simple_query_string':
      return compileQueryString({ meta, body, matchField: (field, text, op) => matchField(meta, field, text, op) });
    case 'constant_score': {
      const inner = args.compile(body.filter);
      const boost = Number(body.boost ?? 1);
      return (c) => (inner(c) === null ? null : boost);
    }
    case 'script':
      return scriptQuery(body);
    case 'knn':
      return knnQuery(meta, body, args.compile);
    case 'script_score':
      return scriptScoreQuery(body, args.compile);
    default:
      throw parsingError(`unknown query [${type}]`);
  }
}

/** `{field: value}` or `{field: {value, boost, ...}}`. */
function fieldAndSpec(body: Record<string, unknown>, query: string, key = 'value'): [string, Record<string, unknown>] {
  const entries = Object.entries(body).filter(([k]) => k !== 'boost' && k !== '_name');
  if (entries.length !== 1) throw parsingError(`[${query}] query doesn't support multiple fields, found [${entries.map((e) => e[0]).join('] and [')}]`);
  const [field, raw] = entries[0];
  const spec = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { [key]: raw };
  return [field, spec];
}

function equalsValue(info: FieldInfo, wanted: unknown, caseInsensitive = false): (v: unknown) => boolean {
  if (info.type === 'text') {
    const token = String(wanted);
    return (v) => analyze(v).includes(caseInsensitive ? token.toLowerCase() : token);
  }
  const w = comparable(wanted, info.type);
  if (caseInsensitive && typeof w === 'string') {
    const lw = w.toLowerCase();
    return (v) => String(v).toLowerCase() === lw;
  }
  return (v) => comparable(v, info.type) === w;
}

function termQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const [field, spec] = fieldAndSpec(body, 'term');
  const info = fieldInfo(meta, field);
  const eq = equalsValue(info, spec.value, spec.case_insensitive === true);
  const boost = Number(spec.boost ?? 1);
  return (c) => (fieldValues(c, info).some(eq) ? boost : null);
}

function termsQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const entries = Object.entries(body).filter(([k]) => k !== 'boost' && k !== '_name');
  if (entries.length !== 1 || !Array.isArray(entries[0][1])) throw parsingError('[terms] query requires an array of terms for a single field');
  const terms = entries[0][1] as unknown[];
  const max = intSetting(meta.settings, 'index.max_terms_count', 65536, 1);
  if (terms.length > max) throw illegalArgument(`The number of terms [${terms.length}] used in the Terms Query request has exceeded the allowed maximum of [${max}]. This maximum can be set by changing the [index.max_terms_count] index level setting.`);
  const info = fieldInfo(meta, entries[0][0]);
  // One set lookup per value instead of one comparison per term: 65,536 terms cost the same as one.
  const text = info.type === 'text';
  const wanted = new Set(terms.map((w) => (text ? String(w) : comparable(w, info.type))).filter((w) => !Number.isNaN(w)));
  const has = text ? (v: unknown) => analyze(v).some((t) => wanted.has(t)) : (v: unknown) => wanted.has(comparable(v, info.type));
  const boost = Number(body.boost ?? 1);
  return (c) => (fieldValues(c, info).some(has) ? boost : null);
}

function rangeQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const [field, spec] = fieldAndSpec(body, 'range');
  if ('value' in spec && Object.keys(spec).length === 1) throw parsingError(`[range] query malformed, no start_object after query name`);
  const info = fieldInfo(meta, field);
  const type = info.type ?? (typeof spec.gte === 'number' || typeof spec.gt === 'number' || typeof spec.lt === 'number' || typeof spec.lte === 'number' ? 'double' : undefined);
  const bound = (v: unknown) => (v === undefined || v === null ? undefined : comparable(v, type));
  const gt = bound(spec.gt ?? (spec.include_lower === false ? spec.from : undefined));
  const gte = bound(spec.gte ?? (spec.include_lower !== false ? spec.from : undefined));
  const lt = bound(spec.lt ?? (spec.include_upper === false ? spec.to : undefined));
  const lte = bound(spec.lte ?? (spec.include_upper !== false ? spec.to : undefined));
  const boost = Number(spec.boost ?? 1);
  const inRange = (v: unknown) => {
    const x = comparable(v, type);
    if (typeof x === 'number' && Number.isNaN(x)) return false;
    return (gt === undefined || x > gt) && (gte === undefined || x >= gte) && (lt === undefined || x < lt) && (lte === undefined || x <= lte);
  };
  return (c) => (fieldValues(c, info).some(inRange) ? boost : null);
}

function existsQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  if (typeof body.field !== 'string') throw parsingError('[exists] must be provided with a [field]');
  const info = fieldInfo(meta, body.field);
  return (c) => (fieldValues(c, info).length > 0 ? 1 : null);
}

function patternQuery(meta: IndexMeta, body: Record<string, unknown>, kind: 'prefix' | 'wildcard'): Matcher {
  const [field, spec] = fieldAndSpec(body, kind, kind === 'wildcard' ? 'value' : 'value');
  const info = fieldInfo(meta, field);
  const raw = String(spec.value ?? spec.wildcard ?? '');
  const ci = spec.case_insensitive === true;
  const re =
    kind === 'prefix'
      ? new RegExp(`^${escapeRe(raw)}`, ci ? 'i' : '')
      : wildcardMatcher(raw, { single: true, caseInsensitive: ci });
  const test = info.type === 'text' ? (v: unknown) => analyze(v).some((t) => re.test(t)) : (v: unknown) => re.test(String(v));
  return (c) => (fieldValues(c, info).some(test) ? 1 : null);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Scores a field against analyzed query text: the share of query tokens found, or null. */
export function matchField(meta: IndexMeta, field: string, text: unknown, operator: 'or' | 'and', phrase = false): Matcher {
  const info = fieldInfo(meta, field);
  if (info.type !== undefined && info.type !== 'text' && !info.meta) {
    const eq = equalsValue(info, text);
    return (c) => (fieldValues(c, info).some(eq) ? 1 : null);
  }
  const tokens = analyze(text);
  if (tokens.length === 0) return () => null;
  const phraseText = tokens.join(' ');
  return (c) => {
    const docTokens = fieldValues(c, info).flatMap((v) => analyze(v));
    if (phrase) return ` ${docTokens.join(' ')} `.includes(` ${phraseText} `) ? tokens.length : null;
    const have = new Set(docTokens);
    let found = 0;
    for (const t of tokens) if (have.has(t)) found++;
    if (found === 0 || (operator === 'and' && found < tokens.length)) return null;
    return found / tokens.length + found / Math.max(1, docTokens.length);
  };
}

function matchQuery(meta: IndexMeta, body: Record<string, unknown>, phrase: boolean): Matcher {
  const [field, spec] = fieldAndSpec(body, phrase ? 'match_phrase' : 'match', 'query');
  const op = String(spec.operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or';
  const m = matchField(meta, field, spec.query, op, phrase);
  const boost = Number(spec.boost ?? 1);
  return (c) => {
    const s = m(c);
    return s === null ? null : s * boost;
  };
}

function multiMatch(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const fields = (Array.isArray(body.fields) ? body.fields : ['*']) as string[];
  const op = String(body.operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or';
  const expanded = fields.flatMap((f) => expandField(meta, f));
  const matchers = expanded.map(({ field, boost }) => {
    const m = matchField(meta, field, body.query, op, body.type === 'phrase');
    return (c: Candidate) => {
      const s = m(c);
      return s === null ? null : s * boost;
    };
  });
  return (c) => {
    let best: number | null = null;
    for (const m of matchers) {
      const s = m(c);
      if (s !== null && (best === null || s > best)) best = s;
    }
    return best;
  };
}

/** `title^2` and `na*` field patterns of multi_match / query_string. */
export function expandField(meta: IndexMeta, spec: unknown): { field: string; boost: number }[] {
  // OpenSearch reads each entry of `fields` as text: numbers pass as their digits, structures are refused.
  if (spec === null || typeof spec === 'object') throw parsingError(`[fields] entries must be field names, found [${JSON.stringify(spec)}]`);
  const [name, boostText] = String(spec).split('^');
  const boost = boostText ? Number(boostText) : 1;
  if (!name.includes('*')) return [{ field: name, boost }];
  const re = wildcardMatcher(name);
  const all: string[] = [];
  const walk = (props: Record<string, { properties?: Record<string, unknown> }> | undefined, prefix: string) => {
    for (const [k, v] of Object.entries(props ?? {})) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (v.properties) walk(v.properties as Record<string, { properties?: Record<string, unknown> }>, path);
      else all.push(path);
    }
  };
  walk(meta.mappings.properties as Record<string, { properties?: Record<string, unknown> }>, '');
  return all.filter((f) => re.test(f)).map((field) => ({ field, boost }));
}
