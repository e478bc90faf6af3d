import { AppError } from '@ferry/core';
import { illegalArgument, indexNotFound } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { type IndexMeta, replicaCount } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { dataDirOf, NODE_ATTRIBUTES, TRANSPORT_ADDRESS } from '../nodes/node-identity';
import { readSystemMetrics } from '../nodes/system-metrics';

interface Target {
  meta: IndexMeta;
  shard: number;
  primary: boolean;
}

const SAME_SHARD = 'a copy of this shard is already allocated to this node';

/** The first unassigned copy: a replica, since a single node holds every primary and no replica. */
function firstUnassigned(node: ClusterNode): Target | undefined {
  const meta = node.registry.all().filter((m) => m.state === 'open' && replicaCount(m) > 0).sort((a, b) => (a.name < b.name ? -1 : 1))[0];
  return meta ? { meta, shard: 0, primary: false } : undefined;
}

function targetOf(node: ClusterNode, body: Record<string, unknown>): Target {
  if (body.index === undefined && body.shard === undefined && body.primary === undefined) {
    const t = firstUnassigned(node);
    if (!t) throw illegalArgument('No shard was specified in the explain API request, and no unassigned shards exist, so there is nothing to explain. Specify the target shard in the request or ensure that there is an unassigned shard in the cluster');
    return t;
  }
  if (typeof body.index !== 'string' || !Number.isInteger(body.shard) || typeof body.primary !== 'boolean') {
    throw illegalArgument('the [index], [shard] and [primary] parameters must all be specified together when one of them is');
  }
  const meta = node.registry.get(body.index);
  if (!meta) throw indexNotFound(body.index);
  const shard = body.shard as number;
  if (shard < 0 || shard >= meta.shards.length) throw new AppError(404, `shard [${shard}] of index [${meta.name}] not found`, { type: 'shard_not_found_exception' });
  if (!body.primary && replicaCount(meta) === 0) throw illegalArgument(`unable to find any replica shards [[${meta.name}][${shard}]] in the routing table`);
  return { meta, shard, primary: body.primary };
}

/** The disk figures of the node's data folder and each shard copy's size, as ClusterInfo reports them. */
function clusterInfo(node: ClusterNode): Record<string, unknown> {
  const { fs } = readSystemMetrics(dataDirOf(node));
  const used = fs.total - fs.available;
  const pct = (n: number) => (fs.total > 0 ? Math.round((n / fs.total) * 1000) / 10 : 0);
  const usage = { path: fs.path, total_bytes: fs.total, used_bytes: used, free_bytes: fs.available, free_disk_percent: pct(fs.available), used_disk_percent: pct(used) };
  const shardSizes: Record<string, number> = {};
  const shardPaths: Record<string, string> = {};
  for (const m of node.registry.all()) {
    m.shards.forEach((s, i) => {
      shardSizes[`[${m.name}][${i}][p]_bytes`] = s.bytes;
      shardPaths[`[${m.name}][${i}], node[${node.nodeId}], [P], s[STARTED], a[id=${m.uuid}]`] = fs.path;
    });
  }
  return { nodes: { [node.nodeId]: { node_name: node.clusterName, least_available: usage, most_available: usage } }, shard_sizes: shardSizes, shard_paths: shardPaths, reserved_sizes: [] };
}

/**
 * `_cluster/allocation/explain` for the one node there is: every primary is started on it, and a replica can
 * never be, because OpenSearch's `same_shard` decider refuses two copies of a shard on one node. Without a
 * body it explains the first unassigned replica, as OpenSearch does.
 */
function explain(node: ClusterNode, req: Request): Reply {
  const body = jsonOf(req) ?? {};
  const t = targetOf(node, body);
  const yes = req.query.get('include_yes_decisions') === 'true';
  const self = { id: node.nodeId, name: node.clusterName, transport_address: TRANSPORT_ADDRESS, attributes: { ...NODE_ATTRIBUTES } };
  const head = { index: t.meta.name, shard: t.shard, primary: t.primary };
  const disk = req.query.get('include_disk_info') === 'true' ? { cluster_info: clusterInfo(node) } : {};
  if (t.primary) {
    return json({
      ...head,
      current_state: t.meta.state === 'open' ? 'started' : 'unassigned',
      current_node: { ...self, weight_ranking: 1 },
      can_remain_on_current_node: 'yes',
      ...(yes ? { can_remain_decisions: [{ decider: 'same_shard', decision: 'YES', explanation: 'this node holds one copy of the shard' }] } : {}),
      can_rebalance_cluster: 'no',
      can_rebalance_cluster_decisions: [{ decider: 'rebalance_only_when_active', decision: 'NO', explanation: 'rebalancing is not allowed until all replicas in the cluster are active' }],
      can_rebalance_to_other_node: 'no',
      rebalance_explanation: 'cannot rebalance as no target node exists that can both allocate this shard and improve the cluster balance',
      ...disk,
    });
  }
  return json({
    ...head,
    current_state: 'unassigned',
    unassigned_info: { reason: 'INDEX_CREATED', at: new Date(t.meta.created).toISOString(), last_allocation_status: 'no_attempt' },
    can_allocate: 'no',
    allocate_explanation: 'cannot allocate because allocation is not permitted to any of the nodes',
    node_allocation_decisions: [{
      node_id: node.nodeId, node_name: node.clusterName, transport_address: TRANSPORT_ADDRESS, node_attributes: { ...NODE_ATTRIBUTES },
      node_decision: 'no', weight_ranking: 1,
      deciders: [{ decider: 'same_shard', decision: 'NO', explanation: `${SAME_SHARD} [[${t.meta.name}][${t.shard}], node[${node.nodeId}], [P], s[STARTED], a[id=${t.meta.uuid}]]` }],
    }],
    ...disk,
  });
}

/** `GET|POST /_cluster/allocation/explain`. */
export function registerAllocationExplainRoutes(router: Router, node: ClusterNode): void {
  router.add(['GET', 'POST'], '/_cluster/allocation/explain', (req) => explain(node, req));
}
