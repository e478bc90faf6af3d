import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { definePlugin, flowSources, passThroughInterceptors, TOKENS, type Store } from '@ferry/core';
import { CLUSTERS } from '@ferry/clusters';
import { ingestionConfigSchema, type IngestionConfig } from './config';
import { IngestionService } from './engine/ingestion-service';
import { IngestionTargets } from './guard/ingestion-targets';
import { FileRoots } from './files/file-roots';
import { ingestionShardFlows } from './flows/ingestion-flows';
import { createIngestionRouter } from './http/ingestion.routes';
import { ingestionInterceptor } from './http/index-interceptor';
import { LocalClusterClient } from './http/local-cluster';
import { registerIngestionMetrics } from './metrics';
import { registerIngestionOpenApi } from './openapi';
import { IngestionStore, ingestionMigrations } from './store/ingestion-store';
import { INGESTION_TOKENS } from './tokens';

/** `ingestion.file.roots`, relative ones under the data dir; the default `<dataDir>/ingest` is created. */
function fileRoots(config: IngestionConfig, dataDir: string): FileRoots {
  if (config.file.roots) return new FileRoots(config.file.roots.map((r) => resolve(dataDir, r)));
  const root = resolve(dataDir, 'ingest');
  mkdirSync(root, { recursive: true });
  return new FileRoots([root]);
}

/**
 * OpenSearch pull-based ingestion on the local cluster: `PUT /<index>` with `ingestion_source`
 * settings starts one poller per shard reading Kafka, Kinesis or files; `/<index>/ingestion/_pause`,
 * `_resume` and `_state` manage them.
 */
export const pullIngestionPlugin = definePlugin({
  id: 'ingestion',
  mounts: ['/:index/ingestion'],
  errorFormat: 'opensearch',
  configSchema: ingestionConfigSchema,
  migrations: ingestionMigrations,
  register({ container, router, config, lifecycle, extensions, logger, bodyLimitBytes, health, openapi }) {
    const local = new LocalClusterClient(container.resolve(CLUSTERS));
    // Core's secret box unless a host or test registers its own sealer.
    const sealer = container.isRegistered(INGESTION_TOKENS.sealer, true) ? container.resolve(INGESTION_TOKENS.sealer) : container.resolve(TOKENS.secrets);
    const service = new IngestionService({
      store: new IngestionStore(container.resolve<Store>(TOKENS.store), sealer),
      cluster: async () => local.engineView(),
      logger,
      node: config.nodeName,
      files: fileRoots(config, container.resolve(TOKENS.dataDir)),
      timings: { retryWaitMs: config.retryWaitMs, initRetryMs: config.consumerInitRetryMs, idleMs: config.idleMs },
      pointerFlushIntervalMs: config.pointerFlushIntervalMs,
    });
    container.register(INGESTION_TOKENS.service, { useValue: service });
    const targets = new IngestionTargets({ names: () => service.list().map((e) => e.record.name), call: (method, path, query) => local.call(method, path, query) });
    extensions.add(passThroughInterceptors, ingestionInterceptor({ service, local, targets }));
    extensions.add(flowSources, ingestionShardFlows(service, container.resolve(TOKENS.clock)));
    router.use(createIngestionRouter({ service, exists: (name) => local.exists(name), bodyLimitBytes }));
    registerIngestionMetrics(container.resolve(TOKENS.metrics), service);
    registerIngestionOpenApi(openapi);
    lifecycle.onStart(() => service.startAll());
    lifecycle.onStop(() => service.stopAll());
    health(() => {
      const pollers = service.list().flatMap((e) => e.pollers);
      const paused = pollers.filter((p) => p.paused).length;
      return { status: 'ok', details: { indices: service.count, pollers: pollers.length, paused } };
    });
  },
});
