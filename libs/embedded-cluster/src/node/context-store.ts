import { randomBytes } from 'node:crypto';
import { AppError } from '@ferry/core';
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

/** OpenSearch's defaults for `search.max_open_scroll_context` and `search.max_open_pit_context`. */
export const MAX_OPEN = { scroll: 500, pit: 300 } as const;

/** OpenSearch's defaults for `search.max_keep_alive` and `point_in_time.max_keep_alive`: a day. */
export const MAX_KEEP_ALIVE_MS = 86_400_000;

/** TimeValue.toString: the largest unit the value reaches, with one decimal truncated (`36h` is `1.5d`). */
function timeValueText(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'm'], [1000, 's']];
  for (const [size, unit] of units) {
    if (ms >= size) return `${Math.floor((ms / size) * 10) / 10}${unit}`;
  }
  return `${ms}ms`;
}

/** A context pins shard points (no garbage collection below them) for its keep-alive: a day at most. */
function checkKeepAlive(kind: 'pit' | 'scroll', ms: number): void {
  if (ms <= MAX_KEEP_ALIVE_MS) return;
  const setting = kind === 'pit' ? 'point_in_time.max_keep_alive' : 'search.max_keep_alive';
  throw new AppError(400, `Keep alive for request (${timeValueText(ms)}) is too large. It must be less than (${timeValueText(MAX_KEEP_ALIVE_MS)}). This limit can be set by changing the [${setting}] cluster level setting.`, {
    type: 'illegal_argument_exception',
  });
}

function tooManyContexts(kind: 'pit' | 'scroll'): AppError {
  const what = kind === 'pit' ? 'Point In Time' : 'scroll';
  const setting = kind === 'pit' ? 'search.max_open_pit_context' : 'search.max_open_scroll_context';
  return new AppError(429, `Trying to create too many ${what} contexts. Must be less than or equal to: [${MAX_OPEN[kind]}]. This limit can be set by changing the [${setting}] setting.`, {
    type: 'rejected_execution_exception',
  });
}

/**
 * Open point-in-time and scroll contexts. A context pins each shard's refresh point; garbage collection
 * of old document versions never goes above the lowest pinned point, so a context sees the same
 * documents however many writes happen while it is open.
 */
export class ContextStore {
  private readonly contexts = new Map<string, ReaderContext>();

  /** Opens a context; past OpenSearch's open context limits it is a 429 `rejected_execution_exception`. */
  open(options: { kind: 'pit' | 'scroll'; shards: PinnedShard[]; keepAliveMs: number; request?: SearchRequest }): ReaderContext {
    checkKeepAlive(options.kind, options.keepAliveMs);
    const now = Date.now();
    this.expire(now);
    if (this.list(options.kind).length >= MAX_OPEN[options.kind]) throw tooManyContexts(options.kind);
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
    if (keepAliveMs !== undefined) checkKeepAlive(ctx.kind, keepAliveMs);
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
