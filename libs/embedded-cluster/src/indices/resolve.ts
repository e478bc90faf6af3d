import { illegalArgument, indexClosed, indexNotFound } from '../http/errors';
import type { IndexMeta } from './index-meta';
import { wildcardRegex } from './index-names';

/** OpenSearch's `IndicesOptions` as the REST parameters express them. */
export interface ResolveOptions {
  ignoreUnavailable?: boolean;
  allowNoIndices?: boolean;
  expandWildcards?: string;
  /** Whether naming a closed index explicitly is an error (search, docs) or fine (admin APIs). */
  forbidClosed?: boolean;
}

/** Reads `ignore_unavailable`, `allow_no_indices`, `expand_wildcards` from the query string. */
export function resolveOptionsOf(q: URLSearchParams, defaults: ResolveOptions = {}): ResolveOptions {
  const b = (name: string, fallback?: boolean) => (q.has(name) ? q.get(name) !== 'false' : fallback);
  return {
    ignoreUnavailable: b('ignore_unavailable', defaults.ignoreUnavailable),
    allowNoIndices: b('allow_no_indices', defaults.allowNoIndices),
    expandWildcards: q.get('expand_wildcards') ?? defaults.expandWildcards,
    forbidClosed: defaults.forbidClosed,
  };
}

/**
 * Resolves an index expression (names, aliases, `*` wildcards, `-exclusions`, commas, `_all`) against the
 * known indices, with OpenSearch's errors for missing names.
 */
export function resolveExpression(all: IndexMeta[], expression: string | undefined, options: ResolveOptions = {}): IndexMeta[] {
  const expand = (options.expandWildcards ?? 'open').split(',');
  const wildcardOk = (m: IndexMeta) =>
    expand.includes('all') || (m.state === 'open' ? expand.includes('open') : expand.includes('closed'));
  const parts = !expression || expression === '_all' ? ['*'] : expression.split(',').map((p) => p.trim()).filter(Boolean);
  const chosen = new Map<string, IndexMeta>();
  let sawWildcard = false;
  parts.forEach((part, i) => {
    if (part.startsWith('-') && i > 0) {
      const re = wildcardRegex(part.slice(1));
      for (const name of [...chosen.keys()]) if (re.test(name)) chosen.delete(name);
      return;
    }
    if (part.includes('*') || part === '_all') {
      sawWildcard = true;
      const re = wildcardRegex(part === '_all' ? '*' : part);
      for (const m of all) {
        const aliasHit = Object.keys(m.aliases).some((a) => re.test(a));
        if ((re.test(m.name) || aliasHit) && wildcardOk(m) && !(part === '*' && m.name.startsWith('.') && false)) chosen.set(m.name, m);
      }
      return;
    }
    const exact = all.filter((m) => m.name === part || part in m.aliases);
    if (exact.length === 0) {
      if (options.ignoreUnavailable) return;
      throw indexNotFound(part);
    }
    for (const m of exact) {
      if (m.state === 'close' && options.forbidClosed) {
        if (options.ignoreUnavailable) continue;
        throw indexClosed(m.name, m.uuid);
      }
      chosen.set(m.name, m);
    }
  });
  const result = [...chosen.values()];
  if (result.length === 0 && options.allowNoIndices === false) {
    if (sawWildcard) throw indexNotFound(expression ?? '_all');
    throw illegalArgument('no indices');
  }
  return result;
}
