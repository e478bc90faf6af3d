import { z } from 'zod';

// With the `u` flag the class matches only unpaired surrogates; such a name cannot be URL-encoded for the leader.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A name sent on to a cluster in a URL: well-formed Unicode. */
const nameSchema = z.string().refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (it holds a lone surrogate)');

/** `use_roles` of a start request or an autofollow rule. */
export const useRolesSchema = z
  .object({
    /** Role used to read from the leader cluster. */
    leader_cluster_role: z.string().optional(),
    /** Role used to write to the follower cluster. */
    follower_cluster_role: z.string().optional(),
  })
  .passthrough();
export type UseRoles = z.infer<typeof useRolesSchema>;

/** Index settings overriding the leader's; values are scalars or arrays, nested or flat. */
export const settingsSchema = z.record(z.string(), z.unknown());

/** Body of `PUT /_plugins/_replication/{index}/_start`. Required fields are checked by the service to word errors as the plugin does. */
export const startBodySchema = z
  .object({
    leader_alias: nameSchema.optional(),
    leader_index: nameSchema.optional(),
    use_roles: useRolesSchema.optional(),
    settings: settingsSchema.optional(),
  })
  .passthrough();
export type StartBody = z.infer<typeof startBodySchema>;

/** Query of `_start`. */
export const startQuerySchema = z
  .object({
    /** Answer only once the bootstrap finished (status SYNCING). */
    wait_for_restore: z.enum(['true', 'false', '']).optional(),
    cluster_manager_timeout: z.string().optional(),
    master_timeout: z.string().optional(),
  })
  .passthrough();

/** Body of `_pause`. */
export const pauseBodySchema = z.object({ reason: z.string().optional() }).passthrough().optional();

/** Body of `_resume`. */
export const resumeBodySchema = z.object({ force_resume: z.boolean().optional() }).passthrough().optional();

/** Body of `_update`. */
export const updateBodySchema = z.object({ settings: settingsSchema.optional() }).passthrough();

const flagSchema = z.enum(['true', 'false', '']).optional();

/** Query of `autofollow_stats`: `ferry=true` opts in to Ferry's extras (`leader_alias` per rule). */
export const ferryQuerySchema = z.object({ ferry: flagSchema.meta({ description: 'Ferry only: true adds fields the plugin does not send' }) }).passthrough();

/** Query of `_status`: the plugin's `verbose`, and `ferry=true` for `bootstrap_details`. */
export const statusQuerySchema = ferryQuerySchema.extend({ verbose: flagSchema });

/** Path parameter naming the follower index. */
export const indexParamsSchema = z.object({ index: z.string().min(1) });

/** Body of `POST /_plugins/_replication/_autofollow` (and DELETE, which takes `leader_alias` and `name` only). */
export const autofollowBodySchema = z
  .object({
    leader_alias: nameSchema.optional(),
    name: nameSchema.optional(),
    pattern: nameSchema.optional(),
    /** Ferry extension: leader indices matching one of these are never followed. */
    exclusion_patterns: z.array(z.string()).optional(),
    use_roles: useRolesSchema.optional(),
    settings: settingsSchema.optional(),
    /** Follower name built from `{{leader_index}}` (3.8.0). */
    follower_index_pattern: z.string().optional(),
  })
  .passthrough();
export type AutofollowBody = z.infer<typeof autofollowBodySchema>;

/** Per-shard or summed checkpoints, as `_status` shows them. */
export const syncingDetailsSchema = z.object({
  leader_checkpoint: z.number(),
  follower_checkpoint: z.number(),
  seq_no: z.number(),
});
export type SyncingDetails = z.infer<typeof syncingDetailsSchema>;

/** Bootstrap progress, shaped as the plugin's snapshot-restore progress. */
export const bootstrapDetailsSchema = z.object({
  bytes_total: z.number(),
  bytes_recovered: z.number(),
  bytes_percent: z.number(),
  files_total: z.number(),
  files_recovered: z.number(),
  files_percent: z.number(),
  start_time: z.number(),
  running_time: z.number(),
});
export type BootstrapDetails = z.infer<typeof bootstrapDetailsSchema>;

/** One shard in a verbose `_status`. */
export const shardDetailsSchema = z.object({
  shard_id: z.string(),
  syncing_task_details: syncingDetailsSchema.optional(),
  bootstrap_task_details: bootstrapDetailsSchema.optional(),
});

/** Response of `_status`. */
export const statusResponseSchema = z.object({
  status: z.enum(['BOOTSTRAPPING', 'SYNCING', 'PAUSED', 'FAILED', 'STOPPED', 'REPLICATION NOT IN PROGRESS']),
  reason: z.string().optional(),
  leader_alias: z.string().optional(),
  leader_index: z.string().optional(),
  follower_index: z.string().optional(),
  syncing_details: syncingDetailsSchema.optional(),
  /** Ferry only, with `?ferry=true`: bootstrap progress while bootstrapping. */
  bootstrap_details: bootstrapDetailsSchema.optional().meta({ description: 'Ferry only, with ?ferry=true: bootstrap progress' }),
  shard_replication_details: z.array(shardDetailsSchema).optional(),
});
export type StatusResponse = z.infer<typeof statusResponseSchema>;

/** `{"acknowledged": true}` */
export const acknowledgedSchema = z.object({ acknowledged: z.boolean() });
