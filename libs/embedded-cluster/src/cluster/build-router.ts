import { registerFlavorRoutes } from '../flavor/flavor-routes';
import type { ClusterFlavor } from '../flavor/flavor';
import { registerDocumentRoutes } from '../documents/documents.routes';
import { Router } from '../http/router';
import { registerAliasRoutes } from '../indices/aliases.routes';
import { registerIndexRoutes } from '../indices/indices.routes';
import { registerIndexLifecycleRoutes } from '../indices/lifecycle.routes';
import { registerMappingRoutes } from '../indices/mapping.routes';
import { registerSettingsRoutes } from '../indices/settings.routes';
import type { ClusterNode } from '../node/cluster-node';
import { registerSearchRoutes } from '../search/search.routes';
import { registerStatsRoutes } from '../stats/stats.routes';
import { registerClusterRoutes } from './cluster.routes';
import { registerOpsRoutes } from './ops.routes';

/** Every REST route of the node; the flavor's own routes and specific API paths first, `/{index}` catch-alls last. */
export function buildRouter(node: ClusterNode, flavor: ClusterFlavor = 'opensearch-3'): Router {
  const router = new Router();
  registerFlavorRoutes(router, node, flavor);
  registerClusterRoutes(router, node);
  registerSearchRoutes(router, node);
  registerStatsRoutes(router, node);
  registerOpsRoutes(router, node);
  registerSettingsRoutes(router, node);
  registerMappingRoutes(router, node);
  registerAliasRoutes(router, node);
  registerIndexLifecycleRoutes(router, node);
  registerDocumentRoutes(router, node);
  registerIndexRoutes(router, node);
  return router;
}
