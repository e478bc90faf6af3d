import type { InjectionToken } from 'tsyringe';
import type { CcrConfig } from './config';
import type { ClusterAccess } from './rest/cluster-access';
import type { ReplicationRepository } from './store/replication.repo';
import type { RuleRepository } from './store/rule.repo';
import type { ReplicationEngine } from './engine/replication-engine';
import type { ReplicationService } from './replication/replication.service';
import type { CcrStats } from './stats/ccr-stats';
import type { AutofollowService } from './autofollow/autofollow.service';

/** Services of the ccr plugin's child container. */
export const CCR = {
  config: Symbol('ccr.config') as InjectionToken<CcrConfig>,
  clusters: Symbol('ccr.clusters') as InjectionToken<ClusterAccess>,
  replications: Symbol('ccr.replications') as InjectionToken<ReplicationRepository>,
  rules: Symbol('ccr.rules') as InjectionToken<RuleRepository>,
  stats: Symbol('ccr.stats') as InjectionToken<CcrStats>,
  engine: Symbol('ccr.engine') as InjectionToken<ReplicationEngine>,
  service: Symbol('ccr.service') as InjectionToken<ReplicationService>,
  autofollow: Symbol('ccr.autofollow') as InjectionToken<AutofollowService>,
} as const;
