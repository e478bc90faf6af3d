import { z } from 'zod';

/** A local InfluxDB that receives every write before it is queued for replication. */
export const localTargetSchema = z.object({
  /** Base URL of the local InfluxDB; a path prefix is kept. */
  url: z.string().url(),
  /** `v2` writes to `/api/v2/write?org=&bucket=`; `v1` to `/write?db=&rp=` (bucket name `db` or `db/rp`). */
  remoteType: z.enum(['v2', 'v1']).default('v2'),
  /** v2: API token; v1: `user:password` (empty for none). */
  token: z.string().default(''),
  /** v2: organization sent as `org=`. */
  org: z.string().optional(),
});

/** The `influx` section of the Ferry config. */
export const influxConfigSchema = z.object({
  /** Organization created at start when missing. */
  org: z.string().min(1).default('ferry'),
  /** Bucket created in `org` at start when missing (none when omitted). */
  bucket: z.string().min(1).optional(),
  /** Optional local InfluxDB written before the 204. */
  localTarget: localTargetSchema.optional(),
  /** Largest write body accepted (after gzip decoding), in bytes; larger gets 413. */
  maxWriteBytes: z.number().int().positive().default(32 * 1024 * 1024),
  /** Size of one queue segment file. */
  segmentBytes: z.number().int().min(1024).default(8 * 1024 * 1024),
  /** Largest uncompressed line-protocol batch the sender puts into one request. */
  maxBatchBytes: z.number().int().min(1024).default(4 * 1024 * 1024),
  /** Cap of the exponential retry backoff, in ms. */
  maxBackoffMs: z.number().int().min(250).default(60_000),
  /** Timeout of one request to a remote, in ms. */
  requestTimeoutMs: z.number().int().positive().default(60_000),
  /** Busy sending time that makes one measurement of `concurrentRequests`/`compression: 'auto'`, in ms. */
  autoTuneWindowMs: z.number().int().min(50).default(2000),
  /** Lowest maxAgeSeconds accepted (InfluxDB 2.9: 60); lower only for tests. */
  minMaxAgeSeconds: z.number().int().min(1).default(60),
});

export type InfluxConfig = z.infer<typeof influxConfigSchema>;
export type LocalTarget = z.infer<typeof localTargetSchema>;
