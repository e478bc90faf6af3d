import { wildcardRegex } from '../indices/index-names';
import type { WildcardMatcher } from '../indices/wildcard';

/** `_source` filtering: false, true, a pattern list or `{includes, excludes}`. */
export interface SourceFilter {
  enabled: boolean;
  includes: WildcardMatcher[];
  excludes: WildcardMatcher[];
}

function patterns(v: unknown): WildcardMatcher[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : String(v).split(',');
  return list.map((p) => String(p).trim()).filter(Boolean).map(wildcardRegex);
}

/** Combines the body's `_source` with the `_source`, `_source_includes`, `_source_excludes` query parameters. */
export function parseSourceFilter(body: unknown, query?: URLSearchParams): SourceFilter {
  const f: SourceFilter = { enabled: true, includes: [], excludes: [] };
  const q = query?.get('_source');
  const spec = q === null || q === undefined ? body : q === 'true' || q === 'false' ? q === 'true' : q;
  if (spec === false) f.enabled = false;
  else if (typeof spec === 'string' || Array.isArray(spec)) f.includes = patterns(spec);
  else if (spec && typeof spec === 'object') {
    const s = spec as Record<string, unknown>;
    f.includes = patterns(s.includes ?? s.include);
    f.excludes = patterns(s.excludes ?? s.exclude);
  }
  const qi = query?.get('_source_includes') ?? query?.get('_source_include');
  const qe = query?.get('_source_excludes') ?? query?.get('_source_exclude');
  if (qi) f.includes = patterns(qi);
  if (qe) f.excludes = patterns(qe);
  return f;
}

/** Whether the filter keeps the source untouched (so the stored text can be returned verbatim). */
export function isIdentity(f: SourceFilter): boolean {
  return f.enabled && f.includes.length === 0 && f.excludes.length === 0;
}

/** Applies includes/excludes to a parsed source. */
export function filterSource(src: Record<string, unknown>, f: SourceFilter): Record<string, unknown> {
  return filterObject(src, '', f);
}

function filterObject(obj: Record<string, unknown>, prefix: string, f: SourceFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (f.excludes.some((r) => r.test(path))) continue;
    const included = f.includes.length === 0 || f.includes.some((r) => r.test(path));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (included) {
        out[k] = f.excludes.length ? filterObject(v as Record<string, unknown>, path, { ...f, includes: [] }) : v;
        continue;
      }
      const mayContain = f.includes.some((r) => r.pattern.startsWith(`${path}.`) || r.pattern.startsWith(`${path}*`) || r.pattern === '*');
      if (mayContain) {
        const sub = filterObject(v as Record<string, unknown>, path, f);
        if (Object.keys(sub).length) out[k] = sub;
      }
      continue;
    }
    if (included) out[k] = v;
  }
  return out;
}
