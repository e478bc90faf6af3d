import { z } from 'zod';
import { idSchema } from '../shared/schemas';

/** InfluxDB's limits (replication.go, 2.9). */
export const MIN_MAX_QUEUE_SIZE_BYTES = 33554430;
export const DEFAULT_MAX_QUEUE_SIZE_BYTES = 67108860;
export const DEFAULT_MAX_AGE_SECONDS = 604800;
export const MAX_MAX_AGE_SECONDS = 5184000;

/** What happens to a write when the queue is full: refuse it (503, default) or drop data (Ferry's extra field). */
export const queueFullPolicySchema = z.enum(['reject', 'drop-oldest', 'drop-newest']);
export type QueueFullPolicy = z.infer<typeof queueFullPolicySchema>;

/**
 * Requests the sender keeps in flight, each with a disjoint set of series (Ferry's extra field; 1 = InfluxDB),
 * or `'auto'`: grown while delivered throughput rises, shrunk on errors and slow answers.
 */
export const MAX_CONCURRENT_REQUESTS = 16;
const LANES_MESSAGE = `concurrentRequests must be an integer from 1 to ${MAX_CONCURRENT_REQUESTS} or "auto"`;
const concurrentRequestsSchema = z.union([z.literal('auto'), z.number().int(LANES_MESSAGE).min(1, LANES_MESSAGE).max(MAX_CONCURRENT_REQUESTS, LANES_MESSAGE)], {
  error: LANES_MESSAGE,
});

/** How request bodies are encoded: gzip at `compressionLevel` (default), none, or `'auto'` (measured). */
export const compressionSchema = z.enum(['gzip', 'none', 'auto'], { error: 'compression must be one of "gzip", "none", "auto"' });
export type Compression = z.infer<typeof compressionSchema>;
/** gzip level used with `compression: 'gzip'` (1 = fastest, 9 = smallest). */
const LEVEL_MESSAGE = 'compressionLevel must be an integer from 1 to 9';
const compressionLevelField = z.number({ error: LEVEL_MESSAGE }).int(LEVEL_MESSAGE).min(1, LEVEL_MESSAGE).max(9, LEVEL_MESSAGE);

/** POST /api/v2/replications body. */
export const createReplicationSchema = z.object({
  orgID: idSchema,
  name: z.string().min(1, 'name is required'),
  description: z.string().optional(),
  remoteID: idSchema,
  localBucketID: idSchema,
  remoteBucketID: idSchema.nullable().optional(),
  remoteBucketName: z.string().optional(),
  maxQueueSizeBytes: z.number().int().default(DEFAULT_MAX_QUEUE_SIZE_BYTES),
  dropNonRetryableData: z.boolean().default(false),
  maxAgeSeconds: z.number().int().default(DEFAULT_MAX_AGE_SECONDS),
  queueFullPolicy: queueFullPolicySchema.default('reject'),
  concurrentRequests: concurrentRequestsSchema.default(1),
  compression: compressionSchema.default('gzip'),
  compressionLevel: compressionLevelField.default(1),
});
export type CreateReplicationInput = z.infer<typeof createReplicationSchema>;

/** PATCH /api/v2/replications/{id} body; orgID and localBucketID cannot change. */
export const updateReplicationSchema = z.object({
  name: z.string().min(1, 'name must not be empty').optional(),
  description: z.string().optional(),
  remoteID: idSchema.optional(),
  remoteBucketID: idSchema.nullable().optional(),
  remoteBucketName: z.string().optional(),
  maxQueueSizeBytes: z.number().int().optional(),
  dropNonRetryableData: z.boolean().optional(),
  maxAgeSeconds: z.number().int().optional(),
  queueFullPolicy: queueFullPolicySchema.optional(),
  concurrentRequests: concurrentRequestsSchema.optional(),
  compression: compressionSchema.optional(),
  compressionLevel: compressionLevelField.optional(),
});
export type UpdateReplicationInput = z.infer<typeof updateReplicationSchema>;

/** A replication's stored configuration and last outcome. */
export interface ReplicationRecord {
  id: string;
  orgID: string;
  name: string;
  description: string | null;
  remoteID: string;
  localBucketID: string;
  remoteBucketID: string | null;
  remoteBucketName: string;
  maxQueueSizeBytes: number;
  maxAgeSeconds: number;
  dropNonRetryableData: boolean;
  queueFullPolicy: QueueFullPolicy;
  concurrentRequests: number | 'auto';
  compression: Compression;
  compressionLevel: number;
  latestResponseCode: number | null;
  latestErrorMessage: string | null;
}

/** A replication as the API returns it (both spellings of the remote bucket name, as InfluxDB's Go and spec differ). */
export interface Replication {
  id: string;
  orgID: string;
  name: string;
  description?: string;
  remoteID: string;
  localBucketID: string;
  remoteBucketID: string | null;
  RemoteBucketName: string;
  remoteBucketName: string;
  maxQueueSizeBytes: number;
  currentQueueSizeBytes: number;
  remainingBytesToBeSynced: number;
  latestResponseCode?: number;
  latestErrorMessage?: string;
  dropNonRetryableData: boolean;
  maxAgeSeconds: number;
  queueFullPolicy: QueueFullPolicy;
  concurrentRequests: number | 'auto';
  compression: Compression;
  compressionLevel: number;
  /** Lanes and encoding the sender uses now (they move with `'auto'`); a live replication only. */
  currentConcurrentRequests?: number;
  currentCompression?: string;
}
