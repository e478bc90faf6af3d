import type { ClusterNode } from '../node/cluster-node';
import { NODE_IP } from '../nodes/node-identity';
import { locationOf, RepositoryStore } from '../snapshots/repositories';
import { SnapshotCatalog } from '../snapshots/snapshot-catalog';
import { tasksOf } from '../tasks/task-registry';
import type { CatColumn, CatRow } from './cat-table';

const hms = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** `_cat/repositories` columns. */
export const REPOSITORIES_COLUMNS: CatColumn[] = [
  { name: 'id', aliases: ['id', 'repoId'], desc: 'unique repository id' },
  { name: 'type', aliases: ['t', 'type'], desc: 'repository type' },
];

/** One row per registered repository. */
export function repositoriesRows(node: ClusterNode): CatRow[] {
  return new RepositoryStore(node).all().map((r) => ({ id: r.name, type: r.type }));
}

/** `_cat/snapshots` columns. */
export const SNAPSHOTS_COLUMNS: CatColumn[] = [
  { name: 'id', aliases: ['id', 'snapshot'], desc: 'unique snapshot' },
  { name: 'repository', aliases: ['re', 'repo'], desc: 'repository name', default: false },
  { name: 'status', aliases: ['s', 'status'], desc: 'snapshot name' },
  { name: 'start_epoch', aliases: ['ste', 'startEpoch'], desc: 'start time in seconds since 1970-01-01 00:00:00', kind: 'number' },
  { name: 'start_time', aliases: ['sti', 'startTime'], desc: 'start time in HH:MM:SS' },
  { name: 'end_epoch', aliases: ['ete', 'endEpoch'], desc: 'end time in seconds since 1970-01-01 00:00:00', kind: 'number' },
  { name: 'end_time', aliases: ['eti', 'endTime'], desc: 'end time in HH:MM:SS' },
  { name: 'duration', aliases: ['dur', 'duration'], desc: 'duration', kind: 'millis' },
  { name: 'indices', aliases: ['i', 'indices'], desc: 'number of indices', kind: 'number' },
  { name: 'successful_shards', aliases: ['ss', 'successful_shards'], desc: 'number of successful shards', kind: 'number' },
  { name: 'failed_shards', aliases: ['fs', 'failed_shards'], desc: 'number of failed shards', kind: 'number' },
  { name: 'total_shards', aliases: ['ts', 'total_shards'], desc: 'number of total shards', kind: 'number' },
  { name: 'reason', aliases: ['r', 'reason'], desc: 'reason for failures', default: false },
];

/** One row per snapshot of `repo` (a 404 `repository_missing_exception` for an unknown one). */
export function snapshotsRows(node: ClusterNode, repoName: string): CatRow[] {
  const repo = new RepositoryStore(node).require(repoName);
  return new SnapshotCatalog(locationOf(node, repo), repo.name).list().map((s) => ({
    id: s.name, repository: repo.name, status: s.state, start_epoch: Math.floor(s.start / 1000), start_time: hms(s.start),
    end_epoch: Math.floor(s.end / 1000), end_time: hms(s.end), duration: s.end - s.start, indices: s.indices.length,
    successful_shards: s.shards.successful, failed_shards: s.shards.failed, total_shards: s.shards.total, reason: null,
  }));
}

/** `_cat/pending_tasks` columns (a single node never has any). */
export const PENDING_TASKS_COLUMNS: CatColumn[] = [
  { name: 'insertOrder', aliases: ['o'], desc: 'task insertion order', kind: 'number' },
  { name: 'timeInQueue', aliases: ['t'], desc: 'how long task has been in queue' },
  { name: 'priority', aliases: ['p'], desc: 'task priority' },
  { name: 'source', aliases: ['s'], desc: 'task source' },
];

/** `_cat/tasks` columns. */
export const TASKS_COLUMNS: CatColumn[] = [
  { name: 'id', desc: 'id of the task with the node', default: false },
  { name: 'action', aliases: ['ac'], desc: 'task action' },
  { name: 'task_id', aliases: ['ti'], desc: 'unique task id' },
  { name: 'parent_task_id', aliases: ['pti'], desc: 'parent task id' },
  { name: 'type', aliases: ['ty'], desc: 'task type' },
  { name: 'start_time', aliases: ['start'], desc: 'start time in ms', kind: 'number' },
  { name: 'timestamp', aliases: ['ts', 'hms', 'hhmmss'], desc: 'start time in HH:MM:SS' },
  { name: 'running_time_ns', desc: 'running time ns', default: false, kind: 'number' },
  { name: 'running_time', aliases: ['time'], desc: 'running time', kind: 'millis' },
  { name: 'node_id', aliases: ['ni'], desc: 'unique node id', default: false },
  { name: 'ip', aliases: ['i'], desc: 'ip address' },
  { name: 'port', aliases: ['po'], desc: 'bound transport port', default: false, kind: 'number' },
  { name: 'node', aliases: ['n'], desc: 'node name' },
  { name: 'description', aliases: ['desc'], desc: 'task action', default: false },
];

/** One row per running task. */
export function tasksRows(node: ClusterNode): CatRow[] {
  const registry = tasksOf(node);
  return registry.running().map((t) => {
    const nanos = Number(process.hrtime.bigint() - t.startHr);
    return {
      id: t.id, action: t.action, task_id: registry.fullId(t), parent_task_id: '-', type: 'transport', start_time: t.startTime, timestamp: hms(t.startTime),
      running_time_ns: nanos, running_time: nanos / 1e6, node_id: node.nodeId, ip: NODE_IP, port: 9300, node: node.clusterName, description: t.description,
    };
  });
}
