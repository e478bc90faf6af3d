export { clustersModule } from './module';
export { CLUSTERS } from './tokens';
export { clustersConfigSchema, configuredConnectionSchema } from './config';
export type { ClustersConfig } from './config';
export { ClusterRegistry } from './connections/cluster-registry';
export type { InProcessHandler, UpsertOptions } from './connections/cluster-registry';
export { clusterAuthSchema, clusterConnectionInputSchema, clusterTlsSchema } from './connections/connection.schemas';
export type {
  ClusterAuth,
  ClusterConnection,
  ClusterConnectionInput,
  ClusterInfo,
  ClusterTls,
} from './connections/connection.schemas';
export { authHeaders, joinPath } from './connections/http-target';
export type { HttpTarget } from './connections/http-target';
export { ClusterUnreachableError, probeCluster } from './connections/probe';
export { localPassThrough, readBody } from './pass-through/local-pass-through';
export { forwardHttp } from './pass-through/forward';
export type { ForwardOptions } from './pass-through/forward';
export { isUpstreamTimeout, passThroughFailure } from './pass-through/forward-handler';
export type { ForwardFailure } from './pass-through/forward-handler';
export { hasNoBody, isIdempotent, isStaleSocketError } from './pass-through/stale-socket';
export { JsonTooDeepError } from './connections/bounded-serializer';
