import { json } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { nodeSelected } from '../nodes/node-identity';
import { getClusterSettings, putClusterSettings } from './cluster-settings';
import { clusterState } from './cluster-state';
import { clusterStats } from './cluster-stats';
import { filterClusterStats } from './cluster-stats-filter';

/** `_cluster/state`, `_cluster/stats`, `_cluster/settings` and `_cluster/pending_tasks`. */
export function registerClusterAdminRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_cluster/state', (req) => json(clusterState(node, req, {})));
  router.add('GET', '/_cluster/state/{metric}', (req, p) => json(clusterState(node, req, { metric: p.metric })));
  router.add('GET', '/_cluster/state/{metric}/{indices}', (req, p) => json(clusterState(node, req, { metric: p.metric, index: p.indices })));
  router.add('GET', '/_cluster/stats', () => json(clusterStats(node, true)));
  router.add('GET', '/_cluster/stats/nodes/{node_id}', (_req, p) => json(clusterStats(node, nodeSelected(node, p.node_id))));
  router.add('GET', '/_cluster/stats/{metric}/nodes/{node_id}', (_req, p) =>
    json(filterClusterStats(clusterStats(node, nodeSelected(node, p.node_id)), p.metric)),
  );
  router.add('GET', '/_cluster/stats/{metric}/{index_metric}/nodes/{node_id}', (_req, p) =>
    json(filterClusterStats(clusterStats(node, nodeSelected(node, p.node_id)), p.metric, p.index_metric)),
  );
  router.add('GET', '/_cluster/settings', (req) => getClusterSettings(node, req));
  router.add('PUT', '/_cluster/settings', (req) => putClusterSettings(node, req));
  // One node applies every cluster change synchronously: nothing ever waits in the queue.
  router.add('GET', '/_cluster/pending_tasks', () => json({ tasks: [] }));
}
