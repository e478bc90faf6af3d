import { cpus, release, type as osType } from 'node:os';
import { indexHealth, shardCounts, worst } from '../cluster/health';
import { VERSION } from '../cluster/version';
import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { dataDirOf, nodeIndexSections } from '../nodes/node-identity';
import { readSystemMetrics } from '../nodes/system-metrics';

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
const minMaxAvg = (values: number[]) =>
  values.length ? { min: Math.min(...values), max: Math.max(...values), avg: values.reduce((a, b) => a + b, 0) / values.length } : { min: 0, max: 0, avg: 0 };

function fieldTypes(metas: IndexMeta[]): { name: string; count: number; index_count: number }[] {
  const byType = new Map<string, { count: number; indices: Set<string> }>();
  // Like OpenSearch's MappingVisitor: object properties and multi-fields (`title.keyword`) both count.
  const walk = (props: Record<string, { type?: string; properties?: Record<string, never>; fields?: Record<string, never> }> | undefined, index: string) => {
    for (const f of Object.values(props ?? {})) {
      const type = f.type ?? (f.properties ? 'object' : undefined);
      if (type) {
        const e = byType.get(type) ?? { count: 0, indices: new Set<string>() };
        e.count++;
        e.indices.add(index);
        byType.set(type, e);
      }
      walk(f.properties, index);
      walk(f.fields, index);
    }
  };
  for (const m of metas) walk(m.mappings.properties as never, m.name);
  return [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, e]) => ({ name, count: e.count, index_count: e.indices.size }));
}

function indicesSection(node: ClusterNode, metas: IndexMeta[]): Record<string, unknown> {
  const open = metas.filter((m) => m.state === 'open');
  const s = nodeIndexSections(node, open);
  const c = shardCounts(metas);
  const perIndex = open.map((m) => m.shards.length);
  return {
    count: metas.length,
    shards: {
      total: c.active,
      primaries: c.primaries,
      replication: 0,
      index: { shards: minMaxAvg(perIndex), primaries: minMaxAvg(perIndex), replication: minMaxAvg(perIndex.map(() => 0)) },
    },
    docs: { count: Number(s.docs?.count ?? 0), deleted: Number(s.docs?.deleted ?? 0) },
    store: { size_in_bytes: Number(s.store?.size_in_bytes ?? 0), reserved_in_bytes: 0 },
    fielddata: { memory_size_in_bytes: 0, evictions: 0 },
    query_cache: { memory_size_in_bytes: 0, total_count: 0, hit_count: 0, miss_count: 0, cache_size: 0, cache_count: 0, evictions: 0 },
    completion: { size_in_bytes: 0 },
    segments: {
      count: open.reduce((n, m) => n + m.shards.filter((x) => x.maxSeq >= 0).length, 0),
      memory_in_bytes: 0, terms_memory_in_bytes: 0, stored_fields_memory_in_bytes: 0, term_vectors_memory_in_bytes: 0, norms_memory_in_bytes: 0,
      points_memory_in_bytes: 0, doc_values_memory_in_bytes: 0, index_writer_memory_in_bytes: 0, version_map_memory_in_bytes: 0,
      fixed_bit_set_memory_in_bytes: 0, max_unsafe_auto_id_timestamp: -1, file_sizes: {},
    },
    mappings: { field_types: fieldTypes(metas) },
    analysis: {
      char_filter_types: [], tokenizer_types: [], filter_types: [], analyzer_types: [],
      built_in_char_filters: [], built_in_tokenizers: [], built_in_filters: [], built_in_analyzers: [],
    },
  };
}

function nodesSection(node: ClusterNode): Record<string, unknown> {
  const m = readSystemMetrics(dataDirOf(node));
  const used = m.mem.total - m.mem.free;
  return {
    count: { total: 1, cluster_manager: 1, coordinating_only: 0, data: 1, ingest: 1, master: 1, remote_cluster_client: 1 },
    versions: [VERSION.number],
    os: {
      available_processors: cpus().length, allocated_processors: cpus().length,
      names: [{ name: osType(), count: 1 }], pretty_names: [{ pretty_name: `${osType()} ${release()}`, count: 1 }],
      mem: { total_in_bytes: m.mem.total, free_in_bytes: m.mem.free, used_in_bytes: used, free_percent: pct(m.mem.free, m.mem.total), used_percent: pct(used, m.mem.total) },
    },
    process: {
      cpu: { percent: m.processCpuPercent },
      open_file_descriptors: { min: m.openFds, max: m.openFds, avg: m.openFds },
    },
    jvm: {
      max_uptime_in_millis: m.uptimeMs,
      versions: [{ version: process.versions.node, vm_name: 'V8', vm_version: process.versions.v8, vm_vendor: 'Node.js', bundled_jdk: false, using_bundled_jdk: false, count: 1 }],
      mem: { heap_used_in_bytes: m.heap.used, heap_max_in_bytes: m.heap.max },
      threads: 1,
    },
    fs: { total_in_bytes: m.fs.total, free_in_bytes: m.fs.free, available_in_bytes: m.fs.available, cache_reserved_in_bytes: 0 },
    plugins: [],
    network_types: { transport_types: { ferry: 1 }, http_types: { ferry: 1 } },
    discovery_types: { 'single-node': 1 },
    packaging_types: [{ type: 'tar', count: 1 }],
    ingest: { number_of_pipelines: 0, processor_stats: {} },
  };
}

/** `_cluster/stats`: index-wide figures from the stats counters, node-wide from the real process. */
export function clusterStats(node: ClusterNode, selected: boolean): Record<string, unknown> {
  const metas = node.registry.all();
  return {
    _nodes: { total: selected ? 1 : 0, successful: selected ? 1 : 0, failed: 0 },
    cluster_name: node.clusterName,
    cluster_uuid: node.clusterUuid,
    timestamp: Date.now(),
    status: worst(metas.map(indexHealth)),
    indices: indicesSection(node, selected ? metas : []),
    nodes: selected ? nodesSection(node) : { count: { total: 0, cluster_manager: 0, coordinating_only: 0, data: 0, ingest: 0, master: 0, remote_cluster_client: 0 } },
  };
}
