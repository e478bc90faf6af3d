import type { Router } from 'express';

/** The part of an Express 5 router layer this reads (`router` package: `Layer#match`, `route.methods`). */
interface RouterLayer {
  match(path: string): false | { path: string };
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

// Nested routers deeper than this are not searched (plugins nest one or two).
const MAX_NESTING = 8;

function collect(stack: readonly RouterLayer[], path: string, out: Set<string>, depth: number): void {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.add(method.toUpperCase());
    } else if (Array.isArray(layer.handle?.stack) && depth < MAX_NESTING) {
      collect(layer.handle.stack, path.slice(matched.path.length) || '/', out, depth + 1);
    }
  }
}

/**
 * The methods the router's routes serve at `path` (relative to the router's mount), nested routers
 * included; empty when no route has that path. HEAD is listed wherever GET is, as Express serves it.
 * Lets a plugin answer a wrong method with 405 and `Allow` rather than 404.
 */
export function allowedMethods(router: Router, path: string): string[] {
  const out = new Set<string>();
  collect((router as unknown as { stack: RouterLayer[] }).stack, path, out, 0);
  if (out.has('GET')) out.add('HEAD');
  return [...out].sort();
}
