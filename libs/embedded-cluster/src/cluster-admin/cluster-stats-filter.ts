import { illegalArgument } from '../http/errors';

const NODE_METRICS = ['os', 'process', 'jvm', 'fs', 'plugins', 'network_types', 'discovery_types', 'packaging_types', 'ingest'];
const INDEX_METRICS = ['shards', 'docs', 'store', 'fielddata', 'query_cache', 'completion', 'segments', 'mappings', 'analysis'];

function parts(raw: string, known: string[], what: string): Set<string> {
  const list = raw.split(',').map((s) => s.trim());
  for (const m of list) if (m !== '_all' && !known.includes(m)) throw illegalArgument(`request [_cluster/stats] contains unrecognized ${what}: [${m}]`);
  return new Set(list);
}

function pick(section: unknown, keep: Set<string> | undefined): unknown {
  if (!keep || keep.has('_all') || !section || typeof section !== 'object') return section;
  return Object.fromEntries(Object.entries(section as Record<string, unknown>).filter(([k]) => k === 'count' || k === 'versions' || keep.has(k)));
}

/**
 * `_cluster/stats/{metric}[/{index_metric}]` (OpenSearch 2.18+): `indices`, `nodes` or single node metrics
 * (`fs`, `jvm`...) choose the top-level sections; index metrics narrow `indices`. Counts always stay.
 */
export function filterClusterStats(stats: Record<string, unknown>, metric: string, indexMetric?: string): Record<string, unknown> {
  const m = parts(metric, ['indices', 'nodes', ...NODE_METRICS], 'metric');
  const all = m.has('_all');
  const nodeParts = new Set([...m].filter((x) => NODE_METRICS.includes(x)));
  const out: Record<string, unknown> = { ...stats };
  if (!all && !m.has('indices')) delete out.indices;
  else if (indexMetric) out.indices = pick(out.indices, parts(indexMetric, INDEX_METRICS, 'index metric'));
  if (!all && !m.has('nodes') && nodeParts.size === 0) delete out.nodes;
  else if (!all && !m.has('nodes')) out.nodes = pick(out.nodes, nodeParts);
  return out;
}
