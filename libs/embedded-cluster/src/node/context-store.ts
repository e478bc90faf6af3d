import { randomBytes } from 'node:crypto';
import type { SearchCursor, SearchRequest } from '../search/search-request';

/** A pinned shard: the seq_no point a reader context sees. */
export interface PinnedShard {
  index: string;
  uuid: string;
  shard: number;
  point: number;
}

/** A point-in-time or scroll context: pinned shard points plus expiry. */
export interface ReaderContext {
  id: string;
  kind: 'pit' | 'scroll';
  shards: PinnedShard[];
  created: number;
  expiresAt: number;
  keepAliveMs: number;
  /** Scroll only: the request as the first page ran it. */
  request?: SearchRequest;
  /** Scroll only: the exact total counted by the first page, repeated on every later page. */
  total?: number;
  /** Scroll only: where the last page ended; the next page resumes after it. */
  cursor?: SearchCursor;
}

/**
 * Open point-in-time and scroll contexts. A context pins each shard's refresh point; garbage collection
 * of old document versions never goes above the lowest pinned point, so a context sees the same
 * documents however many writes happen while it is open.
 */
export class ContextStore {
  private readonly contexts = new Map<string, ReaderContext>();

  open(options: { kind: 'pit' | 'scroll'; shards: PinnedShard[]; keepAliveMs: number; request?: SearchRequest }): ReaderContext {
    const now = Date.now();
    const id = Buffer.from(`${options.kind}:${randomBytes(18).toString('base64url')}`).toString('base64');
    const ctx: ReaderContext = { id, kind: options.kind, shards: options.shards, created: now, expiresAt: now + options.keepAliveMs, keepAliveMs: options.keepAliveMs, request: options.request };
    this.contexts.set(id, ctx);
    return ctx;
  }

  get(id: string, kind: 'pit' | 'scroll'): ReaderContext | undefined {
    const ctx = this.contexts.get(id);
    if (!ctx || ctx.kind !== kind || ctx.expiresAt < Date.now()) return undefined;
    return ctx;
  }

  /** Extends a context's life (each search may pass a new keep_alive). */
  touch(ctx: ReaderContext, keepAliveMs?: number): void {
    if (keepAliveMs !== undefined) ctx.keepAliveMs = keepAliveMs;
    ctx.expiresAt = Date.now() + ctx.keepAliveMs;
  }

  delete(id: string): boolean {
    return this.contexts.delete(id);
  }

  list(kind: 'pit' | 'scroll'): ReaderContext[] {
    return [...this.contexts.values()].filter((c) => c.kind === kind);
  }

  clear(kind: 'pit' | 'scroll'): string[] {
    const ids = this.list(kind).map((c) => c.id);
    ids.forEach((id) => this.contexts.delete(id));
    return ids;
  }

  expire(now: number): void {
    for (const [id, ctx] of this.contexts) if (ctx.expiresAt < now) this.contexts.delete(id);
  }

  /** The lowest point pinned on a shard, or undefined. */
  lowestPinned(uuid: string, shard: number): number | undefined {
    let low: number | undefined;
    for (const ctx of this.contexts.values()) {
      for (const p of ctx.shards) if (p.uuid === uuid && p.shard === shard && (low === undefined || p.point < low)) low = p.point;
    }
    return low;
  }
}
