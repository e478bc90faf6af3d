import { registerCatRoutes } from '../cat/cat.routes';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { registerNodesRoutes } from '../nodes/nodes.routes';

/**
 * The operations APIs (`_cat`, `_nodes`, `_cluster/state|stats|settings|pending_tasks`, `_tasks`,
 * `_reindex`, `_delete_by_query`, `_update_by_query`, `_snapshot`). Their paths all start with an API
 * word, so their place among the engine's routes only has to come before the `/{index}` catch-alls.
 */
export function registerOpsRoutes(router: Router, node: ClusterNode): void {
  registerCatRoutes(router, node);
  registerNodesRoutes(router, node);
}
