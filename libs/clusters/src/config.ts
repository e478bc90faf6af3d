import { z } from 'zod';
import { clusterAuthSchema, clusterTlsSchema } from './connections/connection.schemas';

/** One preconfigured connection (the name is its key in `connections`). */
export const configuredConnectionSchema = z.object({
  /** Base URL of the cluster; a path prefix is kept. */
  url: z.string().url(),
  auth: clusterAuthSchema.optional(),
  tls: clusterTlsSchema.optional(),
  /** Request timeout in ms. */
  timeoutMs: z.number().int().positive().optional(),
});

/** The `clusters` section of the Ferry config. */
export const clustersConfigSchema = z.object({
  /** Name of the connection that is the local cluster (CCR follower, pull-ingestion target, pass-through). */
  local: z.string().default('local'),
  /** Connections created (or updated) at boot, keyed by name. */
  connections: z.record(z.string(), configuredConnectionSchema).default({}),
  /** Pass-through: how long to wait for the local cluster, in ms. */
  passThroughTimeoutMs: z.number().int().positive().default(120_000),
});
export type ClustersConfig = z.infer<typeof clustersConfigSchema>;
