import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_ATTRIBUTES, NODE_ROLES, nodeSelected, nodesHeader, TRANSPORT_ADDRESS } from '../nodes/node-identity';
import { searchTargets } from '../search/targets';
import { shardRouting } from './cluster-state';

/** `_search_shards`: the node and the shard copies a search of the expression would read. */
function searchShards(node: ClusterNode, req: Request, expr?: string): Reply {
  const targets = searchTargets(node, expr, req.query);
  const indices = Object.fromEntries([...new Set(targets.map((t) => t.meta.name))].map((n) => [n, {}]));
  const nodeEntry = { name: node.clusterName, ephemeral_id: node.nodeId, transport_address: TRANSPORT_ADDRESS, attributes: NODE_ATTRIBUTES, roles: NODE_ROLES };
  return json({ nodes: { [node.nodeId]: nodeEntry }, indices, shards: targets.map((t) => [shardRouting(node, t.meta, t.shard, true)]) });
}

/** The remote clusters the settings name (`cluster.remote.<alias>.seeds`), persistent then transient. */
function remoteInfo(node: ClusterNode): Reply {
  const settings = { ...node.clusterSettings.persistent, ...node.clusterSettings.transient };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const m = /^cluster\.remote\.([^.]+)\.seeds$/.exec(key);
    if (!m || value === null) continue;
    const skip = settings[`cluster.remote.${m[1]}.skip_unavailable`];
    // The node opens no transport connections; CCR reaches leaders over REST, so none is ever connected here.
    out[m[1]] = {
      connected: false, mode: 'sniff', seeds: Array.isArray(value) ? value : [value], num_nodes_connected: 0,
      max_connections_per_cluster: 3, initial_connect_timeout: '30s', skip_unavailable: String(skip) === 'true',
    };
  }
  return json(out);
}

/** Per node: how many requests each route answered, for `_nodes/usage`. */
const restActions = new WeakMap<ClusterNode, Map<string, number>>();

/** Counts one request under its route pattern (what `_nodes/usage` reports as `rest_actions`). */
export function countRestAction(node: ClusterNode, method: string, pattern: string): void {
  let counts = restActions.get(node);
  if (!counts) restActions.set(node, (counts = new Map()));
  const key = `${method} ${pattern}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function usage(node: ClusterNode, nodeId?: string, metric?: string): Reply {
  const selected = nodeSelected(node, nodeId);
  const wanted = new Set((metric ?? '_all').split(','));
  const all = wanted.has('_all');
  const entry: Record<string, unknown> = { timestamp: Date.now(), since: node.startedAt };
  if (all || wanted.has('rest_actions')) entry.rest_actions = Object.fromEntries(restActions.get(node) ?? []);
  if (all || wanted.has('aggregations')) entry.aggregations = {};
  return json({ _nodes: nodesHeader(selected), cluster_name: node.clusterName, nodes: selected ? { [node.nodeId]: entry } : {} });
}

/** Topology views: `_search_shards`, `_remote/info`, `_dangling`, `_nodes/usage`. */
export function registerTopologyRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_search_shards', (req) => searchShards(node, req));
  router.add(['GET', 'POST'], '/{index}/_search_shards', (req, p) => searchShards(node, req, p.index));
  router.add('GET', '/_remote/info', () => remoteInfo(node));
  // All index metadata lives in the node's one database, so no index can be left behind on disk unknown.
  router.add('GET', '/_dangling', () => json({ _nodes: nodesHeader(true), cluster_name: node.clusterName, dangling_indices: [] }));
  router.add('GET', '/_nodes/usage', () => usage(node));
  router.add('GET', '/_nodes/usage/{metric}', (_req, p) => usage(node, undefined, p.metric));
  router.add('GET', '/_nodes/{node_id}/usage', (_req, p) => usage(node, p.node_id));
  router.add('GET', '/_nodes/{node_id}/usage/{metric}', (_req, p) => usage(node, p.node_id, p.metric));
}
