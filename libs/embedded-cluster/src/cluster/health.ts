import type { IndexMeta } from '../indices/index-meta';
import { replicaCount } from '../indices/index-meta';

/**
 * Health of an index on a single node: replicas can never be assigned, so any replica makes it yellow;
 * an index background work had to give up on (bad stored settings, a failed refresh) is red.
 */
export function indexHealth(meta: IndexMeta): 'green' | 'yellow' | 'red' {
  if (meta.failure) return 'red';
  if (meta.state === 'close') return 'green';
  return replicaCount(meta) > 0 ? 'yellow' : 'green';
}

/** Shard counts of a set of indices. */
export function shardCounts(metas: IndexMeta[]): { primaries: number; active: number; unassigned: number } {
  let primaries = 0;
  let unassigned = 0;
  for (const m of metas) {
    if (m.state === 'close') continue;
    primaries += m.shards.length;
    unassigned += m.shards.length * replicaCount(m);
  }
  return { primaries, active: primaries, unassigned };
}

/** Worst of several statuses. */
export function worst(statuses: string[]): 'green' | 'yellow' | 'red' {
  if (statuses.includes('red')) return 'red';
  if (statuses.includes('yellow')) return 'yellow';
  return 'green';
}
