import type { IndexMeta } from '../indices/index-meta';
import type { Candidate } from './fields';
import { expandField } from './leaf-queries';

type Matcher = (c: Candidate) => number | null;

interface QueryStringArgs {
  meta: IndexMeta;
  body: Record<string, unknown>;
  matchField: (field: string, text: string, op: 'or' | 'and') => Matcher;
}

/**
 * A basic `query_string`: whitespace-separated clauses `term`, `field:term`, `"a phrase"`, `+must`, `-not`,
 * `AND`/`OR`/`NOT` between clauses, and `*` for everything. Clauses combine with `default_operator` (OR).
 */
export function compileQueryString(args: QueryStringArgs): Matcher {
  const { meta, body } = args;
  const text = String(body.query ?? '').trim();
  if (text === '' || text === '*' || text === '*:*') return () => 1;
  const defaultFields = (Array.isArray(body.fields) ? (body.fields as string[]) : body.default_field ? [String(body.default_field)] : ['*'])
    .flatMap((f) => expandField(meta, f));
  let op: 'or' | 'and' = String(body.default_operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or';
  const tokens = text.match(/[+-]?(?:[^\s:"]+:)?"[^"]*"|\S+/g) ?? [];
  const required: Matcher[] = [];
  const optional: Matcher[] = [];
  const excluded: Matcher[] = [];
  let negateNext = false;
  for (const raw of tokens) {
    if (raw === 'AND') { op = 'and'; continue; }
    if (raw === 'OR') continue;
    if (raw === 'NOT') { negateNext = true; continue; }
    let t = raw;
    let mode: 'must' | 'not' | 'default' = negateNext ? 'not' : 'default';
    negateNext = false;
    if (t.startsWith('+')) { mode = 'must'; t = t.slice(1); }
    else if (t.startsWith('-')) { mode = 'not'; t = t.slice(1); }
    const m = clause(t, defaultFields, args.matchField);
    if (mode === 'not') excluded.push(m);
    else if (mode === 'must' || op === 'and') required.push(m);
    else optional.push(m);
  }
  return (c) => {
    let score = 0;
    for (const m of required) { const s = m(c); if (s === null) return null; score += s; }
    for (const m of excluded) if (m(c) !== null) return null;
    let any = false;
    for (const m of optional) { const s = m(c); if (s !== null) { any = true; score += s; } }
    if (!any && required.length === 0 && optional.length > 0) return null;
    return score || 1;
  };
}

function clause(token: string, defaults: { field: string; boost: number }[], matchField: QueryStringArgs['matchField']): Matcher {
  const colon = token.indexOf(':');
  const hasField = colon > 0 && !token.startsWith('"');
  const value = (hasField ? token.slice(colon + 1) : token).replace(/^"|"$/g, '');
  const fields = hasField ? [{ field: token.slice(0, colon), boost: 1 }] : defaults;
  if (value === '*') {
    return (c) => (fields.some(({ field }) => matchField(field, '', 'or')(c) !== null || hasValue(c, field)) ? 1 : null);
  }
  const matchers = fields.map(({ field, boost }) => ({ m: matchField(field, value, 'and'), boost }));
  return (c) => {
    let best: number | null = null;
    for (const { m, boost } of matchers) {
      const s = m(c);
      if (s !== null && (best === null || s * boost > best)) best = s * boost;
    }
    return best;
  };
}

function hasValue(c: Candidate, field: string): boolean {
  const src = c.src ?? (JSON.parse(c.row.source) as Record<string, unknown>);
  return field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), src) !== undefined;
}
