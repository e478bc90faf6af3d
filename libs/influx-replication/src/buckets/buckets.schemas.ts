import { z } from 'zod';
import { idSchema } from '../shared/schemas';

/** One retention rule; `everySeconds: 0` means keep forever. */
export const retentionRuleSchema = z.object({
  type: z.literal('expire').default('expire'),
  everySeconds: z.number().int().min(0),
  shardGroupDurationSeconds: z.number().int().min(0).optional(),
});

/** POST /api/v2/buckets body. */
export const createBucketSchema = z.object({
  orgID: idSchema,
  name: z.string().min(1, 'name is required'),
  description: z.string().optional(),
  retentionRules: z.array(retentionRuleSchema).default([]),
  rp: z.string().optional(),
  schemaType: z.enum(['implicit', 'explicit']).optional(),
});
export type CreateBucketInput = z.infer<typeof createBucketSchema>;

/** A bucket as InfluxDB returns it. */
export interface Bucket {
  id: string;
  type: 'user';
  name: string;
  description?: string;
  orgID: string;
  retentionRules: { type: 'expire'; everySeconds: number }[];
  createdAt: string;
  updatedAt: string;
  links: Record<string, string>;
  labels: never[];
}
