import { BehindSince, LAGGING_AFTER_SECONDS, type Clock, type FlowSource, type FlowState, type FlowSummary } from '@ferry/core';
import { shardExtras, shardState } from '../engine/ingestion-api';
import type { IngestionIndex, IngestionService } from '../engine/ingestion-service';

const BY_REQUEST = 'paused by request';

function shardFlowState(entry: IngestionIndex, shard: number, secondsBehind: number): FlowState {
  const p = entry.pollers[shard];
  if (p.paused) return p.pausedReason === BY_REQUEST ? 'paused' : 'failed';
  if (p.writeBlock) return 'paused';
  if (p.lastError) return 'failed';
  if (p.state === 'NONE') return 'bootstrapping';
  return secondsBehind >= LAGGING_AFTER_SECONDS ? 'lagging' : 'ok';
}

function shardFlow(service: IngestionService, entry: IngestionIndex, shard: number, behind: BehindSince, now: number): FlowSummary {
  const index = entry.record.name;
  const id = `ingestion-shard:${index}:${shard}`;
  const p = entry.pollers[shard];
  // What `_state?ferry=true` and `_stats` show for this shard, not recomputed here.
  const state = shardState(entry, shard);
  const extras = shardExtras(service, entry, shard);
  const consumer = p.stats.toJSON({ now, paused: p.paused || p.writeBlock }).consumer_stats;
  const messages = p.stats.pointerLag >= 0 ? p.stats.pointerLag : null;
  const seconds = messages === null ? null : behind.observe(id, messages > 0, now);
  const flowState = shardFlowState(entry, shard, seconds ?? 0);
  return {
    id,
    kind: 'ingestion-shard',
    name: `${index}[${shard}]`,
    state: flowState,
    status: state.poller_paused ? 'PAUSED' : state.poller_state,
    reason: extras.paused_reason ?? null,
    error: extras.last_error ?? (flowState === 'failed' ? (extras.paused_reason ?? null) : null),
    lag: { operations: messages, seconds, bytes: null },
    details: {
      index,
      shard,
      source_type: entry.source.type,
      poller_state: state.poller_state,
      paused: state.poller_paused,
      paused_reason: extras.paused_reason ?? null,
      write_block_enabled: state.write_block_enabled,
      error_policy: state.error_policy,
      pointer: state.batch_start_pointer || null,
      lag: messages,
      lag_in_millis: consumer.lag_in_millis,
      polled: p.stats.polled,
      processed: p.stats.processed,
      dead_lettered: p.stats.deadLettered,
      failed: p.stats.failed,
      dropped: p.stats.failuresDropped + p.stats.pollerMessageDropped,
    },
    historyValue: messages,
  };
}

/** Every shard of every ingestion index on the flows board, from the pollers in memory. */
export function ingestionShardFlows(service: IngestionService, clock: Clock): FlowSource {
  const behind = new BehindSince();
  return {
    kind: 'ingestion-shard',
    async list() {
      const now = clock.now();
      const flows = service.list().flatMap((entry) => entry.pollers.map((_p, shard) => shardFlow(service, entry, shard, behind, now)));
      behind.retain(new Set(flows.map((f) => f.id)));
      return flows;
    },
  };
}
