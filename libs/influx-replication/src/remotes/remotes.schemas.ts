import { z } from 'zod';
import { idSchema } from '../shared/schemas';

/** Which write API a remote speaks: InfluxDB 2.x/Cloud (`/api/v2/write`) or 1.x (`/write?db=&rp=`). */
export const remoteTypeSchema = z.enum(['v2', 'v1']);
export type RemoteType = z.infer<typeof remoteTypeSchema>;

/** POST /api/v2/remotes body (InfluxDB's field names; `remoteType` is Ferry's extra field, default `v2`). */
export const createRemoteSchema = z.object({
  orgID: idSchema,
  name: z.string().min(1, 'name is required'),
  description: z.string().optional(),
  remoteURL: z.string().min(1, 'remoteURL is required'),
  remoteAPIToken: z.string(),
  remoteOrgID: idSchema.nullable().optional(),
  allowInsecureTLS: z.boolean().default(false),
  remoteType: remoteTypeSchema.default('v2'),
});
export type CreateRemoteInput = z.infer<typeof createRemoteSchema>;

/** PATCH /api/v2/remotes/{id} body: every field optional. */
export const updateRemoteSchema = z.object({
  name: z.string().min(1, 'name must not be empty').optional(),
  description: z.string().optional(),
  remoteURL: z.string().min(1).optional(),
  remoteAPIToken: z.string().optional(),
  remoteOrgID: idSchema.nullable().optional(),
  allowInsecureTLS: z.boolean().optional(),
  remoteType: remoteTypeSchema.optional(),
});
export type UpdateRemoteInput = z.infer<typeof updateRemoteSchema>;

/** A remote connection as returned: never the token. */
export interface Remote {
  id: string;
  orgID: string;
  name: string;
  description?: string;
  remoteURL: string;
  remoteOrgID: string | null;
  allowInsecureTLS: boolean;
  remoteType: RemoteType;
}

/** What the sender needs to reach a remote, token included; never leaves the process. */
export interface RemoteTarget {
  id: string;
  remoteURL: string;
  remoteAPIToken: string;
  remoteOrgID: string | null;
  allowInsecureTLS: boolean;
  remoteType: RemoteType;
}
