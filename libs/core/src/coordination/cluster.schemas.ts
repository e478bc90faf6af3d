import { z } from 'zod';
import type { OpenApiRegistry } from '../openapi/openapi';

/** `GET /_gateway/cluster`: the nodes sharing this gateway's store, the leases of the work items and stranded queue bytes. */
export const clusterViewSchema = z.object({
  kind: z.enum(['local', 'postgres']).meta({ description: '`local`: one node on SQLite; `postgres`: gateways sharing a PostgreSQL store' }),
  nodeId: z.string().meta({ description: 'The node that answered' }),
  nodes: z.array(
    z.object({
      id: z.string(),
      address: z.string(),
      lastHeartbeat: z.number().meta({ description: 'Milliseconds since the epoch, database clock' }),
      live: z.boolean().meta({ description: 'Heartbeat younger than the lease ttl' }),
      queuedBytes: z.number().meta({ description: 'Unsent Influx queue bytes the node reported with its last heartbeat' }),
    }),
  ),
  leases: z.array(
    z.object({
      kind: z.string().meta({ description: '`ccr` (one per follower index), `ccr-autofollow` (singleton), `ingestion` (one per index shard)' }),
      id: z.string(),
      owner: z.string().nullable(),
      epoch: z.number().meta({ description: 'Fencing token: grows each time the item changes hands' }),
      expiresAt: z.number().nullable().meta({ description: 'Milliseconds since the epoch, database clock; null on one node or while unowned' }),
    }),
  ),
  strandedQueuedBytes: z.number().meta({ description: 'Influx bytes queued on nodes that stopped heartbeating: sent only when that node returns with its data directory' }),
});

/** Registers `/_gateway/cluster`. */
export function registerClusterOpenApi(registry: OpenApiRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/_gateway/cluster',
    summary: 'Nodes, leases and stranded Influx queue bytes of the gateways sharing this store',
    tags: ['gateway'],
    responses: { 200: { description: 'The cluster view', content: { 'application/json': { schema: clusterViewSchema } } } },
  });
}
