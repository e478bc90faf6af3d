import type { ClusterCaller } from '../cluster-access/cluster-caller';

import { DIAGNOSTICS_METRICS, diagnoseNodes, type NodeDiagnostics } from '../diagnostics/diagnose';
import { clusterSummary } from '../summaries/cluster-summary';
import { NODE_SUMMARY_COLUMNS, nodeSummary, type NodeSummary } from '../summaries/node-summary';

/** Composite views computed from several cluster calls: cluster summary, node summary, diagnostics. */
export class ClusterInsights {
  constructor(private readonly caller: ClusterCaller) {}

  /** HQ's node summary from `_cat/nodes`, filtered by node ids or names when given (HQ ignored them). */
  async nodes(cluster: string, ids?: string): Promise<NodeSummary[]> {
    const [version, rows] = await Promise.all([
      this.caller.version(cluster),
      this.caller.call<Record<string, string>[]>(cluster, { path: '/_cat/nodes', query: { format: 'json', full_id: true, h: NODE_SUMMARY_COLUMNS } }),
    ]);
    const all = nodeSummary(rows, version.distribution);
    if (!ids || ids === '_all') return all;
    // The cluster resolves the filter (ids, names, `_local`, `master:true`, ...) as `_nodes/<ids>` does.
    const resolved = await this.caller.call<{ nodes?: Record<string, { name?: string }> }>(cluster, {
      path: `/_nodes/${encodeURIComponent(ids).replace(/%2C/gi, ',')}`,
    });
    const picked = Object.entries(resolved.nodes ?? {});
    return all.flatMap((n) => {
      const match = picked.find(([id, node]) => sameNode(n, id, node.name));
      return match ? [{ ...n, node_id: match[0] }] : [];
    });
  }

  /** HQ's cluster summary: health, `_cluster/stats` figures, version and the node summary. */
  async summary(cluster: string): Promise<Record<string, unknown>> {
    const [health, stats, version, nodes] = await Promise.all([
      this.caller.call(cluster, { path: '/_cluster/health' }),
      this.caller.call(cluster, { path: '/_cluster/stats' }),
      this.caller.version(cluster),
      this.nodes(cluster),
    ]);
    return clusterSummary({ health, stats, version: version.number, nodes });
  }

  /** HQ's 24 rules plus CPU, file descriptors, thread pool rejections and cluster status, per node. */
  async diagnostics(cluster: string): Promise<NodeDiagnostics[]> {
    const [nodeStats, health] = await Promise.all([
      this.caller.call(cluster, { path: `/_nodes/stats/${DIAGNOSTICS_METRICS}` }),
      this.caller.call<{ status?: string }>(cluster, { path: '/_cluster/health' }),
    ]);
    return diagnoseNodes({ nodeStats, clusterStatus: health.status });
  }
}

// `_cat/nodes` may print a shortened id (without `full_id`, or on servers that ignore it): a prefix matches.
function sameNode(row: NodeSummary, id: string, name: string | undefined): boolean {
  if (row.node_id && (row.node_id === id || id.startsWith(row.node_id))) return true;
  return !row.node_id && row.name !== null && row.name === name;
}
