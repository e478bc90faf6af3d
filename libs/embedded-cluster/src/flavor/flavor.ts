/** The server families the embedded cluster can answer as (`ferry cluster --flavor`). */
export const CLUSTER_FLAVORS = ['opensearch-3', 'opensearch-1', 'elasticsearch-8'] as const;

/**
 * A family and major version: `opensearch-3` is the embedded cluster as it always was; `opensearch-1`
 * answers `GET /` as 1.3 and has no point-in-time; `elasticsearch-8` answers as 8.x (`_pit`, the
 * `X-Elastic-Product` header).
 */
export type ClusterFlavor = (typeof CLUSTER_FLAVORS)[number];

/** The flavor when none is given. */
export const DEFAULT_FLAVOR: ClusterFlavor = 'opensearch-3';

/** Headers every answer of the flavor carries; the Elasticsearch clients refuse a server without the product header. */
export function flavorHeaders(flavor: ClusterFlavor): Record<string, string> {
  return flavor === 'elasticsearch-8' ? { 'x-elastic-product': 'Elasticsearch' } : {};
}
