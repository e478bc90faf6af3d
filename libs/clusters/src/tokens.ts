import type { InjectionToken } from 'tsyringe';
import type { ClusterRegistry } from './connections/cluster-registry';

/** The cluster registry, registered in the root container by `clustersModule()`. */
export const CLUSTERS = Symbol('ferry.clusters') as InjectionToken<ClusterRegistry>;
