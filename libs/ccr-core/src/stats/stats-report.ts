import type { Replication, ShardCheckpoint } from '../store/replication.repo';
import type { CcrStats, FollowerCounters, LeaderCounters } from './ccr-stats';

const FOLLOWER_KEYS: readonly (keyof FollowerCounters)[] = [
  'operations_written',
  'operations_read',
  'failed_read_requests',
  'throttled_read_requests',
  'failed_write_requests',
  'throttled_write_requests',
];

/** `follower_stats`: 16 top-level keys, checkpoints summed over the shards of running replications. */
export function followerStatsReport(opts: { reps: Replication[]; shards: ShardCheckpoint[]; stats: CcrStats; runningTasks: (index: string) => boolean }) {
  const byIndex = new Map<string, ShardCheckpoint[]>();
  for (const s of opts.shards) byIndex.set(s.followerIndex, [...(byIndex.get(s.followerIndex) ?? []), s]);
  const running = opts.reps.filter((r) => r.state === 'RUNNING');
  const syncing = running.filter((r) => r.phase === 'syncing');
  const indexStats: Record<string, Record<string, number>> = {};
  const totals: Record<string, number> = Object.fromEntries([...FOLLOWER_KEYS, 'total_write_time_millis'].map((k) => [k, 0]));
  let follower = 0;
  let leader = 0;
  let shardTasks = 0;
  for (const rep of running) {
    const c = opts.stats.follower(rep.followerIndex);
    const shards = byIndex.get(rep.followerIndex) ?? [];
    const fc = shards.reduce((n, s) => n + s.checkpoint, 0);
    const lc = shards.reduce((n, s) => n + s.leaderCheckpoint, 0);
    if (opts.runningTasks(rep.followerIndex)) shardTasks += shards.length;
    follower += fc;
    leader += lc;
    for (const k of [...FOLLOWER_KEYS, 'total_write_time_millis'] as const) totals[k] += c[k];
    indexStats[rep.followerIndex] = {
      ...Object.fromEntries(FOLLOWER_KEYS.map((k) => [k, c[k]])),
      follower_checkpoint: fc,
      leader_checkpoint: lc,
      total_write_time_millis: c.total_write_time_millis,
    };
  }
  return {
    num_syncing_indices: syncing.length,
    num_bootstrapping_indices: running.length - syncing.length,
    num_paused_indices: opts.reps.filter((r) => r.state === 'PAUSED').length,
    num_failed_indices: opts.reps.filter((r) => r.state === 'FAILED').length,
    num_shard_tasks: shardTasks,
    num_index_tasks: running.length,
    ...Object.fromEntries(FOLLOWER_KEYS.map((k) => [k, totals[k]])),
    follower_checkpoint: follower,
    leader_checkpoint: leader,
    total_write_time_millis: totals.total_write_time_millis,
    index_stats: indexStats,
  };
}

const LEADER_KEYS: readonly (keyof LeaderCounters)[] = [
  'operations_read',
  'translog_size_bytes',
  'operations_read_lucene',
  'operations_read_translog',
  'total_read_time_lucene_millis',
  'total_read_time_translog_millis',
  'bytes_read',
];

/** `leader_stats`: what this gateway read from leader indices (9 top-level keys). */
export function leaderStatsReport(opts: { reps: Replication[]; stats: CcrStats }) {
  const totals = Object.fromEntries(LEADER_KEYS.map((k) => [k, 0])) as Record<keyof LeaderCounters, number>;
  const indexStats: Record<string, LeaderCounters> = {};
  for (const [key, c] of opts.stats.leaderEntries()) {
    indexStats[key] = { ...c };
    for (const k of LEADER_KEYS) totals[k] += c[k];
  }
  const replicated = new Set(opts.reps.filter((r) => r.state === 'RUNNING').map((r) => `${r.leaderAlias}:${r.leaderIndex}`));
  return { num_replicated_indices: replicated.size, ...totals, index_stats: indexStats };
}
