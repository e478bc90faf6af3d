import type { Request } from 'express';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import { connectBodySchema } from '../connections/connections.schemas';
import type { ConnectionsService } from '../connections/connections.service';
import { HqRouter, type RouteInfo } from '../http/hq-router';
import { hqJsonBody, objectBody, parseBody } from '../http/input';
import type { ClusterInsights } from './cluster-insights';

/** What the `/api/clusters` routes need. */
export interface ClustersRoutesOptions {
  caller: ClusterCaller;
  connections: ConnectionsService;
  insights: ClusterInsights;
  bodyLimitBytes: number;
  table: RouteInfo[];
}

const c = (req: Request) => String(req.params.cluster);

/** `/api/clusters`: connections, health, state, summary, stats, pending tasks, settings, diagnostics. */
export function createClustersRouter(o: ClustersRoutesOptions): HqRouter {
  const { caller, connections, insights } = o;
  const r = new HqRouter('/api/clusters', o.table);
  r.router.use(hqJsonBody(o.bodyLimitBytes));
  return r
    .route(['post'], '/_connect', 'clusters_connect', (req) => connections.connect(parseBody(connectBodySchema, { ...req.query, ...req.body })), { status: 201 })
    // The API document also lists the alias in the path: it names the connection.
    .route(['post'], '/:cluster/_connect', 'clusters_connect_named', (req) =>
      connections.connect(parseBody(connectBodySchema, { ...req.query, ...req.body, name: c(req) })),
      { status: 201 },
    )
    .route(['delete'], '/:cluster/_connect', 'clusters_disconnect', async (req) => {
      await (c(req) === '_all' ? connections.disconnectAll() : connections.disconnect(c(req)));
      return null;
    })
    .route(['get'], '/', 'clusters_list', () => connections.list())
    .route(['get'], '/:cluster/_health', 'clusters_health', (req) => caller.call(c(req), { path: '/_cluster/health' }))
    .route(['get'], '/:cluster/_state', 'clusters_state', (req) => caller.call(c(req), { path: '/_cluster/state' }))
    .route(['get'], '/:cluster/_summary', 'clusters_summary', (req) => insights.summary(c(req)))
    .route(['get'], '/:cluster/_stats', 'clusters_stats', (req) => caller.call(c(req), { path: '/_cluster/stats' }))
    .route(['get'], '/:cluster/_pending_tasks', 'clusters_pending_tasks', (req) => caller.call(c(req), { path: '/_cluster/pending_tasks' }))
    .route(['get'], '/:cluster/_settings', 'clusters_settings', (req) =>
      caller.call(c(req), { path: '/_cluster/settings', query: { include_defaults: true } }),
    )
    .route(['put'], '/:cluster/_settings', 'clusters_settings_put', (req) =>
      caller.call(c(req), { method: 'PUT', path: '/_cluster/settings', body: objectBody(req.body) }),
    )
    .route(['get'], '/:cluster/diagnostics/_summary', 'diagnostics_summary', (req) => insights.diagnostics(c(req)), { status: 201 });
}
