import { definePlugin, TOKENS, type Store } from '@ferry/core';
import { CLUSTERS } from '@ferry/clusters';
import { type NextFunction, type Request, type Response } from 'express';
import { ClusterCaller } from './cluster-access/cluster-caller';
import { ClusterInsights } from './clusters/cluster-insights';
import { createClustersRouter } from './clusters/clusters.routes';
import { hqConfigSchema, type HqConfig } from './config';
import { ConnectionsService } from './connections/connections.service';
import { createHqSettingsRouter } from './hq-settings/hq-settings.routes';
import { HqSettingsStore, hqMigrations } from './hq-settings/hq-settings.store';
import { hqHeaders } from './http/envelope';
import { registerHqOpenApi } from './http/openapi';
import type { RouteInfo } from './http/hq-router';
import { IndicesService } from './indices/indices.service';
import { createLiveFeed } from './live-feed/live-feed';
import { createIndicesRouter } from './indices/indices.routes';
import { createNodesRouter, patchNodeRoles } from './nodes/nodes.routes';
import { createClusterProxy } from './proxy/cluster-proxy';
import { createQueryRouter } from './query/query.routes';
import { createRestRouter } from './rest/rest.routes';
import { createRepositoriesRouter, createSnapshotsRouter } from './snapshots/snapshots.routes';
import { createRoutesRouter, createStatusRouter, hqStatus } from './status/status.routes';
import { HQ_TOKENS } from './tokens';

/**
 * HQ's top-level paths. `/api` as a whole is not ours (influx owns `/api/v2`), so each is mounted
 * explicitly; overlaps are refused at boot.
 */
export const HQ_MOUNTS = [
  // The proxy is served as a raw route (before Express): the hot path.
  '/api/proxy',
  '/api/clusters',
  '/api/nodes',
  '/api/indices',
  '/api/repositories',
  '/api/snapshots',
  '/api/query',
  '/api/hq',
  '/api/rest',
  '/api/status',
  '/api/routes',
] as const;

/** The ElasticHQ REST API on Ferry, with a pass-through proxy to registered clusters. */
export const hqInspectorPlugin = definePlugin<HqConfig>({
  id: 'hq',
  mounts: HQ_MOUNTS,
  errorFormat: 'hq',
  // HQ's query API only searches: a viewer may POST to it.
  auth: { readOnlyPaths: ['/api/query/*'] },
  configSchema: hqConfigSchema,
  migrations: hqMigrations,
  register({ container, router, config, bodyLimitBytes, logger, openapi, raw, onServer, lifecycle, health }) {
    const registry = container.resolve(CLUSTERS);
    const caller = new ClusterCaller(registry);
    const settings = new HqSettingsStore(container.resolve<Store>(TOKENS.store));
    container.register(HQ_TOKENS.caller, { useValue: caller });
    container.register(HQ_TOKENS.settings, { useValue: settings });
    const connections = new ConnectionsService({ registry, caller, settings, pingTimeoutMs: config.pingTimeoutMs, logger });
    const insights = new ClusterInsights(caller);
    const indices = new IndicesService(caller, settings);
    const table: RouteInfo[] = [];
    const status = () => hqStatus({ connections, version: config.version, defaultUrl: config.defaultUrl });

    const byMount = new Map<string, (req: Request, res: Response, next: NextFunction) => void>([
      ['/api/clusters', createClustersRouter({ caller, connections, insights, bodyLimitBytes, table }).router],
      ['/api/nodes', createNodesRouter({ caller, insights, table }).router],
      ['/api/indices', createIndicesRouter({ caller, indices, bodyLimitBytes, table }).router],
      ['/api/repositories', createRepositoriesRouter({ caller, table }).router],
      ['/api/snapshots', createSnapshotsRouter({ caller, timeoutMs: config.snapshotTimeoutMs, table }).router],
      ['/api/query', createQueryRouter({ caller, bodyLimitBytes, table }).router],
      ['/api/hq', createHqSettingsRouter({ caller, settings, bodyLimitBytes, table }).router],
      [
        '/api/rest',
        createRestRouter({
          caller,
          table,
          context: {
            nodesInfo: async (c) => patchNodeRoles(await caller.call(c, { path: '/_nodes' })),
            status,
            clusterSummary: (c) => insights.summary(c),
            clusterList: () => connections.list(),
          },
        }).router,
      ],
      ['/api/status', createStatusRouter({ connections, version: config.version, defaultUrl: config.defaultUrl, table }).router],
      ['/api/routes', createRoutesRouter({ table }).router],
    ]);
    if (config.proxy.enabled) {
      // No body parser on this path: bodies stream to the cluster untouched.
      const proxy = createClusterProxy({ registry, timeoutMs: config.proxy.timeoutMs, extraRequestHeaders: config.proxy.extraRequestHeaders, logger });
      // Served on the bare request before Express: the proxy is the hot path.
      raw('/api/proxy', proxy);
      table.push({ api: 'api.proxy', methods: 'DELETE,GET,HEAD,POST,PUT', url: '/api/proxy/[cluster]/[path]' });
    }

    if (config.liveFeed.enabled) {
      // socket.io lives beside the mounts, on the gateway's server; it authenticates its own handshakes.
      const feed = createLiveFeed({ path: config.liveFeed.path, caller, settings, logger, pollTimeoutMs: config.liveFeed.pollTimeoutMs });
      onServer((ctx) => feed.attach(ctx));
      lifecycle.onStop(() => feed.close());
      health(() => ({ status: 'ok', details: { liveFeedPollers: feed.rooms.length } }));
    }

    registerHqOpenApi(openapi, table);
    const headers = hqHeaders();
    // One plugin router serves every mount; dispatch on the mount so each path sees only its routes.
    router.use((req: Request, res: Response, next: NextFunction) => {
      const sub = byMount.get(req.baseUrl);
      if (!sub) return next();
      headers(req, res, () => sub(req, res, next));
    });
  },
});
