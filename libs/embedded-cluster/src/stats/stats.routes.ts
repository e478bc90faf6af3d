import { join } from 'node:path';
import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { type IndexMeta, replicaCount } from '../indices/index-meta';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import { addSections, pickMetrics, shardSections, type StatsSections } from './shard-stats';

function shardEntry(node: ClusterNode, meta: IndexMeta, shard: number, metrics?: Set<string>): Record<string, unknown> {
  const s = meta.shards[shard];
  const path = join('nodes', '0', 'indices', meta.uuid, String(shard));
  return {
    routing: { state: 'STARTED', primary: true, node: node.nodeId, relocating_node: null },
    ...pickMetrics(shardSections(node, meta, shard), metrics),
    commit: { id: Buffer.from(`${meta.uuid}:${shard}:${s.flushTotal}`).toString('base64'), generation: s.flushTotal + 1, user_data: { max_seq_no: String(s.maxSeq), local_checkpoint: String(s.maxSeq) }, num_docs: 0 },
    seq_no: { max_seq_no: s.maxSeq, local_checkpoint: s.maxSeq, global_checkpoint: s.maxSeq },
    retention_leases: { primary_term: 1, version: 0, leases: [] },
    shard_path: { state_path: path, data_path: path, is_custom_data_path: false },
  };
}

function indexEntry(node: ClusterNode, meta: IndexMeta, level: string, metrics?: Set<string>): [Record<string, unknown>, StatsSections] {
  let sum: StatsSections = {};
  meta.shards.forEach((_, i) => (sum = addSections(sum, pickMetrics(shardSections(node, meta, i), metrics))));
  const entry: Record<string, unknown> = {
    uuid: meta.uuid,
    primaries: sum,
    total: structuredClone(sum),
  };
  if (level === 'shards') {
    entry.shards = Object.fromEntries(meta.shards.map((_, i) => [String(i), [shardEntry(node, meta, i, metrics)]]));
  }
  return [entry, sum];
}

function stats(node: ClusterNode, req: Request, expr?: string, metric?: string): Reply {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open' })).filter((m) => m.state === 'open');
  const metrics = metric ? new Set(metric.split(',')) : undefined;
  const level = req.query.get('level') ?? 'indices';
  let all: StatsSections = {};
  const indices: Record<string, unknown> = {};
  let shards = 0;
  let copies = 0;
  for (const meta of metas) {
    const [entry, sum] = indexEntry(node, meta, level, metrics);
    indices[meta.name] = entry;
    all = addSections(all, structuredClone(sum));
    shards += meta.shards.length;
    copies += meta.shards.length * (1 + replicaCount(meta));
  }
  const body: Record<string, unknown> = {
    _shards: { total: copies, successful: shards, failed: 0 },
    _all: { primaries: all, total: structuredClone(all) },
  };
  if (level !== 'cluster') body.indices = indices;
  return json(body);
}

/** `_stats` at cluster, index and shard level, with metric filters. */
export function registerStatsRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_stats', (req) => stats(node, req));
  router.add('GET', '/_stats/{metric}', (req, p) => stats(node, req, undefined, p.metric));
  router.add('GET', '/{index}/_stats', (req, p) => stats(node, req, p.index));
  router.add('GET', '/{index}/_stats/{metric}', (req, p) => stats(node, req, p.index, p.metric));
}
