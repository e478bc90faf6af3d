import { gcDeletesMs } from '../indices/index-meta';
import type { ClusterNode } from './cluster-node';

/**
 * Drops document versions no reader can see: versions superseded at or below the lowest point any
 * reader holds (the shard's refresh point or a pinned context), and tombstones older than `gc_deletes`.
 */
export function runMaintenance(node: ClusterNode, now: number): void {
  for (const meta of node.registry.all()) {
    if (meta.failure) continue;
    try {
      meta.shards.forEach((s, shard) => {
        const pinned = node.contexts.lowestPinned(meta.uuid, shard);
        const below = Math.min(s.refreshed, pinned ?? s.refreshed);
        node.store.collect({ idx: meta.num, shard, below, tombstonesBefore: now - gcDeletesMs(meta) });
      });
    } catch (err) {
      // One index's failure must not stop the others' collection (nor, thrown further, the process).
      node.logger?.warn({ err, index: meta.name }, 'embedded cluster maintenance failed');
    }
  }
}
