import { definePlugin, flowSources, TOKENS, type Store } from '@ferry/core';
import type { Registry } from 'prom-client';
import { influxConfigSchema, type InfluxConfig } from './config';
import { influxReplicationFlows } from './flows/influx-flows';
import { influxMigrations } from './migrations';
import { registerInfluxOpenApi } from './openapi';
import { createInfluxRouter, INFLUX_MOUNTS } from './routes';
import { createInfluxServices, seedTenant } from './services';
import { INFLUX_TOKENS } from './tokens';

/**
 * InfluxDB v2 remotes and replications, the v2 and 1.x write APIs, and durable store-and-forward of
 * line protocol to InfluxDB 2.x, Cloud and 1.x remotes.
 */
export const influxReplicationPlugin = definePlugin<InfluxConfig>({
  id: 'influx',
  mounts: INFLUX_MOUNTS,
  // InfluxDB serves /health and /ping without a token; 1.x clients send the token as `?u=&p=`.
  auth: { publicPaths: ['/health', '/ping'], tokenQueryParams: ['p'] },
  errorFormat: 'influx',
  configSchema: influxConfigSchema,
  migrations: influxMigrations,
  async register({ container, router, config, lifecycle, extensions, logger, bodyLimitBytes, health, openapi }) {
    container.register(INFLUX_TOKENS.config, { useValue: config });
    const registry = container.resolve<Registry>(TOKENS.metrics);
    const services = createInfluxServices({
      store: container.resolve<Store>(TOKENS.store),
      secrets: container.resolve(TOKENS.secrets),
      clock: container.resolve(TOKENS.clock),
      dataDir: container.resolve(TOKENS.dataDir),
      registry,
      lifecycle,
      logger,
      config,
    });
    await services.remotes.sealPlaintext(logger);
    // Queues stay on the gateway that acknowledged the writes; the cluster view shows what a lost one strands.
    container.resolve(TOKENS.coordinator).reportQueuedBytes(() => services.engine.queuedBytes());
    router.use(createInfluxRouter({ services, registry, bodyLimitBytes, maxWriteBytes: config.maxWriteBytes }));
    registerInfluxOpenApi(openapi);
    extensions.add(flowSources, influxReplicationFlows({ ...services, clock: container.resolve(TOKENS.clock) }));
    lifecycle.onStart(async () => {
      await seedTenant(config, services);
      await services.engine.start(await services.rows.all());
    });
    lifecycle.onStop(async () => {
      await services.engine.close();
      await services.writer.close();
    });
    health(() => {
      const failing = services.engine.failing();
      return { status: failing.length ? 'degraded' : 'ok', details: { replications: services.engine.count, failing } };
    });
  },
});
