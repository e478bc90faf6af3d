import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { INFO_METRICS, nodeInfo } from './node-info';
import { nodeSelected, nodesHeader } from './node-identity';
import { ABSENT_STATS_METRICS, nodeStats, parseMetrics, STATS_METRICS } from './node-stats';

const INDEX_METRICS = ['docs', 'store', 'indexing', 'get', 'search', 'merge', 'merges', 'refresh', 'flush', 'segments', 'fielddata', 'query_cache', 'request_cache', 'completion', 'translog', 'warmer'];

function envelope(node: ClusterNode, selected: boolean, entry: () => Record<string, unknown>): Reply {
  return json({ _nodes: nodesHeader(selected), cluster_name: node.clusterName, nodes: selected ? { [node.nodeId]: entry() } : {} });
}

function stats(node: ClusterNode, req: Request, p: { nodeId?: string; metric?: string; indexMetric?: string }): Reply {
  const raw0 = p.metric ?? req.query.get('metric') ?? undefined;
  const metrics = raw0 && raw0 !== '_all' ? parseMetrics(raw0, [...STATS_METRICS, ...ABSENT_STATS_METRICS]) : new Set(STATS_METRICS);
  const raw = p.indexMetric ?? req.query.get('index_metric') ?? undefined;
  const indexMetrics = raw ? new Set(raw.split(',').map((m) => (m === 'merge' ? 'merges' : m))) : undefined;
  if (indexMetrics) parseMetrics(raw, [...INDEX_METRICS, '_all']);
  return envelope(node, nodeSelected(node, p.nodeId), () => nodeStats(node, metrics, indexMetrics));
}

function info(node: ClusterNode, p: { nodeId?: string; metric?: string }): Reply {
  const metrics = parseMetrics(p.metric, INFO_METRICS);
  return envelope(node, nodeSelected(node, p.nodeId), () => nodeInfo(node, metrics));
}

/** `_nodes/{id_or_metric}`: a list made only of info metric names is a metric filter, anything else is a node filter. */
function infoByOne(node: ClusterNode, part: string): Reply {
  const parts = part.split(',');
  const isMetric = parts.every((x) => INFO_METRICS.includes(x) || x === '_all') && part !== '_all';
  return isMetric ? info(node, { metric: part }) : info(node, { nodeId: part });
}

/** `_nodes` info and `_nodes/stats` with node filters and metric filters. */
export function registerNodesRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_nodes', () => info(node, {}));
  router.add('GET', '/_nodes/stats', (req) => stats(node, req, {}));
  router.add('GET', '/_nodes/stats/{metric}', (req, p) => stats(node, req, { metric: p.metric }));
  router.add('GET', '/_nodes/stats/{metric}/{index_metric}', (req, p) => stats(node, req, { metric: p.metric, indexMetric: p.index_metric }));
  router.add('GET', '/_nodes/{node_id}/stats', (req, p) => stats(node, req, { nodeId: p.node_id }));
  router.add('GET', '/_nodes/{node_id}/stats/{metric}', (req, p) => stats(node, req, { nodeId: p.node_id, metric: p.metric }));
  router.add('GET', '/_nodes/{node_id}/stats/{metric}/{index_metric}', (req, p) =>
    stats(node, req, { nodeId: p.node_id, metric: p.metric, indexMetric: p.index_metric }),
  );
  router.add('GET', '/_nodes/{node_id_or_metric}', (_req, p) => infoByOne(node, p.node_id_or_metric));
  router.add('GET', '/_nodes/{node_id}/{metric}', (_req, p) => info(node, { nodeId: p.node_id, metric: p.metric }));
}
