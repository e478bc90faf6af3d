import { definePlugin, TOKENS, type Store } from '@ferry/core';
import { Router, type Request, type RequestHandler } from 'express';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { createBucketRouter } from './buckets/buckets.routes';
import { BucketService } from './buckets/buckets.service';
import { influxConfigSchema, type InfluxConfig } from './config';
import { createReplicationMetrics } from './metrics';
import { serviceMetrics } from './service-metrics';
import { influxMigrations } from './migrations';
import { registerInfluxOpenApi } from './openapi';
import { createOrgRouter } from './orgs/orgs.routes';
import { OrgService } from './orgs/orgs.service';
import { createRemoteRouter } from './remotes/remotes.routes';
import { RemoteService } from './remotes/remotes.service';
import { ReplicationEngine } from './replications/replication-engine';
import { ReplicationStore } from './replications/replication-store';
import { createReplicationRouter } from './replications/replications.routes';
import { ReplicationService } from './replications/replications.service';
import { RemoteWriter } from './sender/remote-writer';
import { influxJsonBody } from './shared/json';
import { healthHandler, pingHandler } from './status.routes';
import { INFLUX_TOKENS } from './tokens';
import { v1WriteHandler, v2WriteHandler } from './write/write.routes';
import { WriteService } from './write/write.service';

/** Creates the configured initial org and bucket when they are missing. */
async function seed(config: InfluxConfig, orgs: OrgService, buckets: BucketService): Promise<void> {
  const org = (await orgs.findByName(config.org)) ?? (await orgs.create({ name: config.org }));
  if (config.bucket && !(await buckets.findByName(org.id, config.bucket))) {
    await buckets.create({ orgID: org.id, name: config.bucket, retentionRules: [] });
  }
}

/** One router for all mounts: each mount gets its own sub-router, chosen by the mount path. */
function byMount(routes: Record<string, RequestHandler>): RequestHandler {
  return (req: Request, res, next) => {
    const handler = routes[req.baseUrl];
    return handler ? handler(req, res, next) : next();
  };
}

/**
 * InfluxDB v2 remotes and replications, the v2 and 1.x write APIs, and durable store-and-forward of
 * line protocol to InfluxDB 2.x, Cloud and 1.x remotes.
 */
export const influxReplicationPlugin = definePlugin<InfluxConfig>({
  id: 'influx',
  mounts: ['/api/v2', '/write', '/health', '/ping'],
  errorFormat: 'influx',
  configSchema: influxConfigSchema,
  migrations: influxMigrations,
  register({ container, router, config, lifecycle, logger, bodyLimitBytes, health, openapi }) {
    container.register(INFLUX_TOKENS.config, { useValue: config });
    const store = container.resolve<Store>(TOKENS.store);
    const clock = container.resolve(TOKENS.clock);
    const registry = container.resolve<Registry>(TOKENS.metrics);
    const metrics = createReplicationMetrics(registry);
    const writer = new RemoteWriter({ timeoutMs: config.requestTimeoutMs });
    const orgs = new OrgService({ store });
    const remotes = new RemoteService({ store, orgs, onChange: (id) => engine.remoteChanged(id) });
    const rows = new ReplicationStore(store);
    const engine = new ReplicationEngine({
      queuesDir: join(container.resolve(TOKENS.dataDir), 'influx', 'queues'),
      segmentBytes: config.segmentBytes,
      maxBatchBytes: config.maxBatchBytes,
      maxBackoffMs: config.maxBackoffMs,
      lifecycle,
      writer,
      metrics,
      logger,
      now: () => clock.now(),
      remote: (id) => remotes.target(id),
      persistStatus: (id, code, message) => rows.setStatus(id, code, message),
    });
    // Buckets and replications refer to each other (deleting a bucket deletes its replications first).
    const holder: { replications?: ReplicationService } = {};
    const buckets = new BucketService({ store, orgs, beforeDelete: (id) => (holder.replications as ReplicationService).deleteForBucket(id) });
    const replications = new ReplicationService({ rows, engine, buckets, remotes, writer, minMaxAgeSeconds: config.minMaxAgeSeconds });
    holder.replications = replications;
    const writes = new WriteService({ orgs, buckets, engine, writer, localTarget: config.localTarget, now: () => clock.now() });
    const maxWrite = config.maxWriteBytes;

    const v2 = Router();
    v2.post('/write', v2WriteHandler(writes, maxWrite));
    v2.use(...influxJsonBody(bodyLimitBytes));
    v2.use('/orgs', createOrgRouter(orgs));
    v2.use('/buckets', createBucketRouter({ buckets, orgs }));
    v2.use('/remotes', serviceMetrics(registry, 'remote'), createRemoteRouter(remotes));
    v2.use('/replications', serviceMetrics(registry, 'replication'), createReplicationRouter(replications));
    const v1 = Router();
    v1.post('/', v1WriteHandler(writes, maxWrite));
    const status = Router();
    status.get('/', healthHandler);
    const ping = Router();
    ping.get('/', pingHandler);
    ping.head('/', pingHandler);
    router.use(byMount({ '/api/v2': v2, '/write': v1, '/health': status, '/ping': ping }));

    registerInfluxOpenApi(openapi);
    lifecycle.onStart(async () => {
      await seed(config, orgs, buckets);
      await engine.start(await rows.all());
    });
    lifecycle.onStop(async () => {
      await engine.close();
      await writer.close();
    });
    health(() => {
      const failing = engine.failing();
      return { status: failing.length ? 'degraded' : 'ok', details: { replications: engine.count, failing } };
    });
  },
});
