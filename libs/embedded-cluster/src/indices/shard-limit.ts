import { AppError } from '@ferry/core';
import type { IndexMeta } from './index-meta';

/** OpenSearch's default `cluster.max_shards_per_node`; with one data node it is the whole cluster's limit. */
export const DEFAULT_MAX_SHARDS_PER_NODE = 1000;

/** Shard copies (primaries and replicas) settings ask for, as OpenSearch's `ShardLimitValidator` counts them. */
export function shardCopies(settings: Record<string, unknown>): number {
  const shards = Number(settings['index.number_of_shards'] ?? 1);
  const replicas = Number(settings['index.number_of_replicas'] ?? 1);
  return shards * (1 + replicas);
}

/** Options of {@link checkShardLimit}. */
export interface ShardLimitCheck {
  /** The indices now in the cluster. */
  indices: IndexMeta[];
  /** Copies the operation adds to open indices. */
  adding: number;
  /** `cluster.max_shards_per_node` times the data nodes (one). */
  max: number;
}

/**
 * Refuses an operation that would take the open shard copies past the limit, with OpenSearch's
 * `validation_exception`; this also bounds replica counts, whose copies a single node lists one by one.
 */
export function checkShardLimit(check: ShardLimitCheck): void {
  if (check.adding <= 0) return;
  const current = check.indices.filter((m) => m.state === 'open').reduce((n, m) => n + m.shards.length * (1 + Number(m.settings['index.number_of_replicas'] ?? 1)), 0);
  if (current + check.adding > check.max) {
    throw new AppError(400, `Validation Failed: 1: this action would add [${check.adding}] total shards, but this cluster currently has [${current}]/[${check.max}] maximum shards open;`, {
      type: 'validation_exception',
    });
  }
}
