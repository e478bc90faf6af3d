import { VERSION } from '../cluster/version';
import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_IP, TRANSPORT_ADDRESS } from '../nodes/node-identity';
import { docCounts } from '../stats/shard-stats';

/** How a primary shard came to be on this node, as OpenSearch's recovery source types name it. */
export type RecoveryType = 'EMPTY_STORE' | 'EXISTING_STORE';

/** The (only) recovery of one primary shard: done, started when the index was created or the node opened it. */
export interface ShardRecoveryFacts {
  index: string;
  shard: number;
  type: RecoveryType;
  startMs: number;
  stopMs: number;
  /** Bytes of the shard's rows in the store; an existing store is fully reused, an empty one has none. */
  bytes: number;
  /** One "file" per non-empty shard: the SQLite rows stand for Lucene's files. */
  files: number;
}

/**
 * A shard recovers once: from an empty store when its index is created while the node runs, otherwise from
 * the existing store (the SQLite database) when the node starts. Both finish before the node answers for the
 * shard, so every recovery is `DONE` and takes no time the node could measure.
 */
export function shardRecovery(node: ClusterNode, meta: IndexMeta, shard: number): ShardRecoveryFacts {
  const fresh = meta.created >= node.startedAt;
  const startMs = fresh ? meta.created : node.startedAt;
  const bytes = fresh ? 0 : meta.shards[shard].bytes;
  return { index: meta.name, shard, type: fresh ? 'EMPTY_STORE' : 'EXISTING_STORE', startMs, stopMs: startMs, bytes, files: bytes > 0 ? 1 : 0 };
}

/** One shard's documents seen as a single segment. */
export interface SegmentFacts {
  /** `_<generation>` as Lucene names segments (generation in base 36). */
  name: string;
  generation: number;
  docs: number;
  deleted: number;
  bytes: number;
}

/**
 * The segments of a shard. SQLite has no Lucene segments: the shard's rows are one segment whose generation
 * is the shard's refresh count (each refresh makes new rows searchable, as a new Lucene segment would). An
 * empty shard has none.
 */
export function shardSegments(node: ClusterNode, meta: IndexMeta, shard: number): SegmentFacts[] {
  const st = meta.shards[shard];
  if (meta.state !== 'open' || st.maxSeq < 0) return [];
  const { live, deleted } = docCounts(node, meta, shard);
  const generation = st.refreshTotal;
  return [{ name: `_${generation.toString(36)}`, generation, docs: live, deleted, bytes: st.bytes }];
}

/** The Lucene version segments report. */
export const SEGMENT_VERSION = VERSION.lucene_version;

/** The node as recovery and store listings describe it. */
export function nodeOrigin(node: ClusterNode): { id: string; host: string; transport_address: string; ip: string; name: string } {
  return { id: node.nodeId, host: NODE_IP, transport_address: TRANSPORT_ADDRESS, ip: NODE_IP, name: node.clusterName };
}
