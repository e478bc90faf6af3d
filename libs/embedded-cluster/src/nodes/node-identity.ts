import { dirname } from 'node:path';
import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { addSections, shardSections, type StatsSections } from '../stats/shard-stats';

/** The single node's roles: it holds every role a one-node OpenSearch cluster needs. */
export const NODE_ROLES = ['cluster_manager', 'data', 'ingest', 'remote_cluster_client'];

/** Loopback addresses the node reports; the transport layer does not exist, so its address is nominal. */
export const NODE_IP = '127.0.0.1';
/** The attributes every OpenSearch node (1.1+) advertises; the node has no custom ones. */
export const NODE_ATTRIBUTES: Record<string, string> = { shard_indexing_pressure_enabled: 'true' };

export const TRANSPORT_ADDRESS = `${NODE_IP}:9300`;
/** The node does not see its HTTP server, so the published HTTP address uses OpenSearch's default port. */
export const HTTP_ADDRESS = `${NODE_IP}:9200`;

/** The folder holding the node's database (OpenSearch's `path.data`). */
export function dataDirOf(node: ClusterNode): string {
  return dirname(node.db.name);
}

/** Whether `_nodes/<filter>` selects this node: `_all`, `_local`, `_master`, `_cluster_manager`, its id or name, `*` wildcards, role filters. */
export function nodeSelected(node: ClusterNode, filter: string | undefined): boolean {
  if (!filter) return true;
  return filter.split(',').some((raw) => {
    const f = raw.trim();
    if (['_all', '_local', '_master', '_cluster_manager', '*'].includes(f)) return true;
    if (f === node.nodeId || f === node.clusterName || f === NODE_IP) return true;
    const role = /^(cluster_manager|master|data|ingest):(true|false)$/.exec(f);
    if (role) return role[2] === 'true';
    if (f.includes('*')) return new RegExp(`^${f.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(node.clusterName);
    return false;
  });
}

/** `_nodes` envelope counts for a selection. */
export function nodesHeader(selected: boolean): { total: number; successful: number; failed: number } {
  return { total: selected ? 1 : 0, successful: selected ? 1 : 0, failed: 0 };
}

/** Sums the `_stats` sections of every open index on the node. */
export function nodeIndexSections(node: ClusterNode, metas: IndexMeta[] = node.registry.all()): StatsSections {
  let sum: StatsSections = {};
  for (const meta of metas) {
    if (meta.state !== 'open') continue;
    meta.shards.forEach((_, i) => (sum = addSections(sum, structuredClone(shardSections(node, meta, i)))));
  }
  return sum;
}

/** One of the node's thread pools, with what the node can count. */
export interface PoolFigures {
  name: string;
  type: 'fixed' | 'scaling' | 'resizable';
  size: number;
  queueSize: number;
  completed: number;
}

/**
 * OpenSearch's main thread pools. Work runs on Node's single event loop, so nothing is ever queued or
 * rejected; `completed` counts what the node did (writes, searches, gets, refreshes, flushes).
 */
export function threadPools(node: ClusterNode): PoolFigures[] {
  let writes = 0;
  let searches = 0;
  let gets = 0;
  let refreshes = 0;
  let flushes = 0;
  for (const m of node.registry.all()) {
    for (const s of m.shards) {
      writes += s.indexTotal + s.deleteTotal;
      searches += s.queryTotal;
      gets += s.getTotal;
      refreshes += s.refreshTotal;
      flushes += s.flushTotal;
    }
  }
  return [
    { name: 'force_merge', type: 'fixed', size: 1, queueSize: -1, completed: 0 },
    { name: 'generic', type: 'scaling', size: 1, queueSize: -1, completed: 0 },
    { name: 'get', type: 'fixed', size: 1, queueSize: 1000, completed: gets },
    { name: 'management', type: 'scaling', size: 1, queueSize: -1, completed: 0 },
    { name: 'refresh', type: 'scaling', size: 1, queueSize: -1, completed: refreshes },
    { name: 'flush', type: 'scaling', size: 1, queueSize: -1, completed: flushes },
    { name: 'search', type: 'resizable', size: 1, queueSize: 1000, completed: searches },
    { name: 'snapshot', type: 'scaling', size: 1, queueSize: -1, completed: 0 },
    { name: 'write', type: 'fixed', size: 1, queueSize: 10000, completed: writes },
  ];
}
