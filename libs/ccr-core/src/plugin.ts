import { definePlugin, flowSources, jsonBody, KeyedLock, passThroughInterceptors, TOKENS, type Clock, type Coordinator, type Store } from '@ferry/core';
import { CLUSTERS } from '@ferry/clusters';
import { AutofollowService } from './autofollow/autofollow.service';
import { ccrConfigSchema, type CcrConfig } from './config';
import { ccrAutofollowFlows, ccrFollowerFlows } from './flows/ccr-flows';
import { ReplicationEngine } from './engine/replication-engine';
import { followerWriteGuard } from './guard/write-guard';
import { remoteClustersInterceptor } from './remote/remote-clusters.interceptor';
import { registerReplicationOpenApi } from './replication/replication.openapi';
import { createReplicationRouter } from './replication/replication.routes';
import { ReplicationService } from './replication/replication.service';
import { ClusterAccess } from './rest/cluster-access';
import { CcrStats } from './stats/ccr-stats';
import { followerStatsReport, leaderStatsReport } from './stats/stats-report';
import { ccrMigrations } from './store/migrations';
import { ReplicationRepository } from './store/replication.repo';
import { RuleRepository } from './store/rule.repo';
import { DocShadowRepository } from './store/doc-shadow.repo';
import { CCR } from './tokens';

/** Published when the set of follower indices changes (the write guard's cache on every gateway). */
const FOLLOWERS_TOPIC = 'ccr-followers';
/** The auto-follow poller: one for the whole cluster. */
const AUTOFOLLOW_ITEM = { kind: 'ccr-autofollow', id: 'poller' } as const;

/**
 * OpenSearch cross-cluster replication served at `/_plugins/_replication`, between any two clusters
 * over REST only. The follower is the local cluster; `leader_alias` names a connection.
 */
export const ccrPlugin = definePlugin<CcrConfig>({
  id: 'ccr',
  mounts: ['/_plugins/_replication'],
  errorFormat: 'opensearch',
  configSchema: ccrConfigSchema,
  migrations: ccrMigrations,
  register({ container, router, config, lifecycle, extensions, logger, bodyLimitBytes, health, openapi }) {
    const registry = container.resolve(CLUSTERS);
    const clock = container.resolve<Clock>(TOKENS.clock);
    const repo = new ReplicationRepository(container.resolve<Store>(TOKENS.store));
    const rules = new RuleRepository(container.resolve<Store>(TOKENS.store));
    const shadow = new DocShadowRepository(container.resolve<Store>(TOKENS.store));
    const clusters = new ClusterAccess(registry, config.roles);
    const stats = new CcrStats();
    const lock = new KeyedLock();
    const coordinator = container.resolve<Coordinator>(TOKENS.coordinator);
    const followersChanged = () => coordinator.publish(FOLLOWERS_TOPIC);
    const service: ReplicationService = new ReplicationService({ repo, shadow, clusters, engine: () => engine, stats, config, clock, logger, lock, followersChanged });
    const store = container.resolve<Store>(TOKENS.store);
    const engine = new ReplicationEngine({ repo, shadow, clusters, stats, config, logger, clock, lock, coordinator, store, onFatal: (i, r, c) => service.onFatal(i, r, c) });
    const autofollow = new AutofollowService({ rules, repo, clusters, replications: service, config, clock, logger });
    for (const [token, value] of [
      [CCR.config, config], [CCR.clusters, clusters], [CCR.replications, repo], [CCR.rules, rules],
      [CCR.stats, stats], [CCR.engine, engine], [CCR.service, service], [CCR.autofollow, autofollow],
    ] as const) container.register(token as symbol, { useValue: value });

    registerReplicationOpenApi(openapi);
    router.use(jsonBody(bodyLimitBytes));
    router.use(
      createReplicationRouter({
        service,
        autofollow,
        followerStats: async () =>
          followerStatsReport({ reps: await repo.list(), shards: await repo.allShards(), stats, runningTasks: (i) => engine.isRunning(i) }),
        leaderStats: async () => leaderStatsReport({ reps: await repo.list(), stats }),
      }),
    );
    extensions.add(passThroughInterceptors, followerWriteGuard((i) => service.isFollower(i), () => service.followerNames()));
    extensions.add(passThroughInterceptors, remoteClustersInterceptor(() => registry, logger));
    extensions.add(flowSources, ccrFollowerFlows({ repo, stats, clock }));
    extensions.add(flowSources, ccrAutofollowFlows(autofollow));
    lifecycle.onStart(() => service.load());
    // The write guard holds on every gateway: a follower started or stopped on another one reloads the set.
    coordinator.subscribe(FOLLOWERS_TOPIC, () => void service.load().catch((err) => logger.warn({ err }, 'could not reload the follower set')));
    lifecycle.worker('replication-engine', (signal) => engine.run(signal));
    // One auto-follow poller in the whole cluster: a singleton work item.
    let stopping: AbortSignal | undefined;
    coordinator.register(AUTOFOLLOW_ITEM.kind, (lease) => autofollow.run(stopping ? AbortSignal.any([lease.signal, stopping]) : lease.signal));
    lifecycle.worker('autofollow', async (signal) => {
      stopping = signal;
      await coordinator.want(AUTOFOLLOW_ITEM);
      await new Promise((resolve) => (signal.aborted ? resolve(undefined) : signal.addEventListener('abort', resolve, { once: true })));
    });
    health(async () => {
      const reps = await repo.list();
      const paused = reps.filter((r) => r.state === 'PAUSED' && r.reason.startsWith('AutoPaused')).length;
      return { status: paused > 0 ? 'degraded' : 'ok', details: { replications: reps.length, running: engine.size, autoPaused: paused } };
    });
  },
});
