import type { Request } from 'express';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import type { ClusterInsights } from '../clusters/cluster-insights';
import { HqRouter, type RouteInfo } from '../http/hq-router';
import { isDataNode, isMasterEligible } from '../version/version';

const c = (req: Request) => String(req.params.cluster);
const ids = (req: Request) => (req.params.ids ? `/${encodeURIComponent(String(req.params.ids)).replace(/%2C/gi, ',')}` : '');

/**
 * HQ copied `roles` into `settings.node.master/data` for ES 7 only, so its UI shows roles; Ferry does it
 * for every version that reports roles (ES 7, 8, OpenSearch), counting data tiers and cluster_manager.
 */
export function patchNodeRoles(info: { nodes?: Record<string, any> }): typeof info {
  for (const node of Object.values(info.nodes ?? {})) {
    if (!Array.isArray(node?.roles)) continue;
    node.settings ??= {};
    node.settings.node ??= {};
    node.settings.node.master ??= isMasterEligible(node.roles);
    node.settings.node.data ??= isDataNode(node.roles);
  }
  return info;
}

/** `/api/nodes`: summary, stats and info, each honouring a comma-separated node id filter. */
export function createNodesRouter(o: { caller: ClusterCaller; insights: ClusterInsights; table: RouteInfo[] }): HqRouter {
  const { caller, insights } = o;
  return new HqRouter('/api/nodes', o.table)
    .route(['get'], '/:cluster{/:ids}/_summary', 'nodes_summary', (req) => insights.nodes(c(req), req.params.ids ? String(req.params.ids) : undefined))
    .route(['get'], '/:cluster{/:ids}/_stats', 'nodes_stats', (req) => caller.call(c(req), { path: `/_nodes${ids(req)}/stats` }))
    .route(['get'], '/:cluster{/:ids}/_info', 'nodes_info', async (req) =>
      patchNodeRoles(await caller.call(c(req), { path: `/_nodes${ids(req)}/_all` })),
    );
}
