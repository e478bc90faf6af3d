import { AppError } from '@ferry/core';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { parseTimeValue } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { searchTargets } from '../search/targets';
import type { ClusterFlavor } from './flavor';
import { noHandler } from './flavor-errors';
import { rootAnswer } from './root-answer';

// OpenSearch's point-in-time paths (2.4+); the other families have no handler for them.
const OPENSEARCH_PIT: [string, string][] = [
  ['POST', '/{index}/_search/point_in_time'],
  ['DELETE', '/_search/point_in_time'],
  ['DELETE', '/_search/point_in_time/_all'],
  ['GET', '/_search/point_in_time/_all'],
];

/**
 * Routes that differ from the default flavor, registered before every other route so they take
 * precedence: `GET /`, and point-in-time as the family spells it (none in OpenSearch 1.x).
 */
export function registerFlavorRoutes(router: Router, node: ClusterNode, flavor: ClusterFlavor): void {
  if (flavor === 'opensearch-3') return;
  router.add('GET', '/', () => json(rootAnswer(flavor, { clusterName: node.clusterName, clusterUuid: node.clusterUuid })));
  for (const [method, path] of OPENSEARCH_PIT) router.add(method, path, (req) => noHandler(req));
  if (flavor === 'elasticsearch-8') registerElasticsearchPit(router, node);
}

/** Elasticsearch 7.10+ point-in-time: `POST /<index>/_pit` → `{id}`, `DELETE /_pit` with `{id}`. */
function registerElasticsearchPit(router: Router, node: ClusterNode): void {
  router.add('POST', '/{index}/_pit', (req, p) => openPit(node, req, p.index));
  router.add('DELETE', '/_pit', (req) => closePit(node, req));
}

function openPit(node: ClusterNode, req: Request, index: string): Reply {
  const keep = req.query.get('keep_alive');
  if (!keep) throw new AppError(400, 'Validation Failed: 1: [keep_alive] is not specified;', { type: 'action_request_validation_exception' });
  const targets = searchTargets(node, index, req.query);
  const shards = targets.map((t) => ({ index: t.meta.name, uuid: t.meta.uuid, shard: t.shard, point: t.point }));
  const ctx = node.contexts.open({ kind: 'pit', shards, keepAliveMs: parseTimeValue(keep, 'keep_alive') });
  return json({ id: ctx.id, _shards: { total: targets.length, successful: targets.length, skipped: 0, failed: 0 } });
}

function closePit(node: ClusterNode, req: Request): Reply {
  const id = jsonOf(req)?.id;
  if (typeof id !== 'string') throw new AppError(400, 'Validation Failed: 1: point in time id is not specified;', { type: 'action_request_validation_exception' });
  const freed = node.contexts.delete(id) ? 1 : 0;
  // As clear-scroll: nothing freed answers 404 with the same body.
  return json({ succeeded: true, num_freed: freed }, freed === 0 ? 404 : 200);
}
