import { z } from 'zod';

/** POST /api/v2/orgs body. */
export const createOrgSchema = z.object({
  name: z.string().min(1, 'name is required'),
  description: z.string().optional(),
});
export type CreateOrgInput = z.infer<typeof createOrgSchema>;

/** An organization as InfluxDB returns it. */
export interface Org {
  id: string;
  name: string;
  description?: string;
  status: 'active';
  createdAt: string;
  updatedAt: string;
  links: Record<string, string>;
}
