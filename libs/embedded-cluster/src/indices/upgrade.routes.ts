import { json, type Reply } from '../http/respond';
import type { Request } from '../http/request';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { VERSION } from '../cluster/version';
import { replicaCount } from './index-meta';
import { resolveOptionsOf } from './resolve';

/**
 * The deprecated `_upgrade` API. Every segment the node writes is already of its own Lucene version (it has no
 * Lucene segments at all: a shard is rows in SQLite), so nothing ever needs upgrading: the status reports each
 * index's size with nothing to upgrade, and an upgrade touches no data and reports the current versions.
 */
function targets(node: ClusterNode, req: Request, expr: string | undefined) {
  return node.resolve(expr, resolveOptionsOf(req.query, { forbidClosed: true })).filter((m) => m.state === 'open');
}

function status(node: ClusterNode, req: Request, expr: string | undefined): Reply {
  const indices: Record<string, { size_in_bytes: number; size_to_upgrade_in_bytes: number; size_to_upgrade_ancient_in_bytes: number }> = {};
  let total = 0;
  for (const m of targets(node, req, expr)) {
    const size = m.shards.reduce((n, s) => n + s.bytes, 0);
    total += size;
    indices[m.name] = { size_in_bytes: size, size_to_upgrade_in_bytes: 0, size_to_upgrade_ancient_in_bytes: 0 };
  }
  return json({ size_in_bytes: total, size_to_upgrade_in_bytes: 0, size_to_upgrade_ancient_in_bytes: 0, indices });
}

function upgrade(node: ClusterNode, req: Request, expr: string | undefined): Reply {
  const metas = targets(node, req, expr);
  let total = 0;
  let successful = 0;
  const upgraded: Record<string, { upgrade_version: string; oldest_lucene_segment_version: string }> = {};
  for (const m of metas) {
    total += m.shards.length * (1 + replicaCount(m));
    successful += m.shards.length;
    upgraded[m.name] = { upgrade_version: VERSION.number, oldest_lucene_segment_version: VERSION.lucene_version };
  }
  return json({ _shards: { total, successful, failed: 0 }, upgraded_indices: upgraded });
}

/** `GET|POST /_upgrade` and `/{index}/_upgrade`. */
export function registerUpgradeRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_upgrade', (req) => status(node, req, undefined));
  router.add('POST', '/_upgrade', (req) => upgrade(node, req, undefined));
  router.add('GET', '/{index}/_upgrade', (req, p) => status(node, req, p.index));
  router.add('POST', '/{index}/_upgrade', (req, p) => upgrade(node, req, p.index));
}
