/** A compiled wildcard pattern; shaped like `RegExp.test` so callers need not care how it matches. */
export interface WildcardMatcher {
  /** The pattern as given. */
  readonly pattern: string;
  test(text: string): boolean;
}

/** Options of {@link wildcardMatcher}. */
export interface WildcardOptions {
  /** Whether `?` matches one character (Lucene's wildcard query); OpenSearch's simple patterns know only `*`. */
  single?: boolean;
  caseInsensitive?: boolean;
}

/**
 * Compiles a `*` (and optionally `?`) pattern into a matcher that runs in O(pattern × text) with one
 * backtracking point, never exponentially: a RegExp of `.*a.*a.*a.*b` took longer than ten minutes on 400
 * characters, so any pattern a request carries is matched this way.
 */
export function wildcardMatcher(pattern: string, options: WildcardOptions = {}): WildcardMatcher {
  const p = options.caseInsensitive ? pattern.toLowerCase() : pattern;
  const single = options.single === true;
  return {
    pattern,
    test(input: string): boolean {
      return matches(p, options.caseInsensitive ? input.toLowerCase() : input, single);
    },
  };
}

function matches(p: string, t: string, single: boolean): boolean {
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    const c = p[pi];
    if (pi < p.length && c !== '*' && (c === t[ti] || (single && c === '?'))) {
      pi++;
      ti++;
    } else if (pi < p.length && c === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}
