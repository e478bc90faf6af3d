import type { IndexMeta } from '../indices/index-meta';
import { illegalArgument, parsingError } from '../http/errors';
import { analyze, type Candidate, fieldInfo, fieldValues } from './fields';

type Matcher = (c: Candidate) => number | null;

/**
 * Edit distance between two strings, capped: Levenshtein, or with `transpositions` the optimal string alignment
 * distance Lucene's fuzzy automata accept (an adjacent swap costs one). Returns `max + 1` as soon as the distance
 * must exceed `max`, so long tokens cost O(len × max) rather than O(len²) in the common case.
 */
export function editDistance(a: string, b: string, options: { max: number; transpositions: boolean }): number {
  const { max } = options;
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (options.transpositions && i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length];
}

/** `fuzziness`: 0, 1, 2, or `AUTO[:low,high]` (0 edits below `low` characters, 1 below `high`, else 2; default 3,6). */
export function maxEdits(fuzziness: unknown, term: string): number {
  const text = fuzziness === undefined || fuzziness === null ? 'AUTO' : String(fuzziness).trim();
  const auto = /^AUTO(?::(\d+),(\d+))?$/i.exec(text);
  const len = [...term].length;
  if (auto) {
    const low = auto[1] === undefined ? 3 : Number(auto[1]);
    const high = auto[2] === undefined ? 6 : Number(auto[2]);
    if (low > high) throw parsingError(`[fuzziness] AUTO:low,high needs low <= high, found [${text}]`);
    return len < low ? 0 : len < high ? 1 : 2;
  }
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw parsingError(`[fuzzy] failed to parse fuzziness [${text}]`);
  // A float (0.5) is a similarity from old versions; OpenSearch maps every value above 2 to 2 edits.
  return Math.min(2, Math.floor(n));
}

/**
 * `fuzzy`: a term (not analyzed) matches a field's indexed terms within `fuzziness` edits; the first
 * `prefix_length` characters must match exactly. Text fields compare against their tokens, other fields against
 * the whole value. Scores follow similarity (1 for an exact term) unless `rewrite` is a constant-score one.
 */
export function fuzzyQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const entries = Object.entries(body);
  if (entries.length !== 1) throw parsingError(`[fuzzy] query doesn't support multiple fields, found [${entries.map((e) => e[0]).join('] and [')}]`);
  const [field, raw] = entries[0];
  const spec = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { value: raw };
  if (spec.value === undefined || spec.value === null || typeof spec.value === 'object') throw illegalArgument('query value cannot be null');
  const term = String(spec.value);
  const edits = maxEdits(spec.fuzziness, term);
  const prefix = Number(spec.prefix_length ?? 0);
  if (!Number.isInteger(prefix) || prefix < 0) throw parsingError(`[fuzzy] failed to parse field [prefix_length]`);
  const transpositions = spec.transpositions !== false;
  const boost = Number(spec.boost ?? 1);
  const constant = typeof spec.rewrite === 'string' && spec.rewrite.startsWith('constant_score');
  const head = [...term].slice(0, prefix).join('');
  const info = fieldInfo(meta, field);
  const terms = (v: unknown): string[] => (info.type === 'text' ? analyze(v) : [String(v)]);
  const len = Math.max(1, [...term].length);
  return (c) => {
    let best = edits + 1;
    for (const v of fieldValues(c, info)) {
      for (const t of terms(v)) {
        if (!t.startsWith(head)) continue;
        best = Math.min(best, editDistance(term, t, { max: edits, transpositions }));
        if (best === 0) break;
      }
    }
    if (best > edits) return null;
    return constant ? boost : boost * (1 - best / len);
  };
}

/**
 * `terms_set`: a document matches when at least N of `terms` are among its values, N read per document from
 * `minimum_should_match_field` (a numeric field; a document without it does not match). Scripts are not served.
 */
export function termsSetQuery(meta: IndexMeta, body: Record<string, unknown>): Matcher {
  const entries = Object.entries(body);
  if (entries.length !== 1) throw parsingError('[terms_set] query requires exactly one field');
  const [field, raw] = entries[0];
  const spec = (raw ?? {}) as Record<string, unknown>;
  if (!Array.isArray(spec.terms)) throw parsingError('[terms_set] query requires a [terms] array');
  if (spec.minimum_should_match_script !== undefined) throw illegalArgument('[terms_set] minimum_should_match_script needs scripting, which this cluster does not serve; use minimum_should_match_field');
  if (typeof spec.minimum_should_match_field !== 'string') throw parsingError('[terms_set] query requires [minimum_should_match_field]');
  const info = fieldInfo(meta, field);
  const minInfo = fieldInfo(meta, spec.minimum_should_match_field);
  const text = info.type === 'text';
  const wanted = new Set(spec.terms.map(String));
  const boost = Number(spec.boost ?? 1);
  return (c) => {
    const need = Number(fieldValues(c, minInfo)[0]);
    if (!Number.isFinite(need)) return null;
    const have = new Set<string>();
    for (const v of fieldValues(c, info)) for (const t of text ? analyze(v) : [String(v)]) if (wanted.has(t)) have.add(t);
    // Lucene's CoveringQuery: at least one clause must match even when the required count is 0 or less.
    return have.size > 0 && have.size >= need ? boost * have.size : null;
  };
}
