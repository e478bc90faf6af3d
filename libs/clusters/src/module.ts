import { defineRootModule, TOKENS, type Logger, type RootModule, type SecretBox, type Store } from '@ferry/core';
import { clustersConfigSchema, type ClustersConfig } from './config';
import { ClusterRegistry } from './connections/cluster-registry';
import { CLUSTERS } from './tokens';

const migrations = [
  {
    version: 1,
    name: 'cluster_connections',
    up: `CREATE TABLE cluster_connections (
      name TEXT PRIMARY KEY, spec TEXT NOT NULL, info TEXT, source TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  },
];

/**
 * Root module providing the ClusterRegistry (token CLUSTERS) to every plugin. Connections from the
 * `clusters` config section are registered at boot without a probe; they are probed when first used.
 */
export function clustersModule(): RootModule<ClustersConfig> {
  return defineRootModule<ClustersConfig>({
    id: 'clusters',
    configSchema: clustersConfigSchema,
    migrations,
    async register({ container, config, lifecycle, health }) {
      const registry = new ClusterRegistry({
        store: container.resolve<Store>(TOKENS.store),
        logger: container.resolve<Logger>(TOKENS.logger).child({ module: 'clusters' }),
        localName: config.local,
        secrets: container.resolve<SecretBox>(TOKENS.secrets),
      });
      await registry.load();
      for (const [name, c] of Object.entries(config.connections)) {
        await registry.upsert({ name, url: c.url, auth: c.auth, tls: c.tls, timeoutMs: c.timeoutMs }, { probe: false, source: 'config' });
      }
      container.register(CLUSTERS, { useValue: registry });
      lifecycle.onStop(() => registry.close());
      health(async () => {
        const local = await registry.get(registry.localName);
        return local ? { status: 'ok', details: { connections: (await registry.list()).length, local: local.name } } : { status: 'degraded', details: { local: 'not configured' } };
      });
    },
  });
}
