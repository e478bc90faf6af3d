import { Router, type Request, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { createBucketRouter } from './buckets/buckets.routes';
import { createOrgRouter } from './orgs/orgs.routes';
import { createRemoteRouter } from './remotes/remotes.routes';
import { createReplicationRouter } from './replications/replications.routes';
import { serviceMetrics } from './service-metrics';
import type { InfluxServices } from './services';
import { influxJsonBody } from './shared/json';
import { healthHandler, pingHandler } from './status.routes';
import { v1WriteHandler, v2WriteHandler } from './write/write.routes';

/** The plugin's mounts; fixed by the InfluxDB APIs. */
export const INFLUX_MOUNTS = ['/api/v2', '/write', '/health', '/ping'] as const;

/**
 * One handler for every mount: core mounts the plugin router at each mount path, so the sub-router is
 * chosen by `req.baseUrl` (`/write` and `/api/v2/write` would otherwise both reach `/`-relative routes).
 */
export function createInfluxRouter(options: { services: InfluxServices; registry: Registry; bodyLimitBytes: number; maxWriteBytes: number }): RequestHandler {
  const { services: s, registry, maxWriteBytes } = options;
  const v2 = Router();
  v2.post('/write', v2WriteHandler(s.writes, maxWriteBytes));
  v2.use(...influxJsonBody(options.bodyLimitBytes));
  v2.use('/orgs', createOrgRouter(s.orgs));
  v2.use('/buckets', createBucketRouter({ buckets: s.buckets, orgs: s.orgs }));
  v2.use('/remotes', serviceMetrics(registry, 'remote'), createRemoteRouter(s.remotes));
  v2.use('/replications', serviceMetrics(registry, 'replication'), createReplicationRouter(s.replications));
  const v1 = Router().post('/', v1WriteHandler(s.writes, maxWriteBytes));
  const health = Router().get('/', healthHandler);
  const ping = Router().get('/', pingHandler).head('/', pingHandler);
  const byMount: Record<string, RequestHandler> = { '/api/v2': v2, '/write': v1, '/health': health, '/ping': ping };
  return (req: Request, res, next) => {
    const handler = byMount[req.baseUrl];
    return handler ? handler(req, res, next) : next();
  };
}
