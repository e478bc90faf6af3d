import type { NodeSummary } from './node-summary';

/** What `_cluster/stats` contributes to the summary. */
interface ClusterStats {
  indices?: { count?: number; docs?: { count?: number }; store?: { size_in_bytes?: number } };
}

/** HQ's cluster summary: the health object plus version, sizes, counts and the node summary. */
export function clusterSummary(input: {
  health: Record<string, unknown>;
  stats: ClusterStats;
  version: string | null;
  nodes: NodeSummary[];
}): Record<string, unknown> {
  return {
    ...input.health,
    version: input.version,
    indices_size_in_bytes: input.stats.indices?.store?.size_in_bytes ?? null,
    indices_count: input.stats.indices?.count ?? null,
    number_of_documents: input.stats.indices?.docs?.count ?? null,
    nodes: input.nodes,
  };
}
