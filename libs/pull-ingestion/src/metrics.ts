import { Gauge, type Registry } from 'prom-client';
import type { IngestionService } from './engine/ingestion-service';
import type { PollingIngestStats } from './poller/stats';

const COUNTERS: [string, string, (s: PollingIngestStats) => number][] = [
  ['ferry_ingestion_polled_messages', 'Messages polled from the source (resets when the poller is rebuilt)', (s) => s.polled],
  ['ferry_ingestion_processed_messages', 'Messages written to the index', (s) => s.processed],
  ['ferry_ingestion_invalid_messages', 'Messages skipped as invalid (e.g. delete without _id)', (s) => s.invalid],
  ['ferry_ingestion_version_conflicts', 'Writes dropped because of an external version conflict', (s) => s.versionConflicts],
  ['ferry_ingestion_failed_writes', 'Failed write attempts', (s) => s.failed],
  ['ferry_ingestion_failures_dropped', 'Messages dropped after failing to be written (DROP)', (s) => s.failuresDropped],
  ['ferry_ingestion_consumer_errors', 'Fatal consumer errors and consumer creation failures', (s) => s.consumerErrors],
  ['ferry_ingestion_poller_message_failures', 'Messages that could not be decoded', (s) => s.pollerMessageFailures],
  ['ferry_ingestion_poller_messages_dropped', 'Undecodable messages dropped (DROP)', (s) => s.pollerMessageDropped],
  ['ferry_ingestion_dead_lettered_messages', 'Dropped messages written to the dead-letter destination', (s) => s.deadLettered],
  ['ferry_ingestion_pointer_lag', 'Messages between the shard pointer and the end of the stream (-1 unknown)', (s) => s.pointerLag],
];

/** Registers per-shard gauges (labels index, shard) computed from the pollers on each scrape. */
export function registerIngestionMetrics(registry: Registry, service: IngestionService): void {
  const each = (fn: (index: string, shard: number, stats: PollingIngestStats, paused: boolean) => void) => {
    for (const entry of service.list()) entry.pollers.forEach((p, shard) => fn(entry.record.name, shard, p.stats, p.paused || p.writeBlock));
  };
  for (const [name, help, read] of COUNTERS) {
    new Gauge({
      name,
      help,
      labelNames: ['index', 'shard'],
      registers: [registry],
      collect() {
        this.reset();
        each((index, shard, stats) => this.set({ index, shard: String(shard) }, read(stats)));
      },
    });
  }
  new Gauge({
    name: 'ferry_ingestion_lag_milliseconds',
    help: 'Now minus the timestamp of the last polled message (0 when paused or idle-from-start)',
    labelNames: ['index', 'shard'],
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      each((index, shard, stats, paused) => this.set({ index, shard: String(shard) }, stats.toJSON({ now, paused }).consumer_stats.lag_in_millis));
    },
  });
  new Gauge({
    name: 'ferry_ingestion_poller_paused',
    help: '1 when the shard poller is paused (request, write block, fatal error or BLOCK)',
    labelNames: ['index', 'shard'],
    registers: [registry],
    collect() {
      this.reset();
      each((index, shard, _stats, paused) => this.set({ index, shard: String(shard) }, paused ? 1 : 0));
    },
  });
}
