import { illegalArgument } from '../http/errors';
import type { ClusterNode } from '../node/cluster-node';
import { pickMetrics } from '../stats/shard-stats';
import { dataDirOf, NODE_IP, NODE_ROLES, nodeIndexSections, threadPools, TRANSPORT_ADDRESS } from './node-identity';
import { gcCounters, httpConnections, readSystemMetrics, type SystemMetrics } from './system-metrics';

/** `_nodes/stats/<metric>` names; `breaker` answers under the `breakers` key as in OpenSearch. */
export const STATS_METRICS = ['indices', 'os', 'process', 'jvm', 'thread_pool', 'fs', 'transport', 'http', 'breaker', 'script', 'discovery', 'ingest', 'adaptive_selection'];

/**
 * Metrics OpenSearch 3.x accepts whose subsystems the node does not have (no backpressure, caches, remote
 * stores, weighted routing...): accepted so requests naming them succeed, answered without a section.
 */
export const ABSENT_STATS_METRICS = [
  'admission_control', 'caches', 'cluster_manager_throttling', 'file_cache', 'indexing_pressure', 'repositories', 'resource_usage_stats',
  'script_cache', 'search_backpressure', 'search_pipeline', 'segment_replication_backpressure', 'shard_indexing_pressure',
  'task_cancellation', 'weighted_routing',
];

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

function osSection(m: SystemMetrics): Record<string, unknown> {
  const used = m.mem.total - m.mem.free;
  return {
    timestamp: m.timestamp,
    cpu: { percent: m.osCpuPercent, load_average: { '1m': m.load[0], '5m': m.load[1], '15m': m.load[2] } },
    mem: { total_in_bytes: m.mem.total, free_in_bytes: m.mem.free, used_in_bytes: used, free_percent: pct(m.mem.free, m.mem.total), used_percent: pct(used, m.mem.total) },
    swap: { total_in_bytes: m.swap.total, free_in_bytes: m.swap.free, used_in_bytes: m.swap.total - m.swap.free },
  };
}

function jvmSection(m: SystemMetrics): Record<string, unknown> {
  const gc = (g: { count: number; millis: number }) => ({ collection_count: g.count, collection_time_in_millis: Math.round(g.millis) });
  return {
    timestamp: m.timestamp,
    uptime_in_millis: m.uptimeMs,
    mem: {
      heap_used_in_bytes: m.heap.used,
      heap_used_percent: pct(m.heap.used, m.heap.max),
      heap_committed_in_bytes: m.heap.committed,
      heap_max_in_bytes: m.heap.max,
      non_heap_used_in_bytes: m.heap.nonHeapUsed,
      non_heap_committed_in_bytes: m.heap.nonHeapCommitted,
      pools: {},
    },
    threads: { count: 1, peak_count: 1 },
    gc: { collectors: { young: gc(gcCounters.young), old: gc(gcCounters.old) } },
    buffer_pools: {},
    classes: { current_loaded_count: 0, total_loaded_count: 0, total_unloaded_count: 0 },
  };
}

function fsSection(m: SystemMetrics): Record<string, unknown> {
  const entry = { total_in_bytes: m.fs.total, free_in_bytes: m.fs.free, available_in_bytes: m.fs.available };
  return {
    timestamp: m.timestamp,
    total: { ...entry, cache_reserved_in_bytes: 0 },
    data: [{ path: m.fs.path, mount: m.fs.mount, type: m.fs.type, ...entry, cache_reserved_in_bytes: 0 }],
  };
}

function breakers(m: SystemMetrics): Record<string, unknown> {
  const limits: Record<string, [number, number]> = {
    request: [0.6, 1],
    fielddata: [0.4, 1.03],
    in_flight_requests: [1, 2],
    accounting: [1, 1],
    parent: [0.95, 1],
  };
  return Object.fromEntries(
    Object.entries(limits).map(([name, [share, overhead]]) => [
      name,
      { limit_size_in_bytes: Math.floor(m.heap.max * share), estimated_size_in_bytes: name === 'parent' ? m.heap.used : 0, overhead, tripped: 0 },
    ]),
  );
}

function threadPoolSection(node: ClusterNode): Record<string, unknown> {
  return Object.fromEntries(
    threadPools(node).map((p) => [p.name, { threads: p.size, queue: 0, active: 0, rejected: 0, largest: p.size, completed: p.completed, total_wait_time_in_nanos: 0 }]),
  );
}

/** Parses a `metric` path part against the known ones (`_all` keeps everything). */
export function parseMetrics(raw: string | undefined, known: string[]): Set<string> {
  if (!raw || raw === '_all') return new Set(known);
  const wanted = raw.split(',').map((s) => s.trim());
  for (const w of wanted) {
    if (!known.includes(w) && w !== '_all') throw illegalArgument(`request [_nodes/stats] contains unrecognized metric: [${w}]`);
  }
  return wanted.includes('_all') ? new Set(known) : new Set(wanted);
}

/** One node's entry of `_nodes/stats`, with the requested metrics (and index metrics) only. */
export function nodeStats(node: ClusterNode, metrics: Set<string>, indexMetrics?: Set<string>): Record<string, unknown> {
  const m = readSystemMetrics(dataDirOf(node));
  const out: Record<string, unknown> = {
    timestamp: m.timestamp,
    name: node.clusterName,
    transport_address: TRANSPORT_ADDRESS,
    host: NODE_IP,
    ip: TRANSPORT_ADDRESS,
    roles: NODE_ROLES,
    attributes: { shard_indexing_pressure_enabled: 'true' },
  };
  if (metrics.has('indices')) out.indices = pickMetrics(nodeIndexSections(node), indexMetrics);
  if (metrics.has('os')) out.os = osSection(m);
  if (metrics.has('process')) {
    out.process = {
      timestamp: m.timestamp,
      open_file_descriptors: m.openFds,
      max_file_descriptors: m.maxFds,
      cpu: { percent: m.processCpuPercent, total_in_millis: m.processCpuMillis },
      mem: { total_virtual_in_bytes: m.virtual },
    };
  }
  if (metrics.has('jvm')) out.jvm = jvmSection(m);
  if (metrics.has('thread_pool')) out.thread_pool = threadPoolSection(node);
  if (metrics.has('fs')) out.fs = fsSection(m);
  if (metrics.has('transport')) out.transport = { server_open: 0, total_outbound_connections: 0, rx_count: 0, rx_size_in_bytes: 0, tx_count: 0, tx_size_in_bytes: 0 };
  if (metrics.has('http')) out.http = { current_open: Math.max(0, httpConnections.currentOpen), total_opened: httpConnections.totalOpened };
  if (metrics.has('breaker')) out.breakers = breakers(m);
  if (metrics.has('script')) out.script = { compilations: 0, cache_evictions: 0, compilation_limit_triggered: 0 };
  if (metrics.has('discovery')) out.discovery = { cluster_state_queue: { total: 0, pending: 0, committed: 0 } };
  // Adaptive replica selection ranks other nodes' copies; a single node never selects among any.
  if (metrics.has('adaptive_selection')) out.adaptive_selection = {};
  if (metrics.has('ingest')) out.ingest = { total: { count: 0, time_in_millis: 0, current: 0, failed: 0 }, pipelines: {} };
  return out;
}
