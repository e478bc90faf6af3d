import { z } from 'zod';

/** One `reset_settings` entry as clients send it (mode in either case, value as a string or number). */
export const resetSettingSchema = z.object({
  shard: z.number().int().optional(),
  mode: z.string().optional(),
  value: z.union([z.string(), z.number()]).optional(),
});

/** Body of `POST /<index>/ingestion/_resume`. */
export const resumeBodySchema = z
  .object({ reset_settings: z.array(resetSettingSchema).optional() })
  .passthrough()
  .optional();

/** Query of `GET /<index>/ingestion/_state`. */
export const stateQuerySchema = z
  .object({
    size: z.string().optional(),
    next_token: z.string().optional(),
    shards: z.string().optional(),
    timeout: z.string().optional(),
    ferry: z.enum(['true', 'false', '']).optional().meta({ description: 'Ferry only: true adds is_primary, node, paused_reason and last_error per shard' }),
  })
  .passthrough();
