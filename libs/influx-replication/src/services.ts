import { KeyedLock, type Clock, type Logger, type PluginLifecycle, type SecretBox, type Store } from '@ferry/core';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { BucketService } from './buckets/buckets.service';
import type { InfluxConfig } from './config';
import { createReplicationMetrics } from './metrics';
import { OrgService } from './orgs/orgs.service';
import { RemoteService } from './remotes/remotes.service';
import { ReplicationEngine } from './replications/replication-engine';
import { ReplicationStore } from './replications/replication-store';
import { ReplicationService } from './replications/replications.service';
import { RemoteWriter } from './sender/remote-writer';
import { WriteService } from './write/write.service';

/** What the plugin's services are built from. */
export interface InfluxServiceDeps {
  store: Store;
  /** Seals remote tokens in the store. */
  secrets: SecretBox;
  clock: Clock;
  registry: Registry;
  dataDir: string;
  lifecycle: PluginLifecycle;
  logger: Logger;
  config: InfluxConfig;
}

/** Every service of the plugin, wired together. */
export interface InfluxServices {
  orgs: OrgService;
  buckets: BucketService;
  remotes: RemoteService;
  replications: ReplicationService;
  writes: WriteService;
  engine: ReplicationEngine;
  rows: ReplicationStore;
  writer: RemoteWriter;
}

/** Builds the services; nothing runs until the engine is started. */
export function createInfluxServices(deps: InfluxServiceDeps): InfluxServices {
  const { store, config } = deps;
  const now = () => deps.clock.now();
  const writer = new RemoteWriter({ timeoutMs: config.requestTimeoutMs });
  const rows = new ReplicationStore(store);
  const orgs = new OrgService({ store });
  const lock = new KeyedLock();
  const remotes = new RemoteService({ store, orgs, secrets: deps.secrets, onChange: (id) => engine.remoteChanged(id), lock });
  const engine = new ReplicationEngine({
    queuesDir: join(deps.dataDir, 'influx', 'queues'),
    segmentBytes: config.segmentBytes,
    maxBatchBytes: config.maxBatchBytes,
    maxBackoffMs: config.maxBackoffMs,
    requestTimeoutMs: config.requestTimeoutMs,
    autoTuneWindowMs: config.autoTuneWindowMs,
    lifecycle: deps.lifecycle,
    writer,
    metrics: createReplicationMetrics(deps.registry),
    logger: deps.logger,
    now,
    remote: (id) => remotes.target(id),
    persistStatus: (id, code, message) => rows.setStatus(id, code, message),
  });
  // Buckets and replications refer to each other: deleting a bucket deletes its replications (and queues) first.
  const buckets: BucketService = new BucketService({ store, orgs, beforeDelete: (id): Promise<void> => replications.deleteForBucket(id) });
  const replications: ReplicationService = new ReplicationService({ rows, engine, buckets, remotes, writer, minMaxAgeSeconds: config.minMaxAgeSeconds, lock });
  const writes = new WriteService({ orgs, buckets, engine, writer, localTarget: config.localTarget, now });
  return { orgs, buckets, remotes, replications, writes, engine, rows, writer };
}

/** Creates the configured initial org and bucket when they are missing. */
export async function seedTenant(config: InfluxConfig, services: Pick<InfluxServices, 'orgs' | 'buckets'>): Promise<void> {
  const { orgs, buckets } = services;
  const org = (await orgs.findByName(config.org)) ?? (await orgs.create({ name: config.org }));
  if (config.bucket && !(await buckets.findByName(org.id, config.bucket))) {
    await buckets.create({ orgID: org.id, name: config.bucket, retentionRules: [] });
  }
}
