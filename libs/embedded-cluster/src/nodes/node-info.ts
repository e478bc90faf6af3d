import { arch, cpus, release, type as osType } from 'node:os';
import { VERSION } from '../cluster/version';
import type { ClusterNode } from '../node/cluster-node';
import { dataDirOf, HTTP_ADDRESS, NODE_IP, NODE_ROLES, threadPools, TRANSPORT_ADDRESS } from './node-identity';
import { readSystemMetrics } from './system-metrics';

/** `_nodes/<metric>` names of the node info API (`indices` is accepted and, as its schema has no place for it, shows nothing). */
export const INFO_METRICS = ['settings', 'os', 'process', 'jvm', 'thread_pool', 'transport', 'http', 'plugins', 'ingest', 'aggregations', 'indices'];

/** One node's entry of `GET _nodes`, with the requested info metrics. */
export function nodeInfo(node: ClusterNode, metrics: Set<string>): Record<string, unknown> {
  const m = readSystemMetrics(dataDirOf(node));
  const out: Record<string, unknown> = {
    name: node.clusterName,
    transport_address: TRANSPORT_ADDRESS,
    host: NODE_IP,
    ip: NODE_IP,
    version: VERSION.number,
    build_type: VERSION.build_type,
    build_hash: VERSION.build_hash,
    total_indexing_buffer: Math.floor(m.heap.max / 10),
    roles: NODE_ROLES,
    attributes: { shard_indexing_pressure_enabled: 'true' },
  };
  if (metrics.has('settings')) {
    out.settings = {
      cluster: { name: node.clusterName },
      node: { name: node.clusterName, attr: { shard_indexing_pressure_enabled: 'true' } },
      path: { data: [dataDirOf(node)], home: dataDirOf(node), logs: dataDirOf(node) },
      http: { type: 'ferry' },
      transport: { type: 'ferry' },
      client: { type: 'node' },
    };
  }
  if (metrics.has('os')) {
    out.os = { refresh_interval_in_millis: 1000, name: osType(), pretty_name: `${osType()} ${release()}`, arch: arch(), version: release(), available_processors: cpus().length, allocated_processors: cpus().length };
  }
  if (metrics.has('process')) out.process = { refresh_interval_in_millis: 1000, id: process.pid, mlockall: false };
  if (metrics.has('jvm')) {
    out.jvm = {
      pid: process.pid,
      version: process.versions.node,
      vm_name: 'V8',
      vm_version: process.versions.v8,
      vm_vendor: 'Node.js',
      start_time_in_millis: node.startedAt,
      mem: { heap_init_in_bytes: m.heap.committed, heap_max_in_bytes: m.heap.max, non_heap_init_in_bytes: 0, non_heap_max_in_bytes: 0, direct_max_in_bytes: 0 },
      gc_collectors: ['young', 'old'],
      memory_pools: [],
      using_compressed_ordinary_object_pointers: 'true',
      input_arguments: process.execArgv,
      bundled_jdk: false,
      using_bundled_jdk: null,
    };
  }
  if (metrics.has('thread_pool')) {
    out.thread_pool = Object.fromEntries(
      threadPools(node).map((p) => [p.name, p.type === 'scaling' ? { type: p.type, core: 1, max: p.size, keep_alive: '5m', queue_size: p.queueSize } : { type: p.type, size: p.size, queue_size: p.queueSize }]),
    );
  }
  if (metrics.has('transport')) out.transport = { bound_address: [TRANSPORT_ADDRESS], publish_address: TRANSPORT_ADDRESS, profiles: {} };
  if (metrics.has('http')) out.http = { bound_address: [HTTP_ADDRESS], publish_address: HTTP_ADDRESS, max_content_length_in_bytes: 104857600 };
  if (metrics.has('plugins')) {
    out.plugins = [];
    out.modules = [];
  }
  if (metrics.has('ingest')) out.ingest = { processors: [] };
  if (metrics.has('aggregations')) out.aggregations = {};
  return out;
}
