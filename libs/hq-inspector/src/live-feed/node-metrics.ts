/** One node's numbers as HQ's live feed sends them (`HQ:elastichq/model/Task.py`); a missing stat is null. */
export type NodeMetrics = Record<string, string | number | null>;

type Json = Record<string, unknown>;

/** The value at a dotted path, or undefined. */
function at(node: Json, path: string): unknown {
  let cur: unknown = node;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

/** The first path that holds a number or a string; null when none does (HQ's jmespath gives None). */
function first(node: Json, ...paths: string[]): string | number | null {
  for (const p of paths) {
    const v = at(node, p);
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  return null;
}

/**
 * HQ's key → where the stat lives in `_nodes/stats`. HQ reads one path per key, some of them ES 2
 * names that newer clusters moved; the later paths are where ES 5+ and OpenSearch keep the same
 * number, so the graphs are not empty there (`os.cpu.percent` before `os.cpu_percent` is HQ's own #456).
 */
const PATHS: Readonly<Record<string, readonly string[]>> = {
  name: ['name'],
  host: ['host'],
  heap_max_in_bytes: ['jvm.mem.heap_max_in_bytes'],
  heap_used_in_bytes: ['jvm.mem.heap_used_in_bytes'],
  docs_count: ['indices.docs.count'],
  docs_deleted: ['indices.docs.deleted'],
  store_size: ['indices.store.size_in_bytes'],
  cpu_percent: ['process.cpu.percent'],
  field_data_cache_in_bytes: ['indices.fielddata.memory_size_in_bytes'],
  index_total: ['indices.indexing.index_total'],
  jvm_gc_old_count: ['jvm.gc.collectors.old.collection_count'],
  jvm_gc_young_count: ['jvm.gc.collectors.young.collection_count'],
  jvm_threads_count: ['jvm.threads.count'],
  transport_rx_count: ['transport.rx_count'],
  transport_rx_size_in_bytes: ['transport.rx_size_in_bytes'],
  transport_tx_count: ['transport.tx_count'],
  transport_tx_size_in_bytes: ['transport.tx_size_in_bytes'],
  http_current_open: ['http.current_open'],
  http_total_opened: ['http.total_opened'],
  os_load_average: ['os.load_average', 'os.cpu.load_average.1m'],
  os_cpu_percent: ['os.cpu.percent', 'os.cpu_percent'],
  os_mem_free_in_bytes: ['os.mem.free_in_bytes'],
  os_mem_used_in_bytes: ['os.mem.used_in_bytes'],
  os_swap_free_in_bytes: ['os.swap.free_in_bytes'],
  os_swap_used_in_bytes: ['os.swap.used_in_bytes'],
  process_open_file_descriptors: ['process.open_file_descriptors'],
  tp_bulk_completed: ['thread_pool.bulk.completed', 'thread_pool.write.completed'],
  tp_bulk_queue: ['thread_pool.bulk.queue', 'thread_pool.write.queue'],
  tp_get_completed: ['thread_pool.get.completed'],
  tp_get_queue: ['thread_pool.get.queue'],
  tp_index_completed: ['thread_pool.index.completed', 'thread_pool.write.completed'],
  tp_index_queue: ['thread_pool.index.queue', 'thread_pool.write.queue'],
  tp_search_completed: ['thread_pool.search.completed'],
  tp_search_queue: ['thread_pool.search.queue'],
  indexing_total: ['indices.indexing.index_total'],
  indexing_failed: ['indices.indexing.index_failed'],
  delete_total: ['indices.indexing.delete_total'],
  get_total: ['indices.get.total'],
  fetch_total: ['indices.search.fetch_total'],
  exists_total: ['indices.get.exists_total'],
  missing_total: ['indices.get.missing_total'],
  query_total: ['indices.search.query_total'],
  scroll_total: ['indices.search.scroll_total'],
  cache_fd_evictions: ['indices.fielddata.evictions'],
  cache_fd_memory_size_in_bytes: ['indices.fielddata.memory_size_in_bytes'],
  cache_qc_hit_count: ['indices.query_cache.hit_count'],
  cache_qc_memory_size_in_bytes: ['indices.query_cache.memory_size_in_bytes'],
  cache_qc_miss_count: ['indices.query_cache.miss_count'],
  cache_qc_cache_size: ['indices.query_cache.cache_size'],
  cache_qc_cache_count: ['indices.query_cache.cache_count'],
  cache_qc_evictions: ['indices.query_cache.evictions'],
};

/** One node of `_nodes/stats` in HQ's feed shape. */
export function nodeMetrics(nodeId: string, node: Json): NodeMetrics {
  const out: NodeMetrics = { node_id: nodeId };
  for (const [key, paths] of Object.entries(PATHS)) out[key] = first(node, ...paths);
  // HQ reads the first data path only, and counts a missing one as 0.
  const available = Number(first(node, 'fs.data.0.available_in_bytes') ?? 0);
  const total = Number(first(node, 'fs.data.0.total_in_bytes') ?? 0);
  out.fs_used_in_bytes = total - available;
  out.fs_free_in_bytes = available;
  return out;
}

/** Every node of a `_nodes/stats` answer, in the cluster's order. */
export function nodesMetrics(stats: { nodes?: Record<string, Json> }): NodeMetrics[] {
  return Object.entries(stats.nodes ?? {}).map(([id, node]) => nodeMetrics(id, node));
}
