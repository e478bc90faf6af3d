import { allocationId } from '../cluster-admin/cluster-state';
import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { IndexMeta } from '../indices/index-meta';
import { resolveOptionsOf } from '../indices/resolve';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_ATTRIBUTES, NODE_ROLES, TRANSPORT_ADDRESS } from '../nodes/node-identity';
import { recoveryJson } from './recovery-json';
import { SEGMENT_VERSION, shardRecovery, shardSegments } from './shard-facts';

function metasOf(node: ClusterNode, req: Request, expr?: string): IndexMeta[] {
  return node.resolve(expr, resolveOptionsOf(req.query, { expandWildcards: 'open' })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function recovery(node: ClusterNode, req: Request, expr?: string): Reply {
  const human = req.query.get('human') === 'true';
  const out: Record<string, unknown> = {};
  for (const m of metasOf(node, req, expr).filter((x) => x.state === 'open')) {
    // Every recovery is done, so active_only leaves nothing.
    if (req.query.get('active_only') === 'true') continue;
    out[m.name] = { shards: m.shards.map((_, i) => recoveryJson(node, shardRecovery(node, m, i), human)) };
  }
  return json(out);
}

function segments(node: ClusterNode, req: Request, expr?: string): Reply {
  const indices: Record<string, unknown> = {};
  let total = 0;
  for (const m of metasOf(node, req, expr).filter((x) => x.state === 'open')) {
    const shards: Record<string, unknown[]> = {};
    m.shards.forEach((_, i) => {
      total++;
      const segs = shardSegments(node, m, i);
      const list = Object.fromEntries(segs.map((s) => [s.name, {
        generation: s.generation, num_docs: s.docs, deleted_docs: s.deleted, size_in_bytes: s.bytes, memory_in_bytes: 0,
        committed: true, search: true, version: SEGMENT_VERSION, compound: true, attributes: { 'Lucene90StoredFieldsFormat.mode': 'BEST_SPEED' },
      }]));
      const routing = { state: 'STARTED', primary: true, node: node.nodeId };
      shards[String(i)] = [{ routing, num_committed_segments: segs.length, num_search_segments: segs.length, segments: list }];
    });
    indices[m.name] = { shards };
  }
  return json({ _shards: { total, successful: total, failed: 0 }, indices });
}

/**
 * `_shard_stores`: each primary's one store copy, on this node. Replicas are never allocated on a single
 * node, so the default `status=yellow,red` lists the shards of indices that ask for replicas.
 */
function shardStores(node: ClusterNode, req: Request, expr?: string): Reply {
  const status = new Set((req.query.get('status') ?? 'yellow,red').split(','));
  const indices: Record<string, unknown> = {};
  for (const m of metasOf(node, req, expr).filter((x) => x.state === 'open')) {
    const replicas = Number(m.settings['index.number_of_replicas'] ?? 1);
    const health = replicas > 0 ? 'yellow' : 'green';
    if (!status.has('all') && !status.has(health)) continue;
    const nodeEntry = { name: node.clusterName, ephemeral_id: node.nodeId, transport_address: TRANSPORT_ADDRESS, attributes: NODE_ATTRIBUTES, roles: NODE_ROLES };
    const shards = Object.fromEntries(m.shards.map((_, i) => [String(i), { stores: [{ [node.nodeId]: nodeEntry, allocation_id: allocationId(m, i), allocation: 'primary' }] }]));
    indices[m.name] = { shards };
  }
  return json({ indices });
}

/** Shard-level index APIs: `_recovery`, `_segments`, `_shard_stores`. */
export function registerShardRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_recovery', (req) => recovery(node, req));
  router.add('GET', '/{index}/_recovery', (req, p) => recovery(node, req, p.index));
  router.add('GET', '/_segments', (req) => segments(node, req));
  router.add('GET', '/{index}/_segments', (req, p) => segments(node, req, p.index));
  router.add('GET', '/_shard_stores', (req) => shardStores(node, req));
  router.add('GET', '/{index}/_shard_stores', (req, p) => shardStores(node, req, p.index));
}
