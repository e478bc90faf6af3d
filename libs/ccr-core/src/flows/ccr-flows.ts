import { BehindSince, LAGGING_AFTER_SECONDS, type Clock, type FlowSource, type FlowState, type FlowSummary } from '@ferry/core';
import type { AutofollowService } from '../autofollow/autofollow.service';
import { syncing } from '../replication/status';
import type { Replication, ReplicationRepository, ShardCheckpoint } from '../store/replication.repo';

/** What the follower source reads. */
export interface CcrFlowDeps {
  repo: ReplicationRepository;
  clock: Clock;
}

function followerState(rep: Replication, secondsBehind: number): FlowState {
  if (rep.state === 'FAILED') return 'failed';
  if (rep.state === 'STOPPED') return 'stopped';
  if (rep.state === 'PAUSED') return 'paused';
  if (rep.phase !== 'syncing') return 'bootstrapping';
  return secondsBehind >= LAGGING_AFTER_SECONDS ? 'lagging' : 'ok';
}

/** The status string `_status` shows for this replication. */
function nativeStatus(rep: Replication): string {
  if (rep.state !== 'RUNNING') return rep.state;
  return rep.phase === 'syncing' ? 'SYNCING' : 'BOOTSTRAPPING';
}

function followerFlow(rep: Replication, shards: readonly ShardCheckpoint[], behind: BehindSince, now: number): FlowSummary {
  const id = `ccr-follower:${rep.followerIndex}`;
  // The checkpoints `_status` sums, read from the store (no call to either cluster).
  const cp = shards.length > 0 ? syncing(shards, new Map()) : undefined;
  const operations = cp ? Math.max(0, cp.leader_checkpoint - cp.follower_checkpoint) : null;
  const seconds = operations === null ? null : behind.observe(id, operations > 0, now);
  const autoPaused = rep.state === 'PAUSED' && rep.reason.startsWith('AutoPaused');
  return {
    id,
    kind: 'ccr-follower',
    name: rep.followerIndex,
    state: followerState(rep, seconds ?? 0),
    status: nativeStatus(rep),
    reason: rep.state === 'RUNNING' || !rep.reason ? null : rep.reason,
    error: autoPaused || rep.state === 'FAILED' ? rep.reason || null : null,
    lag: { operations, seconds, bytes: null },
    details: {
      leader_alias: rep.leaderAlias,
      leader_index: rep.leaderIndex,
      follower_index: rep.followerIndex,
      leader_checkpoint: cp?.leader_checkpoint ?? null,
      follower_checkpoint: cp?.follower_checkpoint ?? null,
      shards: rep.numShards,
      auto_paused: autoPaused,
      rule: rep.rule ?? null,
    },
    historyValue: operations,
  };
}

/** Every follower index on the flows board: state, checkpoints and lag in operations from the store. */
export function ccrFollowerFlows(deps: CcrFlowDeps): FlowSource {
  const behind = new BehindSince();
  return {
    kind: 'ccr-follower',
    async list() {
      const [reps, shards] = await Promise.all([deps.repo.list(), deps.repo.allShards()]);
      const byIndex = new Map<string, ShardCheckpoint[]>();
      for (const s of shards) byIndex.set(s.followerIndex, [...(byIndex.get(s.followerIndex) ?? []), s]);
      const now = deps.clock.now();
      const flows = reps.map((rep) => followerFlow(rep, byIndex.get(rep.followerIndex) ?? [], behind, now));
      behind.retain(new Set(flows.map((f) => f.id)));
      return flows;
    },
  };
}

/** Every autofollow rule on the flows board, with its start counters and failed indices. */
export function ccrAutofollowFlows(autofollow: Pick<AutofollowService, 'flowStats'>): FlowSource {
  return {
    kind: 'ccr-autofollow',
    async list() {
      return (await autofollow.flowStats()).map((s): FlowSummary => ({
        id: `ccr-autofollow:${s.rule.leaderAlias}:${s.rule.name}`,
        kind: 'ccr-autofollow',
        name: s.rule.name,
        state: s.failedIndices.length > 0 || s.lastError ? 'failed' : 'ok',
        status: s.lastError ? 'FAILING' : 'ACTIVE',
        reason: null,
        error: s.lastError ?? null,
        lag: { operations: null, seconds: null, bytes: null },
        details: {
          leader_alias: s.rule.leaderAlias,
          rule_name: s.rule.name,
          pattern: s.rule.pattern,
          exclusion_patterns: s.rule.exclusions,
          follower_index_pattern: s.rule.followerIndexPattern ?? null,
          started: s.started,
          failed: s.failed,
          failed_leader_calls: s.failedLeaderCalls,
          failed_indices: s.failedIndices,
          last_execution_time: s.lastExecutionTime || null,
        },
        historyValue: null,
      }));
    },
  };
}
