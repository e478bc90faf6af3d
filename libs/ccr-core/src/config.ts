import { z } from 'zod';

/** Credentials a `use_roles` role name stands for on one side of a replication. */
export const roleCredentialsSchema = z.object({
  /** Basic-auth user sent to the cluster. */
  username: z.string().min(1).optional(),
  /** Basic-auth password (never returned or logged). */
  password: z.string().optional(),
  /** API key (`Authorization: ApiKey ...`), instead of basic auth. */
  apiKey: z.string().min(1).optional(),
});
export type RoleCredentials = z.infer<typeof roleCredentialsSchema>;

/** The `ccr` section of the Ferry config; intervals are configurable so tests run fast. */
export const ccrConfigSchema = z.object({
  /** How long an idle shard task waits before polling the leader's checkpoints again, in ms. */
  pollIntervalMs: z.number().int().positive().default(500),
  /** How often mappings, dynamic settings and aliases are synced, in ms (plugin default 60 s). */
  metadataSyncIntervalMs: z.number().int().positive().default(60_000),
  /** How often autofollow rules poll the leader, in ms (plugin default 30 s). */
  autofollowPollIntervalMs: z.number().int().positive().default(30_000),
  /** How long a leader index whose start failed is skipped by autofollow, in ms (plugin default 1 h). */
  autofollowRetryIntervalMs: z.number().int().positive().default(3_600_000),
  /** Bootstrapping replications an autofollow rule may have in flight (plugin default 3). */
  autofollowConcurrency: z.number().int().min(1).max(100).default(3),
  /** Documents per leader read (one search page) and per follower bulk. */
  batchSize: z.number().int().min(16).default(2000),
  /** First retry delay after a transient failure, in ms; doubles up to `retryMaxMs`. */
  retryInitialMs: z.number().int().positive().default(1000),
  /** Longest retry delay, in ms. */
  retryMaxMs: z.number().int().positive().default(60_000),
  /** Keep-alive of the leader point-in-time used by a bootstrap or a delete reconciliation. */
  pitKeepAlive: z.string().default('5m'),
  /** Documents per `_id`-hash slice when reconciling deletes (bounds the id lists held in memory). */
  reconcileSliceDocs: z.number().int().min(10).default(50_000),
  /**
   * Shortest time between two delete passes of a shard once the leader's `delete_total` for it moved, in ms
   * (stretched to twice the last pass's duration when passes are slow).
   */
  deleteCheckIntervalMs: z.number().int().min(0).default(250),
  /**
   * Safety net, in ms: a delete pass runs at least this often while the applied windows showed `_seq_no` gaps
   * (deletes leave them) even if `delete_total` did not move, and a slow pass is never spaced further apart.
   */
  reconcileIntervalMs: z.number().int().min(0).default(5000),
  /** Refuse new replications with 403, like `plugins.replication.follower.block.start`. */
  blockStart: z.boolean().default(false),
  /** Stop and delete the follower when its leader index is deleted, like `plugins.replication.replicate.delete_index`. */
  replicateDeleteIndex: z.boolean().default(false),
  /** Credentials per `use_roles` role name; with gateway auth on, roles select them for each side. */
  roles: z.record(z.string(), roleCredentialsSchema).default({}),
});

/** Validated `ccr` config. */
export type CcrConfig = z.infer<typeof ccrConfigSchema>;
