import type { Logger } from '@ferry/core';
import type { CcrConfig } from '../config';
import type { Rest } from '../rest/rest';
import type { CcrStats } from '../stats/ccr-stats';
import type { DocShadowRepository } from '../store/doc-shadow.repo';
import type { ReplicationRepository, ShardCheckpoint } from '../store/replication.repo';
import { FollowerWriter } from './follower-writer';
import { withRetry } from './retry';
import type { LeaderDoc, ShardSearch, ShardSeqStats } from './shard-reader';

/** Everything a shard task needs; built once per index task. */
export interface ShardContext {
  followerIndex: string;
  leaderIndex: string;
  /** `alias:index`, the key of leader stats. */
  leaderKey: string;
  shard: number;
  leader: Rest;
  follower: Rest;
  writer: FollowerWriter;
  repo: ReplicationRepository;
  /** Leader `_seq_no` of every follower document. */
  shadow: DocShadowRepository;
  stats: CcrStats;
  config: CcrConfig;
  signal: AbortSignal;
  clock: { now(): number };
  logger: Logger;
  /** Leader `_stats?level=shards`, shared by the shards of an index and at most `maxAgeMs` old. */
  leaderStats(maxAgeMs: number): Promise<{ at: number; shards: Map<number, ShardSeqStats> }>;
  /** Resolves once a leader refresh that started at or after `since` has finished. */
  leaderRefreshedSince(since: number): Promise<void>;
  /** Opens the leader view the leader's family allows: a point-in-time, or the live index (no PIT). */
  openLeaderSnapshot(): Promise<ShardSearch>;
}

/** Retries a leader read, counting failures on the follower's stats. */
export function readWithRetry<T>(ctx: ShardContext, fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, {
    signal: ctx.signal,
    initialMs: ctx.config.retryInitialMs,
    maxMs: ctx.config.retryMaxMs,
    onTransient: (err) => {
      ctx.stats.failed(ctx.followerIndex, 'read', err.status === 429);
      ctx.stats.transientError(ctx.followerIndex, `reading the leader: ${err.summary}; retrying`, ctx.clock.now());
    },
    onRecovered: () => ctx.stats.recovered(ctx.followerIndex),
  });
}

/** Retries a follower write, counting failures. */
export function writeWithRetry<T>(ctx: ShardContext, fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, {
    signal: ctx.signal,
    initialMs: ctx.config.retryInitialMs,
    maxMs: ctx.config.retryMaxMs,
    onTransient: (err) => {
      ctx.stats.failed(ctx.followerIndex, 'write', err.status === 429);
      ctx.stats.transientError(ctx.followerIndex, `writing the follower: ${err.summary}; retrying`, ctx.clock.now());
    },
    onRecovered: () => ctx.stats.recovered(ctx.followerIndex),
  });
}

/** Writes documents read from the leader and records the counters. */
export async function applyDocs(ctx: ShardContext, docs: readonly LeaderDoc[], readMillis: number): Promise<void> {
  if (docs.length === 0) return;
  const started = Date.now();
  const bytes = await writeWithRetry(ctx, () => ctx.writer.index(docs));
  await ctx.shadow.upsert(ctx.followerIndex, ctx.shard, docs.map((d) => ({ id: d.id, seq: d.seqNo, routing: d.routing })));
  ctx.stats.read({ follower: ctx.followerIndex, leader: ctx.leaderKey, ops: docs.length, bytes, millis: readMillis });
  ctx.stats.wrote(ctx.followerIndex, docs.length, Date.now() - started);
}

/** Persists part of the shard's progress and mirrors it in memory. */
export async function persist(ctx: ShardContext, cp: ShardCheckpoint, patch: Partial<ShardCheckpoint>): Promise<void> {
  Object.assign(cp, patch);
  await ctx.repo.updateShard(ctx.followerIndex, ctx.shard, patch);
}
