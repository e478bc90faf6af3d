import { z } from 'zod';
import { idSchema } from '../shared/schemas';

/** One retention rule; `everySeconds: 0` means keep forever. Negative values are refused with 422 by the service. */
export const retentionRuleSchema = z.object({
  type: z.literal('expire').default('expire'),
  everySeconds: z.number().int(),
  shardGroupDurationSeconds: z.number().int().optional(),
});

/** PATCH's rule: every field optional, as InfluxDB's `retentionRuleUpdate` (an omitted `everySeconds` keeps the current one). */
export const retentionRuleUpdateSchema = retentionRuleSchema.partial();

/** A bucket name: what InfluxDB's decoder accepts (empty names are refused here rather than by the index). */
const bucketNameSchema = z.string().min(1, 'name is required');

/** POST /api/v2/buckets body. */
export const createBucketSchema = z.object({
  orgID: idSchema,
  name: bucketNameSchema,
  description: z.string().optional(),
  retentionRules: z.array(retentionRuleSchema).default([]),
  rp: z.string().optional(),
  schemaType: z.enum(['implicit', 'explicit']).optional(),
});
export type CreateBucketInput = z.infer<typeof createBucketSchema>;

/** PATCH /api/v2/buckets/{bucketID} body (InfluxDB's `bucketUpdate`): omitted fields, and an empty rule list, keep their value. */
export const updateBucketSchema = z.object({
  name: bucketNameSchema.optional(),
  description: z.string().optional(),
  retentionRules: z.array(retentionRuleUpdateSchema).optional(),
});
export type UpdateBucketInput = z.infer<typeof updateBucketSchema>;

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
