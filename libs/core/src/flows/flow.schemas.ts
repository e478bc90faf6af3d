import { z } from 'zod';

/** The kinds of flow the gateway knows; a source contributes one kind. */
export const flowKindSchema = z.enum(['ccr-follower', 'ccr-autofollow', 'influx-replication', 'ingestion-shard']);
export type FlowKind = z.infer<typeof flowKindSchema>;

/** A flow's state, normalized across plugins (worst first). */
export const flowStateSchema = z.enum(['failed', 'paused', 'stopped', 'lagging', 'bootstrapping', 'ok']);
export type FlowState = z.infer<typeof flowStateSchema>;

/** How far a flow is behind; a field is null when the plugin cannot tell. */
export const flowLagSchema = z.object({
  /** Operations (CCR) or messages (ingestion) not yet applied. */
  operations: z.number().nullable(),
  /** How long the flow has been behind, in seconds. */
  seconds: z.number().nullable(),
  /** Bytes not yet sent (Influx queue). */
  bytes: z.number().nullable(),
});
export type FlowLag = z.infer<typeof flowLagSchema>;

/** One flow as a plugin reports it, before the gateway adds severity and history. */
export const flowSummarySchema = z.object({
  /** Stable across samples, e.g. `ccr-follower:logs`, `ingestion-shard:events:0`. */
  id: z.string(),
  kind: flowKindSchema,
  /** What a person calls it (follower index, rule name, replication name, `index[shard]`). */
  name: z.string(),
  state: flowStateSchema,
  /** The plugin's own status string (SYNCING, PAUSED, POLLING...). */
  status: z.string(),
  /** Pause or auto-pause reason. */
  reason: z.string().nullable(),
  /** Full text of the last error. */
  error: z.string().nullable(),
  lag: flowLagSchema,
  /** Kind-specific fields (checkpoints, buckets, pointers...). */
  details: z.record(z.string(), z.unknown()),
  /** The number kept in the history ring: operations (CCR), bytes (Influx), messages (ingestion). */
  historyValue: z.number().nullable(),
});
export type FlowSummary = z.infer<typeof flowSummarySchema>;

/** One flow as `GET /_gateway/flows` answers it. */
export const flowSchema = flowSummarySchema.omit({ historyValue: true }).extend({
  /** 0 ok … 3 failed. */
  severity: z.number().int().min(0).max(3),
  /** `[epoch_ms, lag]` pairs over the window, oldest first; `[]` when unknown. */
  history: z.array(z.tuple([z.number(), z.number()])),
}).meta({ id: 'Flow' });
export type Flow = z.infer<typeof flowSchema>;

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Query of `GET /_gateway/flows`. */
export const flowsQuerySchema = z.object({
  kind: flowKindSchema.optional(),
  state: flowStateSchema.optional(),
  /** Case-insensitive text searched in id, name, status, reason, error and details. */
  q: z.string().max(512).optional(),
  /** Include each flow's history (default true). */
  history: booleanText.default(true),
});
export type FlowsQuery = z.output<typeof flowsQuerySchema>;

/** Answer of `GET /_gateway/flows`. */
export const flowsResponseSchema = z.object({
  sampled_at: z.string(),
  interval_ms: z.number().int(),
  window_ms: z.number().int(),
  flows: z.array(flowSchema),
}).meta({ id: 'Flows' });
export type FlowsResponse = z.infer<typeof flowsResponseSchema>;

/** Answer of `GET /_gateway/whoami`. */
export const whoamiResponseSchema = z.object({
  auth_enabled: z.boolean(),
  role: z.enum(['viewer', 'operator', 'admin']).nullable(),
  token_name: z.string().nullable(),
}).meta({ id: 'Whoami' });
export type WhoamiResponse = z.infer<typeof whoamiResponseSchema>;

/** Severity of each state: what sorts a board worst first. */
export const STATE_SEVERITY: Record<FlowState, number> = { failed: 3, paused: 2, stopped: 2, lagging: 1, bootstrapping: 1, ok: 0 };
