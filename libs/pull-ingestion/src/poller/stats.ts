/** OpenSearch's per-shard `polling_ingest_stats` counters. */
export class PollingIngestStats {
  processed = 0;
  invalid = 0;
  versionConflicts = 0;
  failed = 0;
  failuresDropped = 0;
  polled = 0;
  consumerErrors = 0;
  pollerMessageFailures = 0;
  pollerMessageDropped = 0;
  /** Messages written to the dead-letter destination (Ferry only). */
  deadLettered = 0;
  /** Timestamp of the last polled message, for `lag_in_millis`. */
  lastPolledTimestamp = 0;
  /** End of stream minus the current pointer; -1 until known. */
  pointerLag = -1;

  /** The shape OpenSearch puts under `polling_ingest_stats` of a shard. */
  toJSON(options: { now: number; paused: boolean }): Record<string, Record<string, number>> {
    const lag = options.paused || this.lastPolledTimestamp === 0 ? 0 : Math.max(0, options.now - this.lastPolledTimestamp);
    return {
      message_processor_stats: {
        total_processed_count: this.processed,
        total_invalid_message_count: this.invalid,
        total_version_conflicts_count: this.versionConflicts,
        total_failed_count: this.failed,
        total_failures_dropped_count: this.failuresDropped,
        total_processor_thread_interrupt_count: 0,
      },
      consumer_stats: {
        total_polled_count: this.polled,
        total_consumer_error_count: this.consumerErrors,
        total_poller_message_failure_count: this.pollerMessageFailures,
        total_poller_message_dropped_count: this.pollerMessageDropped,
        lag_in_millis: lag,
        pointer_based_lag: this.pointerLag,
      },
    };
  }
}
