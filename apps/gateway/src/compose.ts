import { clustersConfigSchema, clustersModule, CLUSTERS, localPassThrough } from '@ferry/clusters';
import { createGateway, createLogger, parseGatewayConfig, type Gateway, type Logger } from '@ferry/core';
import { startEmbeddedCluster, type EmbeddedCluster } from '@ferry/embedded-cluster';
import { join, resolve } from 'node:path';
import { embeddedConfigSchema } from './config/embedded.schemas';
import { plugins } from './plugins';

/** A running Ferry: the gateway plus the embedded clusters it started. */
export interface Ferry {
  gateway: Gateway;
  embedded: EmbeddedCluster[];
  logger: Logger;
  /** Where the gateway listens (`http://127.0.0.1:9400`), once listening. */
  url?: string;
  /** Stops the gateway first, then the embedded clusters. */
  stop(): Promise<void>;
}

function embeddedList(raw: Record<string, unknown>) {
  const parsed = embeddedConfigSchema.safeParse(raw.embedded ?? {});
  if (!parsed.success) throw new Error(`invalid config: embedded: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const clusters = clustersConfigSchema.parse(raw.clusters ?? {});
  const realLocal = clusters.connections[clusters.local] !== undefined;
  return parsed.data.clusters ?? (realLocal ? [] : [{ name: clusters.local, port: 0, flavor: 'opensearch-3' as const }]);
}

/**
 * Gateways sharing a store share their local cluster: a follower index, an ingestion target or a lease
 * moved to another gateway must find the same documents there. An in-process embedded cluster lives
 * and dies with its gateway and is seen by no other, so a shared store refuses it.
 */
export function checkSharedLocalCluster(raw: Record<string, unknown>, storeKind: string): void {
  if (storeKind !== 'postgres') return;
  const local = clustersConfigSchema.parse(raw.clusters ?? {}).local;
  if (!embeddedList(raw).some((c) => c.name === local)) return;
  throw new Error(
    `refusing to start: the store is shared (postgres) but the local cluster '${local}' would be this gateway's in-process embedded cluster, ` +
      `which no other gateway sees. Gateways sharing a store need one local cluster: set clusters.connections.${local}.url to a real ` +
      `OpenSearch or to a 'ferry cluster' process, and no embedded cluster named '${local}'.`,
  );
}

/** Options of {@link startFerry}. */
export interface StartFerryOptions {
  /** Reported by /_gateway/info. */
  version: string;
  /** Listen on the configured address (default true); false only starts. */
  listen?: boolean;
  /** A logger to use instead of one built from `log.level` (tests capture its lines). */
  logger?: Logger;
  /** The key sealing secrets at rest (FERRY_SECRET_KEY); without it, a key file in the data dir. */
  secretKey?: string;
  /** The built web console; default `apps/console/dist` beside this app (from `src/` and from `dist/` alike). */
  consoleDir?: string;
}

/** Where `nx run console:build` puts the console, seen from this file in `apps/gateway/src` or `apps/gateway/dist`. */
export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '..', '..', 'console', 'dist');

/** Starts the embedded clusters, registers them as connections, builds the gateway and listens. */
export async function startFerry(raw: Record<string, unknown>, options: StartFerryOptions = { version: '0.0.0' }): Promise<Ferry> {
  const gatewayConfig = parseGatewayConfig(raw);
  const logger = options.logger ?? createLogger({ level: gatewayConfig.log.level });
  const dataDir = resolve(gatewayConfig.dataDir);
  checkSharedLocalCluster(raw, gatewayConfig.store.kind);
  const embedded: EmbeddedCluster[] = [];
  try {
    for (const c of embeddedList(raw)) {
      embedded.push(await startEmbeddedCluster({ name: c.name, port: c.port, flavor: c.flavor, host: '127.0.0.1', dataDir: join(dataDir, 'clusters', c.name), logger: logger.child({ cluster: c.name }) }));
    }
    const clusters = (raw.clusters ?? {}) as Record<string, unknown>;
    const connections = { ...((clusters.connections as Record<string, unknown>) ?? {}) };
    for (const c of embedded) connections[c.name] = { url: c.url };
    const config = { ...raw, clusters: { ...clusters, connections } };
    const gateway = await createGateway({ config, plugins, modules: [clustersModule()], fallback: localPassThrough(), logger, version: options.version, secretKey: options.secretKey, consoleDir: options.consoleDir ?? DEFAULT_CONSOLE_DIR });
    const registry = gateway.container.resolve(CLUSTERS);
    for (const c of embedded) if (c.handler) registry.attachInProcess(c.name, c.handler);
    let url: string | undefined;
    if (options.listen !== false) {
      const address = await gateway.listen();
      url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    } else await gateway.start();
    return {
      gateway,
      url,
      embedded,
      logger,
      async stop() {
        await gateway.stop();
        for (const c of embedded) await c.close();
      },
    };
  } catch (err) {
    for (const c of embedded) await c.close().catch(() => undefined);
    throw err;
  }
}
