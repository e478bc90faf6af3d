import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { Request } from '../http/request';
import { parseTimeValue } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_IP, nodeSelected, nodesHeader, TRANSPORT_ADDRESS } from './node-identity';

/**
 * `_nodes/hot_threads` as text. The node runs JavaScript on one thread, so the report samples that thread's
 * CPU time over `interval` (default 500ms, as OpenSearch) and lists it when it was busy.
 */
async function hotThreads(node: ClusterNode, req: Request, nodeId?: string): Promise<Reply> {
  const selected = nodeSelected(node, nodeId);
  const intervalMs = parseTimeValue(req.query.get('interval') ?? '500ms', 'interval');
  const threads = Number(req.query.get('threads') ?? 3);
  const ignoreIdle = req.query.get('ignore_idle_threads') !== 'false';
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, intervalMs));
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;
  const header = `::: {${node.clusterName}}{${node.nodeId}}{${node.nodeId}}{${NODE_IP}}{${TRANSPORT_ADDRESS}}{dimr}{shard_indexing_pressure_enabled=true}\n`;
  const at = `   Hot threads at ${new Date().toISOString()}, interval=${intervalMs}ms, busiestThreads=${threads}, ignoreIdleThreads=${ignoreIdle}:\n`;
  const pct = Math.min(100, (cpuMs / intervalMs) * 100).toFixed(1);
  const busy = cpuMs > 0 || !ignoreIdle ? `\n   ${pct}% (${cpuMs.toFixed(1)}ms out of ${intervalMs}ms) cpu usage by thread 'main'\n` : '';
  return { status: 200, text: selected ? `${header}${at}${busy}\n` : '' };
}

/** The node keeps no secure settings (no keystore), so a reload succeeds with nothing to reload. */
function reloadSecureSettings(node: ClusterNode, nodeId?: string): Reply {
  const selected = nodeSelected(node, nodeId);
  return json({ _nodes: nodesHeader(selected), cluster_name: node.clusterName, nodes: selected ? { [node.nodeId]: { name: node.clusterName } } : {} });
}

/** Node operations: hot threads and secure settings reload. */
export function registerNodeOpsRoutes(router: Router, node: ClusterNode): void {
  for (const base of ['/_nodes', '/_cluster/nodes']) {
    router.add('GET', `${base}/hot_threads`, (req) => hotThreads(node, req));
    router.add('GET', `${base}/hotthreads`, (req) => hotThreads(node, req));
    router.add('GET', `${base}/{node_id}/hot_threads`, (req, p) => hotThreads(node, req, p.node_id));
    router.add('GET', `${base}/{node_id}/hotthreads`, (req, p) => hotThreads(node, req, p.node_id));
  }
  router.add('POST', '/_nodes/reload_secure_settings', () => reloadSecureSettings(node));
  router.add('POST', '/_nodes/{node_id}/reload_secure_settings', (_req, p) => reloadSecureSettings(node, p.node_id));
}
