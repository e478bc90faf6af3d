import { Counter, Gauge, type Registry } from 'prom-client';

/** InfluxDB's replication metrics (namespace `replications`, subsystem `queue`, label `replicationID`). */
export interface ReplicationMetrics {
  pointsQueued: Counter<'replicationID'>;
  bytesQueued: Counter<'replicationID'>;
  currentBytesQueued: Gauge<'replicationID'>;
  remoteWriteErrors: Counter<'replicationID' | 'code'>;
  remoteWriteBytesSent: Counter<'replicationID'>;
  remoteWriteBytesDropped: Counter<'replicationID'>;
  pointsFailedToQueue: Counter<'replicationID'>;
  bytesFailedToQueue: Counter<'replicationID'>;
  /** Ferry's own: points removed by maxAgeSeconds or drop-oldest. */
  pointsExpired: Counter<'replicationID' | 'reason'>;
}

/** Registers the metrics on the gateway's registry (served on /_gateway/metrics). */
export function createReplicationMetrics(registry: Registry): ReplicationMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name: `replications_queue_${name}`, help, labelNames, registers: [registry] });
  return {
    pointsQueued: counter('total_points_queued', 'Sum of all points that have been successfully added to the replication stream queue', ['replicationID']),
    bytesQueued: counter('total_bytes_queued', 'Sum of all bytes that have been successfully added to the replication stream queue', ['replicationID']),
    currentBytesQueued: new Gauge({
      name: 'replications_queue_current_bytes_queued',
      help: 'Current number of bytes in the replication stream queue remaining to be processed',
      labelNames: ['replicationID'],
      registers: [registry],
    }),
    remoteWriteErrors: counter('remote_write_errors', 'Error codes returned from attempted remote writes', ['replicationID', 'code']),
    remoteWriteBytesSent: counter('remote_write_bytes_sent', 'Bytes of data successfully sent to the remote by the replication stream', ['replicationID']),
    remoteWriteBytesDropped: counter('remote_write_bytes_dropped', 'Bytes of data dropped due to remote write failures', ['replicationID']),
    pointsFailedToQueue: counter('points_failed_to_queue', 'Sum of all points that could not be added to the local replication queue', ['replicationID']),
    bytesFailedToQueue: counter('bytes_failed_to_queue', 'Sum of all bytes that could not be added to the local replication queue', ['replicationID']),
    pointsExpired: counter('points_expired', 'Points removed from the queue unsent (maxAgeSeconds, drop-oldest)', ['replicationID', 'reason']),
  };
}
