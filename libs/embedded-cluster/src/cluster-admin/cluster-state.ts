import { createHash } from 'node:crypto';
import { illegalArgument } from '../http/errors';
import type { Request } from '../http/request';
import { boolSetting, type IndexMeta, nestSettings, replicaCount, routingNumShards } from '../indices/index-meta';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import { TRANSPORT_ADDRESS } from '../nodes/node-identity';
import { stateVersion } from './state-version';

/** `_cluster/state/<metric>` names. */
export const STATE_METRICS = ['version', 'master_node', 'cluster_manager_node', 'blocks', 'nodes', 'metadata', 'routing_table', 'routing_nodes'];

/** Index blocks as OpenSearch's `IndexMetadata` declares them: id, description, retryable, levels. */
const BLOCKS: [string, string, string, boolean, string[]][] = [
  ['index.blocks.read_only', '5', 'index read-only (api)', false, ['write', 'metadata_write']],
  ['index.blocks.read', '7', 'index read (api)', false, ['read']],
  ['index.blocks.write', '8', 'index write (api)', false, ['write']],
  ['index.blocks.metadata', '9', 'index metadata (api)', false, ['metadata_read', 'metadata_write']],
  ['index.blocks.read_only_allow_delete', '12', 'disk usage exceeded flood-stage watermark, index has read-only-allow-delete block', true, ['write', 'metadata_write']],
];

function blocksOf(metas: IndexMeta[]): Record<string, unknown> {
  const indices: Record<string, unknown> = {};
  for (const m of metas) {
    const entry: Record<string, unknown> = {};
    if (m.state === 'close') entry['4'] = { description: 'index closed', retryable: false, levels: ['read', 'write'] };
    for (const [setting, id, description, retryable, levels] of BLOCKS) {
      if (boolSetting(m, setting)) entry[id] = { description, retryable, levels };
    }
    if (Object.keys(entry).length) indices[m.name] = entry;
  }
  return Object.keys(indices).length ? { indices } : {};
}

/** A stable allocation id per shard copy (the node never moves shards). */
export function allocationId(meta: IndexMeta, shard: number): string {
  return createHash('sha1').update(`${meta.uuid}/${shard}`).digest('base64url').slice(0, 22);
}

/** A shard copy's routing entry as the cluster state lists it (also `_search_shards`). */
export function shardRouting(node: ClusterNode, meta: IndexMeta, shard: number, primary: boolean): Record<string, unknown> {
  if (!primary) {
    return {
      state: 'UNASSIGNED', primary: false, node: null, relocating_node: null, shard, index: meta.name, recovery_source: { type: 'PEER' },
      unassigned_info: { reason: 'INDEX_CREATED', at: new Date(meta.created).toISOString(), delayed: false, allocation_status: 'no_attempt' },
    };
  }
  return { state: 'STARTED', primary: true, node: node.nodeId, relocating_node: null, shard, index: meta.name, allocation_id: { id: allocationId(meta, shard) } };
}

function routingTable(node: ClusterNode, metas: IndexMeta[]): Record<string, unknown> {
  const indices: Record<string, unknown> = {};
  for (const m of metas.filter((x) => x.state === 'open')) {
    const shards: Record<string, unknown[]> = {};
    m.shards.forEach((_, i) => {
      shards[String(i)] = [shardRouting(node, m, i, true), ...Array.from({ length: replicaCount(m) }, () => shardRouting(node, m, i, false))];
    });
    indices[m.name] = { shards };
  }
  return { indices };
}

function routingNodes(node: ClusterNode, metas: IndexMeta[]): Record<string, unknown> {
  const open = metas.filter((x) => x.state === 'open');
  const assigned = open.flatMap((m) => m.shards.map((_, i) => shardRouting(node, m, i, true)));
  const unassigned = open.flatMap((m) => m.shards.flatMap((_, i) => Array.from({ length: replicaCount(m) }, () => shardRouting(node, m, i, false))));
  return { unassigned, nodes: { [node.nodeId]: assigned } };
}

function indexMetadata(meta: IndexMeta, version: number, flat: boolean): Record<string, unknown> {
  return {
    version,
    mapping_version: 1,
    settings_version: 1,
    aliases_version: 1,
    routing_num_shards: routingNumShards(meta),
    state: meta.state,
    settings: flat ? { ...meta.settings } : nestSettings(meta.settings),
    mappings: Object.keys(meta.mappings).length ? { _doc: meta.mappings } : {},
    aliases: Object.keys(meta.aliases),
    primary_terms: Object.fromEntries(meta.shards.map((_, i) => [String(i), 1])),
    in_sync_allocations: Object.fromEntries(meta.shards.map((_, i) => [String(i), [allocationId(meta, i)]])),
    rollover_info: {},
    system: false,
  };
}

function metadata(node: ClusterNode, metas: IndexMeta[], flat: boolean, versionOf: (name: string) => number): Record<string, unknown> {
  const view = (s: Record<string, unknown>) => (flat ? { ...s } : nestSettings(s));
  return {
    cluster_uuid: node.clusterUuid,
    cluster_uuid_committed: true,
    cluster_coordination: { term: 1, last_committed_config: [node.nodeId], last_accepted_config: [node.nodeId], voting_config_exclusions: [] },
    templates: {},
    indices: Object.fromEntries(metas.map((m) => [m.name, indexMetadata(m, versionOf(m.name), flat)])),
    'index-graveyard': { tombstones: [] },
    persistent_settings: view(node.clusterSettings.persistent),
    transient_settings: view(node.clusterSettings.transient),
  };
}

/** `_cluster/state[/<metrics>[/<indices>]]`. */
export function clusterState(node: ClusterNode, req: Request, p: { metric?: string; index?: string }): Record<string, unknown> {
  const metrics = new Set(!p.metric || p.metric === '_all' ? STATE_METRICS : p.metric.split(','));
  for (const m of metrics) if (!STATE_METRICS.includes(m)) throw illegalArgument(`request [${req.path}] contains unrecognized metric: [${m}]`);
  const metas = p.index
    ? node.resolve(p.index, resolveOptionsOf(req.query, { expandWildcards: 'open,closed', allowNoIndices: true }))
    : node.registry.all();
  const flat = req.query.get('flat_settings') === 'true';
  const v = stateVersion(node);
  const body: Record<string, unknown> = { cluster_name: node.clusterName, cluster_uuid: node.clusterUuid };
  if (metrics.has('version')) Object.assign(body, { version: v.version, state_uuid: v.stateUuid });
  if (metrics.has('master_node')) body.master_node = node.nodeId;
  if (metrics.has('cluster_manager_node')) body.cluster_manager_node = node.nodeId;
  if (metrics.has('blocks')) body.blocks = blocksOf(metas);
  if (metrics.has('nodes')) {
    body.nodes = {
      [node.nodeId]: { name: node.clusterName, ephemeral_id: node.nodeId, transport_address: TRANSPORT_ADDRESS, attributes: { shard_indexing_pressure_enabled: 'true' } },
    };
  }
  if (metrics.has('metadata')) body.metadata = metadata(node, metas, flat, v.indexVersion);
  if (metrics.has('routing_table')) body.routing_table = routingTable(node, metas);
  if (metrics.has('routing_nodes')) body.routing_nodes = routingNodes(node, metas);
  return body;
}
