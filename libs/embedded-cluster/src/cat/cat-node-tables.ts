import { indexHealth, shardCounts, worst } from '../cluster/health';
import { VERSION } from '../cluster/version';
import type { ClusterNode } from '../node/cluster-node';
import { dataDirOf, NODE_IP, nodeIndexSections, threadPools } from '../nodes/node-identity';
import { readSystemMetrics } from '../nodes/system-metrics';
import type { CatColumn, CatRow } from './cat-table';
import type { WildcardMatcher } from '../indices/wildcard';

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
const epochCols = (): CatColumn[] => [
  { name: 'epoch', aliases: ['t', 'time'], desc: 'seconds since 1970-01-01 00:00:00', kind: 'number' },
  { name: 'timestamp', aliases: ['ts', 'hms', 'hhmmss'], desc: 'time in HH:MM:SS' },
];
const epochRow = (now = new Date()): CatRow => ({ epoch: Math.floor(now.getTime() / 1000), timestamp: now.toISOString().slice(11, 19) });

/** `_cat/health` columns. */
export const HEALTH_COLUMNS: CatColumn[] = [
  ...epochCols(),
  { name: 'cluster', aliases: ['cl'], desc: 'cluster name' },
  { name: 'status', aliases: ['st'], desc: 'health status' },
  { name: 'node.total', aliases: ['nt', 'nodeTotal'], desc: 'total number of nodes', kind: 'number' },
  { name: 'node.data', aliases: ['nd', 'nodeData'], desc: 'number of nodes that can store data', kind: 'number' },
  { name: 'discovered_master', aliases: ['dm'], desc: 'cluster manager is discovered or not', default: false },
  { name: 'discovered_cluster_manager', aliases: ['dcm'], desc: 'cluster manager is discovered or not' },
  { name: 'shards', aliases: ['t', 'sh', 'shards.total', 'shardsTotal'], desc: 'total number of shards', kind: 'number' },
  { name: 'pri', aliases: ['p', 'shards.primary', 'shardsPrimary'], desc: 'number of primary shards', kind: 'number' },
  { name: 'relo', aliases: ['r', 'shards.relocating', 'shardsRelocating'], desc: 'number of relocating nodes', kind: 'number' },
  { name: 'init', aliases: ['i', 'shards.initializing', 'shardsInitializing'], desc: 'number of initializing nodes', kind: 'number' },
  { name: 'unassign', aliases: ['u', 'shards.unassigned', 'shardsUnassigned'], desc: 'number of unassigned shards', kind: 'number' },
  { name: 'pending_tasks', aliases: ['pt', 'pendingTasks'], desc: 'number of pending tasks', kind: 'number' },
  { name: 'max_task_wait_time', aliases: ['mtwt', 'maxTaskWaitTime'], desc: 'wait time of longest task pending' },
  { name: 'active_shards_percent', aliases: ['asp', 'activeShardsPercent'], desc: 'active number of shards in percent', kind: 'number' },
];

/** The single `_cat/health` row. */
export function healthRows(node: ClusterNode): CatRow[] {
  const metas = node.registry.all();
  const c = shardCounts(metas);
  const total = c.active + c.unassigned;
  return [{
    ...epochRow(),
    cluster: node.clusterName,
    status: worst(metas.map(indexHealth)),
    'node.total': 1, 'node.data': 1, discovered_master: 'true', discovered_cluster_manager: 'true',
    shards: c.active, pri: c.primaries, relo: 0, init: 0, unassign: c.unassigned, pending_tasks: 0, max_task_wait_time: '-',
    active_shards_percent: `${(total === 0 ? 100 : (c.active / total) * 100).toFixed(1)}%`,
  }];
}

/** `_cat/count` columns. */
export const COUNT_COLUMNS: CatColumn[] = [...epochCols(), { name: 'count', aliases: ['dc', 'docs.count', 'docsCount'], desc: 'the document count', kind: 'number' }];

/** The single `_cat/count` row. */
export function countRows(count: number): CatRow[] {
  return [{ ...epochRow(), count }];
}

/** `_cat/nodes` columns. */
export const NODES_COLUMNS: CatColumn[] = [
  { name: 'id', aliases: ['nodeId'], desc: 'unique node id', default: false },
  { name: 'pid', aliases: ['p'], desc: 'process id', default: false, kind: 'number' },
  { name: 'ip', aliases: ['i'], desc: 'ip address' },
  { name: 'port', aliases: ['po'], desc: 'bound transport port', default: false, kind: 'number' },
  { name: 'version', aliases: ['v'], desc: 'os version', default: false },
  { name: 'heap.current', aliases: ['hc', 'heapCurrent'], desc: 'used heap', default: false, kind: 'bytes' },
  { name: 'heap.percent', aliases: ['hp', 'heapPercent'], desc: 'used heap ratio', kind: 'number' },
  { name: 'heap.max', aliases: ['hm', 'heapMax'], desc: 'max configured heap', default: false, kind: 'bytes' },
  { name: 'ram.current', aliases: ['rc', 'ramCurrent'], desc: 'used machine memory', default: false, kind: 'bytes' },
  { name: 'ram.percent', aliases: ['rp', 'ramPercent'], desc: 'used machine memory ratio', kind: 'number' },
  { name: 'ram.max', aliases: ['rm', 'ramMax'], desc: 'total machine memory', default: false, kind: 'bytes' },
  { name: 'file_desc.current', aliases: ['fdc', 'fileDescriptorCurrent'], desc: 'used file descriptors', default: false, kind: 'number' },
  { name: 'file_desc.percent', aliases: ['fdp', 'fileDescriptorPercent'], desc: 'used file descriptor ratio', default: false, kind: 'number' },
  { name: 'file_desc.max', aliases: ['fdm', 'fileDescriptorMax'], desc: 'max file descriptors', default: false, kind: 'number' },
  { name: 'cpu', desc: 'recent cpu usage', kind: 'number' },
  { name: 'load_1m', aliases: ['l'], desc: '1m load avg' },
  { name: 'load_5m', aliases: ['l'], desc: '5m load avg' },
  { name: 'load_15m', aliases: ['l'], desc: '15m load avg' },
  { name: 'uptime', aliases: ['u'], desc: 'node uptime', default: false, kind: 'millis' },
  { name: 'disk.total', aliases: ['dt', 'diskTotal'], desc: 'total disk space', default: false, kind: 'bytes' },
  { name: 'disk.used', aliases: ['du', 'diskUsed'], desc: 'used disk space', default: false, kind: 'bytes' },
  { name: 'disk.avail', aliases: ['d', 'da', 'disk', 'diskAvail'], desc: 'available disk space', default: false, kind: 'bytes' },
  { name: 'disk.used_percent', aliases: ['dup', 'diskUsedPercent'], desc: 'used disk space percentage', default: false },
  { name: 'node.role', aliases: ['r', 'role', 'nodeRole'], desc: 'm:master eligible node, d:data node, i:ingest node, -:coordinating node only' },
  { name: 'node.roles', aliases: ['rs', 'all roles'], desc: 'node roles' },
  { name: 'cluster_manager', aliases: ['cm', 'm'], desc: '*:current cluster manager' },
  { name: 'name', aliases: ['n'], desc: 'node name' },
  { name: 'indexing.index_total', aliases: ['iito'], desc: 'number of indexing ops', default: false, kind: 'number' },
  { name: 'search.query_total', aliases: ['sqto'], desc: 'total query phase ops', default: false, kind: 'number' },
];

/** The single `_cat/nodes` row, from real process and machine figures. */
export function nodesRows(node: ClusterNode): CatRow[] {
  const m = readSystemMetrics(dataDirOf(node));
  const s = nodeIndexSections(node);
  const used = m.mem.total - m.mem.free;
  const diskUsed = m.fs.total - m.fs.available;
  return [{
    id: node.nodeId.slice(0, 4), pid: process.pid, ip: NODE_IP, port: 9300, version: VERSION.number,
    'heap.current': m.heap.used, 'heap.percent': pct(m.heap.used, m.heap.max), 'heap.max': m.heap.max,
    'ram.current': used, 'ram.percent': pct(used, m.mem.total), 'ram.max': m.mem.total,
    'file_desc.current': m.openFds, 'file_desc.percent': pct(m.openFds, m.maxFds), 'file_desc.max': m.maxFds,
    cpu: m.processCpuPercent, load_1m: m.load[0].toFixed(2), load_5m: m.load[1].toFixed(2), load_15m: m.load[2].toFixed(2),
    uptime: m.uptimeMs, 'disk.total': m.fs.total, 'disk.used': diskUsed, 'disk.avail': m.fs.available,
    'disk.used_percent': m.fs.total ? ((diskUsed / m.fs.total) * 100).toFixed(2) : null,
    'node.role': 'dimr', 'node.roles': 'cluster_manager,data,ingest,remote_cluster_client', cluster_manager: '*', name: node.clusterName,
    'indexing.index_total': Number(s.indexing?.index_total ?? 0), 'search.query_total': Number(s.search?.query_total ?? 0),
  }];
}

/** `_cat/allocation` columns. */
export const ALLOCATION_COLUMNS: CatColumn[] = [
  { name: 'shards', aliases: ['s'], desc: 'number of shards on node', kind: 'number' },
  { name: 'disk.indices', aliases: ['di', 'diskIndices'], desc: 'disk used by OpenSearch indices', kind: 'bytes' },
  { name: 'disk.used', aliases: ['du', 'diskUsed'], desc: 'disk used (total, not just OpenSearch)', kind: 'bytes' },
  { name: 'disk.avail', aliases: ['da', 'diskAvail'], desc: 'disk available', kind: 'bytes' },
  { name: 'disk.total', aliases: ['dt', 'diskTotal'], desc: 'total capacity of all volumes', kind: 'bytes' },
  { name: 'disk.percent', aliases: ['dp', 'diskPercent'], desc: 'percent disk used', kind: 'number' },
  { name: 'host', aliases: ['h'], desc: 'host of node' },
  { name: 'ip', desc: 'ip of node' },
  { name: 'node', aliases: ['n'], desc: 'name of node' },
];

/** The node's row plus an `UNASSIGNED` row when replicas wait for a node, as OpenSearch prints it. */
export function allocationRows(node: ClusterNode): CatRow[] {
  const m = readSystemMetrics(dataDirOf(node));
  const c = shardCounts(node.registry.all());
  const used = m.fs.total - m.fs.available;
  const s = nodeIndexSections(node);
  const rows: CatRow[] = [{
    shards: c.active, 'disk.indices': Number(s.store?.size_in_bytes ?? 0), 'disk.used': used, 'disk.avail': m.fs.available,
    'disk.total': m.fs.total, 'disk.percent': m.fs.total ? Math.round((used / m.fs.total) * 100) : null, host: NODE_IP, ip: NODE_IP, node: node.clusterName,
  }];
  if (c.unassigned > 0) rows.push({ shards: c.unassigned, node: 'UNASSIGNED' });
  return rows;
}

/** `_cat/cluster_manager` (and `_cat/master`) columns. */
export const MANAGER_COLUMNS: CatColumn[] = [
  { name: 'id', desc: 'node id' },
  { name: 'host', aliases: ['h'], desc: 'host name' },
  { name: 'ip', desc: 'ip address' },
  { name: 'node', aliases: ['n'], desc: 'node name' },
];

/** The single node is always the elected cluster manager. */
export function managerRows(node: ClusterNode): CatRow[] {
  return [{ id: node.nodeId, host: NODE_IP, ip: NODE_IP, node: node.clusterName }];
}

/** `_cat/thread_pool` columns. */
export const THREAD_POOL_COLUMNS: CatColumn[] = [
  { name: 'node_name', aliases: ['nn'], desc: 'node name' },
  { name: 'node_id', aliases: ['id'], desc: 'persistent node id', default: false },
  { name: 'ephemeral_node_id', aliases: ['eid'], desc: 'ephemeral node id', default: false },
  { name: 'pid', aliases: ['p'], desc: 'process id', default: false, kind: 'number' },
  { name: 'host', aliases: ['h'], desc: 'host name', default: false },
  { name: 'ip', aliases: ['i'], desc: 'ip address', default: false },
  { name: 'port', aliases: ['po'], desc: 'bound transport port', default: false, kind: 'number' },
  { name: 'name', aliases: ['n'], desc: 'thread pool name' },
  { name: 'type', aliases: ['t'], desc: 'thread pool type', default: false },
  { name: 'active', aliases: ['a'], desc: 'number of active threads', kind: 'number' },
  { name: 'pool_size', aliases: ['psz'], desc: 'number of threads', default: false, kind: 'number' },
  { name: 'queue', aliases: ['q'], desc: 'number of tasks currently in queue', kind: 'number' },
  { name: 'queue_size', aliases: ['qs'], desc: 'maximum number of tasks permitted in queue', default: false, kind: 'number' },
  { name: 'rejected', aliases: ['r'], desc: 'number of rejected tasks', kind: 'number' },
  { name: 'largest', aliases: ['l'], desc: 'highest number of seen active threads', default: false, kind: 'number' },
  { name: 'completed', aliases: ['c'], desc: 'number of completed tasks', default: false, kind: 'number' },
  { name: 'core', aliases: ['cr'], desc: 'core number of threads in a scaling thread pool', default: false, kind: 'number' },
  { name: 'max', aliases: ['mx'], desc: 'maximum number of threads in a scaling thread pool', default: false, kind: 'number' },
  { name: 'size', aliases: ['sz'], desc: 'number of threads in a fixed thread pool', default: false, kind: 'number' },
  { name: 'keep_alive', aliases: ['ka'], desc: 'thread keep alive time', default: false },
  { name: 'total_wait_time', aliases: ['twt'], desc: 'total time tasks spent waiting in queue', default: false },
];

/** One row per thread pool; `patterns` filters pool names. */
export function threadPoolRows(node: ClusterNode, patterns?: WildcardMatcher[]): CatRow[] {
  return threadPools(node)
    .filter((p) => !patterns || patterns.some((re) => re.test(p.name)))
    .map((p) => ({
      node_name: node.clusterName, node_id: node.nodeId, ephemeral_node_id: node.nodeId, pid: process.pid, host: NODE_IP, ip: NODE_IP, port: 9300,
      name: p.name, type: p.type, active: 0, pool_size: p.size, queue: 0, queue_size: p.queueSize, rejected: 0, largest: p.size, completed: p.completed,
      core: p.type === 'scaling' ? 1 : null, max: p.type === 'scaling' ? p.size : null, size: p.type === 'scaling' ? null : p.size,
      keep_alive: p.type === 'scaling' ? '5m' : null, total_wait_time: '0s',
    }));
}
