import { registerDocumentRoutes } from '../documents/documents.routes';
import { Router } from '../http/router';
import { registerIndexRoutes } from '../indices/indices.routes';
import type { ClusterNode } from '../node/cluster-node';
import { registerSearchRoutes } from '../search/search.routes';
import { registerStatsRoutes } from '../stats/stats.routes';
import { registerClusterRoutes } from './cluster.routes';
import { registerOpsRoutes } from './ops.routes';

/** Every REST route of the node; specific API paths first, `/{index}` catch-alls last. */
export function buildRouter(node: ClusterNode): Router {
  const router = new Router();
  registerClusterRoutes(router, node);
  registerSearchRoutes(router, node);
  registerStatsRoutes(router, node);
  registerOpsRoutes(router, node);
  registerDocumentRoutes(router, node);
  registerIndexRoutes(router, node);
  return router;
}
