/**
 * Route shapes matched segment by segment, never by substring: `/{index}/_search` matches
 * `/logs/_search` but not `/logs/_doc/_search`, where `_search` sits in the document-id position.
 *
 * In a pattern, a literal matches itself; `{index}` matches an index expression (`logs`, `a,b`, `log-*`,
 * `_all`, but no other word starting with `_`: those are API names, as in OpenSearch's router); any other
 * `{name}` matches one segment; a final `*` matches whatever follows (nothing included). No parameter
 * matches a segment holding `/` (an encoded `%2F`), so a decoded path cannot shift positions.
 */
export interface RouteShape {
  /** Upper-case HTTP methods, e.g. `['POST']`. */
  methods: readonly string[];
  /** `/`-separated pattern, e.g. `/{index}/_search/point_in_time`. */
  path: string;
}

type Part = { literal: string } | { param: 'index' | 'one' } | { rest: true };

interface Compiled {
  methods: ReadonlySet<string>;
  parts: Part[];
}

function compile(shape: RouteShape): Compiled {
  const raw = shape.path.split('/').filter(Boolean);
  const parts = raw.map((s, i): Part => {
    if (s === '*' && i === raw.length - 1) return { rest: true };
    if (s === '{index}') return { param: 'index' };
    if (s.startsWith('{') && s.endsWith('}')) return { param: 'one' };
    return { literal: s };
  });
  return { methods: new Set(shape.methods.map((m) => m.toUpperCase())), parts };
}

function partMatches(part: Part, segment: string): boolean {
  if ('literal' in part) return part.literal === segment;
  if (segment.length === 0 || segment.includes('/')) return false;
  if ('param' in part && part.param === 'index') return !segment.startsWith('_') || segment === '_all';
  return true;
}

function shapeMatches(c: Compiled, segments: readonly string[]): boolean {
  for (let i = 0; i < c.parts.length; i++) {
    const part = c.parts[i];
    if ('rest' in part) return true;
    if (i >= segments.length || !partMatches(part, segments[i])) return false;
  }
  return c.parts.length === segments.length;
}

/** A set of route shapes; answers "is this method and path one of them?". */
export class RouteTable {
  private readonly shapes: Compiled[];

  constructor(shapes: readonly RouteShape[]) {
    this.shapes = shapes.map(compile);
  }

  /** True when `method` on the decoded path `segments` has one of the table's shapes. */
  has(method: string, segments: readonly string[]): boolean {
    const m = method.toUpperCase();
    return this.shapes.some((c) => c.methods.has(m) && shapeMatches(c, segments));
  }
}
