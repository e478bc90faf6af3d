import { CLUSTER_FLAVORS } from '@ferry/embedded-cluster';
import { z } from 'zod';

/** One embedded cluster started inside the gateway. */
export const embeddedClusterSchema = z.object({
  /** Its name, cluster_name and connection alias. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, _ and -'),
  /** Port on 127.0.0.1 (0 picks a free one). */
  port: z.number().int().min(0).max(65535).default(0),
  /** Family it answers as (root, point-in-time, errors): `opensearch-3` (default), `opensearch-1` or `elasticsearch-8`. */
  flavor: z.enum(CLUSTER_FLAVORS).default('opensearch-3'),
});

/** The `embedded` section: which embedded clusters to run (default: one named `local`, unless a real local cluster is configured). */
export const embeddedConfigSchema = z.object({
  clusters: z.array(embeddedClusterSchema).optional(),
});
export type EmbeddedConfig = z.infer<typeof embeddedConfigSchema>;
