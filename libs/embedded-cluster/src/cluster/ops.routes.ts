import { registerMoreCatRoutes } from '../cat/cat-more.routes';
import { registerCatRoutes } from '../cat/cat.routes';
import { registerListRoutes } from '../cat/list.routes';
import { registerClusterAdminRoutes } from '../cluster-admin/cluster-admin.routes';
import { registerAllocationExplainRoutes } from '../cluster-admin/allocation-explain';
import { registerDataMovementRoutes } from '../data-movement/data-movement.routes';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { registerNodeOpsRoutes } from '../nodes/node-ops.routes';
import { registerNodesRoutes } from '../nodes/nodes.routes';
import { registerSnapshotRoutes } from '../snapshots/snapshots.routes';
import { registerTaskRoutes } from '../tasks/tasks.routes';

/**
 * The operations APIs (`_cat`, `_nodes`, `_cluster/state|stats|settings|pending_tasks`, `_tasks`,
 * `_reindex`, `_delete_by_query`, `_update_by_query`, `_snapshot`). Their paths all start with an API
 * word (or end with one after `{index}`), so they only have to come before the `/{index}` catch-alls.
 */
export function registerOpsRoutes(router: Router, node: ClusterNode): void {
  registerCatRoutes(router, node);
  registerListRoutes(router, node);
  registerMoreCatRoutes(router, node);
  registerNodeOpsRoutes(router, node);
  registerNodesRoutes(router, node);
  registerClusterAdminRoutes(router, node);
  registerAllocationExplainRoutes(router, node);
  registerTaskRoutes(router, node);
  registerDataMovementRoutes(router, node);
  registerSnapshotRoutes(router, node);
}
