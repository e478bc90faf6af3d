import { BehindSince, CounterRate, LAGGING_AFTER_SECONDS, type Clock, type FlowSource, type FlowSummary } from '@ferry/core';
import type { RemoteService } from '../remotes/remotes.service';
import type { ReplicationEngine } from '../replications/replication-engine';
import type { ReplicationService } from '../replications/replications.service';
import type { Replication } from '../replications/replications.schemas';

/** What the Influx source reads. */
export interface InfluxFlowDeps {
  replications: Pick<ReplicationService, 'listAll'>;
  remotes: Pick<RemoteService, 'names'>;
  engine: Pick<ReplicationEngine, 'live'>;
  clock: Clock;
}

/** The last remote write failed: anything but 204 that came with a message (0 = no answer at all). */
function failing(r: Replication): boolean {
  return r.latestResponseCode !== undefined && r.latestResponseCode !== 204 && Boolean(r.latestErrorMessage);
}

/**
 * Every Influx replication on the flows board, with the queue figures `/api/v2/replications` shows
 * and points/s delivered to the remote, derived from the sender's counter between readings.
 */
export function influxReplicationFlows(deps: InfluxFlowDeps): FlowSource {
  const behind = new BehindSince();
  const rates = new CounterRate();
  return {
    kind: 'influx-replication',
    async list() {
      const [reps, names] = await Promise.all([deps.replications.listAll(), deps.remotes.names()]);
      const now = deps.clock.now();
      const flows = reps.map((r): FlowSummary => {
        const id = `influx-replication:${r.id}`;
        const bytes = r.remainingBytesToBeSynced;
        const seconds = behind.observe(id, bytes > 0, now);
        const sent = deps.engine.live(r.id)?.pointsSent;
        const bad = failing(r);
        return {
          id,
          kind: 'influx-replication',
          name: r.name,
          state: bad ? 'failed' : seconds >= LAGGING_AFTER_SECONDS ? 'lagging' : 'ok',
          status: bad ? 'FAILING' : 'REPLICATING',
          reason: null,
          error: bad ? (r.latestErrorMessage ?? null) : null,
          lag: { operations: null, seconds, bytes },
          details: {
            org_id: r.orgID,
            remote_id: r.remoteID,
            remote_name: names.get(r.remoteID) ?? null,
            local_bucket_id: r.localBucketID,
            remote_bucket_id: r.remoteBucketID,
            remote_bucket_name: r.remoteBucketName || null,
            max_queue_size_bytes: r.maxQueueSizeBytes,
            current_queue_size_bytes: r.currentQueueSizeBytes,
            remaining_bytes_to_be_synced: bytes,
            latest_response_code: r.latestResponseCode ?? null,
            latest_error_message: r.latestErrorMessage || null,
            points_per_second: sent === undefined ? null : rates.observe(id, sent, now),
          },
          historyValue: bytes,
        };
      });
      const live = new Set(flows.map((f) => f.id));
      behind.retain(live);
      rates.retain(live);
      return flows;
    },
  };
}
