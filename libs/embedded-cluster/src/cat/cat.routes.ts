import type { Request } from '../http/request';
import type { Reply } from '../http/respond';
import type { Router } from '../http/router';
import { wildcardRegex } from '../indices/index-names';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import { docCounts } from '../stats/shard-stats';
import { ALIASES_COLUMNS, aliasesRows, INDICES_COLUMNS, indicesRows, SEGMENTS_COLUMNS, segmentsRows, SHARDS_COLUMNS, shardsRows } from './cat-index-tables';
import {
  ALLOCATION_COLUMNS, allocationRows, COUNT_COLUMNS, countRows, HEALTH_COLUMNS, healthRows, MANAGER_COLUMNS, managerRows, NODES_COLUMNS,
  nodesRows, THREAD_POOL_COLUMNS, threadPoolRows,
} from './cat-node-tables';
import { PENDING_TASKS_COLUMNS, REPOSITORIES_COLUMNS, repositoriesRows, SNAPSHOTS_COLUMNS, snapshotsRows, TASKS_COLUMNS, tasksRows } from './cat-ops-tables';
import { type CatColumn, catReply, type CatRow } from './cat-table';

const ENDPOINTS = [
  '/_cat/allocation', '/_cat/shards', '/_cat/shards/{index}', '/_cat/cluster_manager', '/_cat/master', '/_cat/nodes', '/_cat/indices',
  '/_cat/indices/{index}', '/_cat/segments', '/_cat/segments/{index}', '/_cat/count', '/_cat/count/{index}', '/_cat/health',
  '/_cat/aliases', '/_cat/aliases/{alias}', '/_cat/thread_pool', '/_cat/thread_pool/{thread_pools}', '/_cat/repositories',
  '/_cat/snapshots/{repository}', '/_cat/pending_tasks', '/_cat/tasks', '/_cat/recovery', '/_cat/recovery/{index}', '/_cat/templates',
  '/_cat/fielddata', '/_cat/fielddata/{fields}', '/_cat/nodeattrs', '/_cat/plugins', '/_cat/pit_segments', '/_cat/segment_replication',
];

/** Without `ts=false`, `_cat/health` and `_cat/count` start with `epoch` and `timestamp`. */
function withoutTimestamps(columns: CatColumn[], q: URLSearchParams): CatColumn[] {
  if (q.get('ts') !== 'false') return columns;
  return columns.map((c) => (c.name === 'epoch' || c.name === 'timestamp' ? { ...c, default: false } : c));
}

function metasOf(node: ClusterNode, req: Request, expr?: string) {
  return node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open,closed' })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function count(node: ClusterNode, req: Request, expr?: string): CatRow[] {
  const metas = node.resolve(expr, resolveOptionsOf(req.query, { forbidClosed: true })).filter((m) => m.state === 'open');
  let total = 0;
  for (const m of metas) m.shards.forEach((_, i) => (total += docCounts(node, m, i).live));
  return countRows(total);
}

const patterns = (list?: string) => list?.split(',').map((p) => wildcardRegex(p.trim()));

/** The `_cat` APIs: text tables by default, `format=json` arrays, `v`, `h`, `s`, `help`, `bytes`, `time`. */
export function registerCatRoutes(router: Router, node: ClusterNode): void {
  const table = (path: string, columns: CatColumn[] | ((q: URLSearchParams) => CatColumn[]), rows: (req: Request, p: Record<string, string>) => CatRow[]) =>
    router.add('GET', path, (req, p): Reply => catReply(typeof columns === 'function' ? columns(req.query) : columns, rows(req, p), req.query));
  router.add('GET', '/_cat', () => ({ status: 200, text: `=^.^=\n${ENDPOINTS.join('\n')}\n` }));
  table('/_cat/indices', INDICES_COLUMNS, (req) => indicesRows(node, metasOf(node, req), req.query));
  table('/_cat/indices/{index}', INDICES_COLUMNS, (req, p) => indicesRows(node, metasOf(node, req, p.index), req.query));
  table('/_cat/shards', SHARDS_COLUMNS, (req) => shardsRows(node, metasOf(node, req)));
  table('/_cat/shards/{index}', SHARDS_COLUMNS, (req, p) => shardsRows(node, metasOf(node, req, p.index)));
  table('/_cat/segments', SEGMENTS_COLUMNS, (req) => segmentsRows(node, metasOf(node, req)));
  table('/_cat/segments/{index}', SEGMENTS_COLUMNS, (req, p) => segmentsRows(node, metasOf(node, req, p.index)));
  table('/_cat/aliases', ALIASES_COLUMNS, () => aliasesRows(node.registry.all()));
  table('/_cat/aliases/{name}', ALIASES_COLUMNS, (_req, p) => aliasesRows(node.registry.all(), patterns(p.name)));
  table('/_cat/count', (q) => withoutTimestamps(COUNT_COLUMNS, q), (req) => count(node, req));
  table('/_cat/count/{index}', (q) => withoutTimestamps(COUNT_COLUMNS, q), (req, p) => count(node, req, p.index));
  table('/_cat/health', (q) => withoutTimestamps(HEALTH_COLUMNS, q), () => healthRows(node));
  table('/_cat/nodes', NODES_COLUMNS, () => nodesRows(node));
  table('/_cat/allocation', ALLOCATION_COLUMNS, () => allocationRows(node));
  table('/_cat/allocation/{node_id}', ALLOCATION_COLUMNS, () => allocationRows(node));
  table('/_cat/cluster_manager', MANAGER_COLUMNS, () => managerRows(node));
  table('/_cat/master', MANAGER_COLUMNS, () => managerRows(node));
  table('/_cat/thread_pool', THREAD_POOL_COLUMNS, () => threadPoolRows(node));
  table('/_cat/repositories', REPOSITORIES_COLUMNS, () => repositoriesRows(node));
  table('/_cat/snapshots', SNAPSHOTS_COLUMNS, (req) => snapshotsRows(node, req.query.get('repository') ?? ''));
  table('/_cat/snapshots/{repository}', SNAPSHOTS_COLUMNS, (_req, p) => snapshotsRows(node, p.repository));
  table('/_cat/pending_tasks', PENDING_TASKS_COLUMNS, () => []);
  table('/_cat/tasks', TASKS_COLUMNS, () => tasksRows(node));
  table('/_cat/thread_pool/{thread_pool_patterns}', THREAD_POOL_COLUMNS, (_req, p) => threadPoolRows(node, patterns(p.thread_pool_patterns)));
}
