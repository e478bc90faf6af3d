export { startEmbeddedCluster } from './cluster/start-embedded-cluster';
export type { EmbeddedCluster, EmbeddedClusterOptions } from './cluster/start-embedded-cluster';
export { murmur3HashString, shardFor } from './documents/routing';
export { CLUSTER_FLAVORS } from './flavor/flavor';
export type { ClusterFlavor } from './flavor/flavor';
