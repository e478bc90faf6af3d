import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';

/** Numeric stats sections of one shard, as `_stats` reports them. */
export type StatsSections = Record<string, Record<string, number | boolean>>;

const countCache = new WeakMap<IndexMeta, Map<number, { point: number; live: number; deleted: number }>>();

/** Live and deleted document counts of a shard at its refresh point, cached until the next refresh. */
export function docCounts(node: ClusterNode, meta: IndexMeta, shard: number): { live: number; deleted: number } {
  let perShard = countCache.get(meta);
  if (!perShard) countCache.set(meta, (perShard = new Map()));
  const point = meta.shards[shard].refreshed;
  const hit = perShard.get(shard);
  if (hit && hit.point === point) return hit;
  const live = node.store.count(meta.num, shard, point);
  const deleted = node.store.deletedRows(meta.num, shard);
  perShard.set(shard, { point, live, deleted });
  return { live, deleted };
}

/** The stats sections of one shard. */
export function shardSections(node: ClusterNode, meta: IndexMeta, shard: number): StatsSections {
  const s = meta.shards[shard];
  const { live, deleted } = meta.state === 'open' ? docCounts(node, meta, shard) : { live: 0, deleted: 0 };
  return {
    docs: { count: live, deleted },
    store: { size_in_bytes: s.bytes, reserved_in_bytes: 0 },
    indexing: {
      index_total: s.indexTotal, index_time_in_millis: 0, index_current: 0, index_failed: 0,
      delete_total: s.deleteTotal, delete_time_in_millis: 0, delete_current: 0,
      noop_update_total: 0, is_throttled: false, throttle_time_in_millis: 0,
    },
    get: { total: s.getTotal, time_in_millis: 0, exists_total: s.getTotal, exists_time_in_millis: 0, missing_total: 0, missing_time_in_millis: 0, current: 0 },
    search: {
      open_contexts: 0, query_total: s.queryTotal, query_time_in_millis: 0, query_current: 0,
      fetch_total: s.queryTotal, fetch_time_in_millis: 0, fetch_current: 0,
      scroll_total: 0, scroll_time_in_millis: 0, scroll_current: 0,
      suggest_total: 0, suggest_time_in_millis: 0, suggest_current: 0,
    },
    merges: {
      current: 0, current_docs: 0, current_size_in_bytes: 0, total: 0, total_time_in_millis: 0, total_docs: 0,
      total_size_in_bytes: 0, total_stopped_time_in_millis: 0, total_throttled_time_in_millis: 0, total_auto_throttle_in_bytes: 20971520,
    },
    refresh: { total: s.refreshTotal, total_time_in_millis: 0, external_total: s.refreshTotal, external_total_time_in_millis: 0, listeners: 0 },
    flush: { total: s.flushTotal, periodic: 0, total_time_in_millis: 0 },
  };
}

/** Adds `b` into `a` section by section (booleans are or-ed). */
export function addSections(a: StatsSections, b: StatsSections): StatsSections {
  for (const [section, values] of Object.entries(b)) {
    const target = (a[section] ??= {});
    for (const [k, v] of Object.entries(values)) {
      target[k] = typeof v === 'boolean' ? Boolean(target[k]) || v : ((target[k] as number | undefined) ?? 0) + v;
    }
  }
  return a;
}

/** Keeps only the requested metrics (`docs,indexing`...) of stats sections. */
export function pickMetrics(s: StatsSections, metrics?: Set<string>): StatsSections {
  if (!metrics || metrics.has('_all')) return s;
  return Object.fromEntries(Object.entries(s).filter(([k]) => metrics.has(k)));
}
