import { z } from 'zod';

/** The `ingestion` section of the Ferry config. */
export const ingestionConfigSchema = z.object({
  /** Node name in Kafka client ids (`<node>-<index>-<shard>`) and in `_state` answers. */
  nodeName: z.string().min(1).default('ferry'),
  /** Wait between write retries of a failed message, in ms (OpenSearch: 2000). */
  retryWaitMs: z.number().int().positive().default(2000),
  /** Wait between attempts to create a shard's consumer, in ms (OpenSearch: 10000). */
  consumerInitRetryMs: z.number().int().positive().default(10_000),
  /** How long a poller sleeps when paused or when a poll returned nothing, in ms (OpenSearch: 100). */
  idleMs: z.number().int().positive().default(100),
  /**
   * 0 (default): persist each shard's pointer after every successful bulk. A positive value coalesces
   * pointer writes into one store transaction at most this often (fewer fsyncs; a crash replays more).
   */
  pointerFlushIntervalMs: z.number().int().min(0).default(0),
  /** Local files that file sources and file dead letters may use. */
  file: z
    .object({
      /** Directories file sources (`param.base_directory`) and `dead_letter.path` must be inside; relative ones resolve under the data dir. Default: `<dataDir>/ingest`. */
      roots: z.array(z.string().min(1)).min(1).optional(),
    })
    .default({}),
});

/** Validated `ingestion` config. */
export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
