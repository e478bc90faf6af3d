import type { Flow } from './flows';

/** A flow as `GET /_gateway/flows` answers it, with overrides. */
export function flow(over: Partial<Flow> & Pick<Flow, 'id' | 'kind' | 'name'>): Flow {
  return { state: 'ok', status: 'SYNCING', severity: 0, reason: null, error: null, lag: { operations: 0, seconds: 0, bytes: null }, details: {}, history: [], ...over };
}

export const BOARD: Flow[] = [
  flow({ id: 'ccr-follower:orders-copy', kind: 'ccr-follower', name: 'orders-copy', details: { leader_alias: 'leader', leader_index: 'orders', follower_index: 'orders-copy', leader_checkpoint: 1200, follower_checkpoint: 1150 }, state: 'lagging', severity: 1, lag: { operations: 50, seconds: 12, bytes: null } }),
  flow({ id: 'ccr-follower:invoices-copy', kind: 'ccr-follower', name: 'invoices-copy', state: 'paused', status: 'PAUSED', severity: 2, reason: 'AutoPaused: leader index deleted', details: { leader_alias: 'leader', leader_index: 'invoices', follower_index: 'invoices-copy' } }),
  flow({ id: 'ccr-autofollow:leader:logs', kind: 'ccr-autofollow', name: 'logs', details: { leader_alias: 'leader', rule_name: 'logs', pattern: 'logs-*', started: 3, failed: 1, failed_indices: ['logs-bad'] } }),
  flow({ id: 'influx-replication:0a1', kind: 'influx-replication', name: 'sensors-to-16', state: 'failed', status: 'FAILING', severity: 3, error: 'dial tcp 127.0.0.1:1: connect: connection refused', lag: { operations: null, seconds: 40, bytes: 2048 }, details: { remote_name: 'influx16', local_bucket_id: 'b1', remote_bucket_name: 'replica', current_queue_size_bytes: 4096, remaining_bytes_to_be_synced: 2048, latest_response_code: 503, latest_error_message: 'unavailable', points_per_second: 12.5 } }),
  flow({ id: 'ingestion-shard:clicks:0', kind: 'ingestion-shard', name: 'clicks[0]', status: 'POLLING', details: { index: 'clicks', shard: 0, poller_state: 'POLLING', paused: false, pointer: 'KafkaOffset{offset=9}', lag: 3, dead_lettered: 0, failed: 1 } }),
  flow({ id: 'ingestion-shard:clicks:1', kind: 'ingestion-shard', name: 'clicks[1]', status: 'POLLING', details: { index: 'clicks', shard: 1, poller_state: 'POLLING', paused: false, pointer: 'KafkaOffset{offset=4}', lag: 0, dead_lettered: 2, failed: 0 } }),
];
