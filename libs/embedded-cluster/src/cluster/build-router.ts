import { registerFlavorRoutes } from '../flavor/flavor-routes';
import type { ClusterFlavor } from '../flavor/flavor';
import { registerAnalyzeRoutes } from '../analysis/analyze.routes';
import { countRestAction, registerTopologyRoutes } from '../cluster-admin/topology.routes';
import { registerDocumentRoutes } from '../documents/documents.routes';
import { type Handler, Router } from '../http/router';
import { registerAliasRoutes } from '../indices/aliases.routes';
import { registerFieldCapsRoutes } from '../indices/field-caps.routes';
import { registerFieldMappingRoutes } from '../indices/field-mapping.routes';
import { registerIndexRoutes } from '../indices/indices.routes';
import { registerIndexLifecycleRoutes } from '../indices/lifecycle.routes';
import { registerMappingRoutes } from '../indices/mapping.routes';
import { registerUpgradeRoutes } from '../indices/upgrade.routes';
import { registerResizeRoutes } from '../indices/resize.routes';
import { registerRolloverRoutes } from '../indices/rollover.routes';
import { registerDataStreamRoutes } from '../data-streams/data-streams.routes';
import { registerSettingsRoutes } from '../indices/settings.routes';
import type { ClusterNode } from '../node/cluster-node';
import { registerIngestRoutes } from '../ingest/ingest.routes';
import { registerScriptRoutes } from '../scripting/scripts.routes';
import { registerSearchPipelineRoutes } from '../search-pipeline/search-pipeline.routes';
import { registerTemplateSearchRoutes } from '../scripting/template.routes';
import { registerMsearchRoutes } from '../search/msearch.routes';
import { registerSearchRoutes } from '../search/search.routes';
import { registerValidateRoutes } from '../search/validate.routes';
import { registerExplainRoutes } from '../search/explain.routes';
import { registerRankEvalRoutes } from '../search/rank-eval.routes';
import { registerTermVectorRoutes } from '../search/term-vectors.routes';
import { registerShardRoutes } from '../shards/shards.routes';
import { registerStatsRoutes } from '../stats/stats.routes';
import { registerTemplateRoutes } from '../templates/templates.routes';
import { registerClusterRoutes } from './cluster.routes';
import { registerOpsRoutes } from './ops.routes';

/** A router that counts each request under the route that answers it (`_nodes/usage` rest_actions). */
class CountingRouter extends Router {
  constructor(private readonly node: ClusterNode) {
    super();
  }

  override add(methods: string | string[], path: string, handler: Handler): this {
    return super.add(methods, path, (req, params) => {
      countRestAction(this.node, req.method, path);
      return handler(req, params);
    });
  }
}

/** Every REST route of the node; the flavor's own routes and specific API paths first, `/{index}` catch-alls last. */
export function buildRouter(node: ClusterNode, flavor: ClusterFlavor = 'opensearch-3'): Router {
  const router = new CountingRouter(node);
  registerFlavorRoutes(router, node, flavor);
  registerTopologyRoutes(router, node);
  registerAnalyzeRoutes(router, node);
  registerClusterRoutes(router, node);
  registerScriptRoutes(router, node);
  registerIngestRoutes(router, node);
  registerSearchPipelineRoutes(router, node);
  registerTemplateSearchRoutes(router, node);
  registerSearchRoutes(router, node);
  registerMsearchRoutes(router, node);
  registerValidateRoutes(router, node);
  registerExplainRoutes(router, node);
  registerRankEvalRoutes(router, node);
  registerTermVectorRoutes(router, node);
  registerStatsRoutes(router, node);
  registerOpsRoutes(router, node);
  registerSettingsRoutes(router, node);
  registerFieldMappingRoutes(router, node);
  registerFieldCapsRoutes(router, node);
  registerMappingRoutes(router, node);
  registerAliasRoutes(router, node);
  registerIndexLifecycleRoutes(router, node);
  registerUpgradeRoutes(router, node);
  registerResizeRoutes(router, node);
  registerRolloverRoutes(router, node);
  registerDataStreamRoutes(router, node);
  registerShardRoutes(router, node);
  registerTemplateRoutes(router, node);
  registerDocumentRoutes(router, node);
  registerIndexRoutes(router, node);
  return router;
}
