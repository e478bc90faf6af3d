import { AppError } from '@ferry/core';
import { jsonOf } from '../http/request';
import { json } from '../http/respond';
import type { Router } from '../http/router';
import { wildcardMatcher } from '../indices/wildcard';
import type { ClusterNode } from '../node/cluster-node';

/** `GET _search/pipeline[/{ids}]`: comma-separated names and `*` patterns; nothing matched is a 404 `{}`. */
function getPipelines(node: ClusterNode, ids?: string): ReturnType<typeof json> {
  const patterns = (ids ?? '*').split(',').map((p) => wildcardMatcher(p.trim()));
  const names = node.searchPipelines.names().filter((n) => patterns.some((p) => p.test(n)));
  if (names.length === 0 && ids !== undefined) return json({}, 404);
  return json(Object.fromEntries(names.map((n) => [n, node.searchPipelines.definition(n)])));
}

/** `_search/pipeline` CRUD. */
export function registerSearchPipelineRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_search/pipeline', () => getPipelines(node));
  router.add('GET', '/_search/pipeline/{id}', (_req, p) => getPipelines(node, p.id));
  router.add('PUT', '/_search/pipeline/{id}', (req, p) => {
    const body = jsonOf(req);
    if (body === undefined) throw new AppError(400, 'request body is required', { type: 'parse_exception' });
    node.searchPipelines.put(p.id, body);
    return json({ acknowledged: true });
  });
  router.add('DELETE', '/_search/pipeline/{id}', (_req, p) => {
    if (!node.searchPipelines.delete(p.id)) throw new AppError(404, `pipeline [${p.id}] is missing`, { type: 'resource_not_found_exception' });
    return json({ acknowledged: true });
  });
}
