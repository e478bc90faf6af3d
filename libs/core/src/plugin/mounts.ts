/** A parsed mount: literal segments and `:param` segments. */
export interface MountPattern {
  owner: string;
  path: string;
  segments: { literal?: string; param?: string }[];
}

/** Parses `/a/:b/c` into segments. */
export function parseMount(owner: string, path: string): MountPattern {
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s }));
  return { owner, path, segments };
}

function sameSegment(a: MountPattern['segments'][number], b: MountPattern['segments'][number]): boolean {
  return a.literal !== undefined ? a.literal === b.literal : b.param !== undefined;
}

/**
 * Two mounts overlap when one is a prefix of the other segment by segment (params equal params).
 * A literal and a param at the same place do not overlap: the literal is more specific and wins.
 */
export function overlaps(a: MountPattern, b: MountPattern): boolean {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) if (!sameSegment(a.segments[i], b.segments[i])) return false;
  return true;
}

/** Throws naming both plugins and both mounts for the first overlap found. */
export function assertNoOverlap(mounts: readonly MountPattern[]): void {
  for (let i = 0; i < mounts.length; i++) {
    for (let j = i + 1; j < mounts.length; j++) {
      if (overlaps(mounts[i], mounts[j])) {
        const [a, b] = [mounts[i], mounts[j]];
        throw new Error(`mount '${b.path}' of plugin '${b.owner}' overlaps mount '${a.path}' of plugin '${a.owner}'`);
      }
    }
  }
}

/** Orders mounts so that more specific ones (more literals first, then longer) are tried first. */
function specificity(m: MountPattern): number[] {
  return m.segments.map((s) => (s.literal !== undefined ? 2 : 1));
}

/** Finds which mount (if any) serves a request path; cheap enough for every request. */
export class MountMatcher {
  private readonly ordered: MountPattern[];

  constructor(mounts: readonly MountPattern[]) {
    this.ordered = [...mounts].sort((a, b) => {
      const sa = specificity(a);
      const sb = specificity(b);
      for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
        const d = (sb[i] ?? 0) - (sa[i] ?? 0);
        if (d !== 0) return d;
      }
      return 0;
    });
  }

  /** The mount serving `segments` (already split, decoded), or undefined. */
  match(segments: readonly string[]): MountPattern | undefined {
    outer: for (const m of this.ordered) {
      if (m.segments.length > segments.length) continue;
      for (let i = 0; i < m.segments.length; i++) {
        const s = m.segments[i];
        if (s.literal !== undefined && s.literal !== segments[i]) continue outer;
      }
      return m;
    }
    return undefined;
  }
}

/** Splits a path into decoded segments; undefined when it cannot be decoded. */
export function splitPath(path: string): string[] | undefined {
  const parts = path.split('/').filter(Boolean);
  try {
    return parts.map((p) => (p.includes('%') ? decodeURIComponent(p) : p));
  } catch {
    return undefined;
  }
}

/**
 * Splits a path the way OpenSearch's router does, for authorization: one leading `/` and any trailing
 * ones are dropped, empty segments inside are kept (`//x` names an empty index there; it is not `/x`).
 * Undefined when a segment cannot be decoded.
 */
export function routeSegments(path: string): string[] | undefined {
  const trimmed = path.replace(/^\//, '').replace(/\/+$/, '');
  if (trimmed === '') return [];
  try {
    return trimmed.split('/').map((p) => (p.includes('%') ? decodeURIComponent(p) : p));
  } catch {
    return undefined;
  }
}

/** True when `path` has an empty segment before its last one (`//x`, `/a//b`); a trailing `/` does not count. */
export function hasEmptyInnerSegment(path: string): boolean {
  return path.replace(/\/+$/, '').includes('//');
}
