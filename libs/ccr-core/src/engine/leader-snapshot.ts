import type { ReadStrategy } from '../rest/leader-family';
import { seg, type Rest } from '../rest/rest';
import { PointInTime, type ShardSearch } from './shard-reader';

/**
 * The live leader index, for leaders without point-in-time (OpenSearch 1.x, Elasticsearch < 7.10).
 * Callers page in `_seq_no` order (`range: {_seq_no: {gt: last}}` or `search_after`): within a shard
 * `_seq_no` is unique, so it orders every document without an `_id` tiebreak (which clusters refuse
 * to sort on). Nothing is frozen: a document updated during a scan moves to a higher `_seq_no`, where
 * the scan or the next sync window finds it.
 */
export class LiveIndex implements ShardSearch {
  constructor(
    private readonly rest: Rest,
    private readonly index: string,
  ) {}

  async search(shard: number, body: Record<string, unknown>): Promise<any> {
    return this.rest.json({ method: 'POST', path: `/${seg(this.index)}/_search`, query: { preference: `_shards:${shard}` }, body });
  }

  async close(): Promise<void> {
    // Nothing was opened.
  }
}

/** Opens what the strategy reads the leader through: a PIT in the family's spelling, or the live index. */
export async function openLeaderSnapshot(opts: { rest: Rest; index: string; keepAlive: string; strategy: ReadStrategy }): Promise<ShardSearch> {
  const { rest, index, keepAlive } = opts;
  if (opts.strategy === 'seq-no-scan') return new LiveIndex(rest, index);
  return PointInTime.open({ rest, index, keepAlive, flavor: opts.strategy === 'elasticsearch-pit' ? 'elasticsearch' : 'opensearch' });
}
