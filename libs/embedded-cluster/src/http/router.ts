import type { Request } from './request';
import type { Reply } from './respond';

/** A route handler: gets the parsed request and its path parameters. */
export type Handler = (req: Request, params: Record<string, string>) => Reply | Promise<Reply>;

interface Route {
  methods: string[];
  segments: string[];
  handler: Handler;
}

/**
 * A small method + path router. `{name}` matches one segment; a segment named `{index}` does not match
 * names starting with `_` (those are API words) except `_all`, which is how OpenSearch tells
 * `/_cluster/health` from `/<index>/_search`. Routes are tried in registration order.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(methods: string | string[], path: string, handler: Handler): this {
    const list = Array.isArray(methods) ? methods : [methods];
    this.routes.push({ methods: list, segments: split(path), handler });
    return this;
  }

  /** Finds the handler for a method and decoded path segments; `allowed` lists methods of path-only matches. */
  match(method: string, segments: string[]): { handler?: Handler; params: Record<string, string>; allowed: string[] } {
    const strict = this.find(method, segments, false);
    // OpenSearch's path trie lets `{index}` take any word when no API path matches (`PUT /_x` is an invalid index name).
    return strict.handler ? strict : this.find(method, segments, true);
  }

  private find(method: string, segments: string[], relaxed: boolean): { handler?: Handler; params: Record<string, string>; allowed: string[] } {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments, relaxed);
      if (!params) continue;
      if (route.methods.includes(method) || (method === 'HEAD' && route.methods.includes('GET'))) {
        return { handler: route.handler, params, allowed };
      }
      allowed.push(...route.methods);
    }
    return { params: {}, allowed };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], actual: string[], relaxed: boolean): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    const a = actual[i];
    if (p.startsWith('{')) {
      const name = p.slice(1, -1);
      if (!relaxed && name === 'index' && a.startsWith('_') && a !== '_all') return undefined;
      params[name] = a;
    } else if (p !== a) {
      return undefined;
    }
  }
  return params;
}
