import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@ferry/core';
import type { Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import { parseTimeValue } from '../indices/index-meta';
import { wildcardRegex } from '../indices/index-names';
import type { ClusterNode } from '../node/cluster-node';
import { NODE_IP, NODE_ROLES, nodeSelected, TRANSPORT_ADDRESS } from '../nodes/node-identity';
import { type Task, tasksOf } from './task-registry';
import { parseRequestsPerSecond } from '../data-movement/by-query-requests';
import { validationFailed } from '../http/errors';

/** A task as `_tasks` renders it (`TaskInfo`). */
export function taskInfo(node: ClusterNode, task: Task, detailed: boolean): Record<string, unknown> {
  const info: Record<string, unknown> = {
    node: node.nodeId,
    id: task.id,
    type: 'transport',
    action: task.action,
  };
  if (task.status) info.status = task.status();
  if (detailed) info.description = task.description;
  Object.assign(info, {
    start_time_in_millis: task.startTime,
    running_time_in_nanos: Number((task.endHr ?? process.hrtime.bigint()) - task.startHr),
    cancellable: task.cancellable,
    ...(task.cancellable ? { cancelled: task.cancelled } : {}),
    headers: {},
  });
  return info;
}

function listTasks(node: ClusterNode, req: Request, tasks: Task[], alwaysDetailed = false): Reply {
  const detailed = alwaysDetailed || req.query.get('detailed') === 'true';
  const infos = tasks.map((t) => [tasksOf(node).fullId(t), taskInfo(node, t, detailed)] as const);
  const groupBy = req.query.get('group_by') ?? 'nodes';
  if (groupBy === 'none') return json({ tasks: infos.map(([, i]) => i) });
  if (groupBy === 'parents') return json({ tasks: Object.fromEntries(infos) });
  if (groupBy !== 'nodes') throw new AppError(400, `unknown group_by value [${groupBy}]`, { type: 'illegal_argument_exception' });
  if (infos.length === 0) return json({ nodes: {} });
  return json({
    nodes: {
      [node.nodeId]: { name: node.clusterName, transport_address: TRANSPORT_ADDRESS, host: NODE_IP, ip: TRANSPORT_ADDRESS, roles: NODE_ROLES, attributes: {}, tasks: Object.fromEntries(infos) },
    },
  });
}

function selectTasks(node: ClusterNode, req: Request): Task[] {
  const actions = req.query.get('actions')?.split(',').map((a) => wildcardRegex(a.trim()));
  const nodes = req.query.get('nodes');
  if (nodes && !nodeSelected(node, nodes)) return [];
  return tasksOf(node).running(actions);
}

async function getTask(node: ClusterNode, req: Request, id: string): Promise<Reply> {
  const task = tasksOf(node).require(id);
  if (req.query.get('wait_for_completion') === 'true') {
    const timeout = req.query.has('timeout') ? parseTimeValue(req.query.get('timeout'), 'timeout') : 30_000;
    const until = Date.now() + timeout;
    while (!task.done && Date.now() < until) await sleep(20);
    if (!task.done) {
      throw new AppError(408, `Timed out waiting for completion of [${tasksOf(node).fullId(task)}]`, { type: 'opensearch_timeout_exception' });
    }
  }
  const body: Record<string, unknown> = { completed: task.done, task: taskInfo(node, task, true) };
  if (task.response) body.response = task.response;
  if (task.error) body.error = task.error;
  return json(body);
}

/**
 * A task addressed by id that is not running on this node: OpenSearch's tasks actions fail on the node and
 * answer 200 with the failure under `node_failures` (a malformed id is still a 400).
 */
function notRunning(node: ClusterNode, id: string, reason: string): Reply {
  const [nodeId, n] = id.split(':');
  if (n === undefined || !/^\d+$/.test(n)) throw new AppError(400, `malformed task id ${id}`, { type: 'illegal_argument_exception' });
  const cause = { type: 'resource_not_found_exception', reason };
  return json({
    node_failures: [{ type: 'failed_node_exception', reason: `Failed node [${nodeId}]`, node_id: nodeId, caused_by: cause }],
    nodes: {},
  });
}

/** The running task of an id, or undefined when it finished or never ran here. */
function runningTask(node: ClusterNode, id: string): Task | undefined {
  try {
    const t = tasksOf(node).require(id);
    return t.done ? undefined : t;
  } catch {
    return undefined;
  }
}

function cancel(node: ClusterNode, req: Request, id?: string): Reply {
  if (id) {
    const t = runningTask(node, id);
    if (!t) return notRunning(node, id, `task [${id}] is not found`);
    if (!t.cancellable) throw new AppError(400, `task [${id}] doesn't support this operation`, { type: 'illegal_argument_exception' });
    t.cancelled = true;
    return listTasks(node, req, [t]);
  }
  const hit = selectTasks(node, req).filter((t) => t.cancellable);
  for (const t of hit) t.cancelled = true;
  return listTasks(node, req, hit);
}

/** `_reindex|_update_by_query|_delete_by_query/{task_id}/_rethrottle`: a new `requests_per_second` for a running by-query task. */
function rethrottle(node: ClusterNode, req: Request, id: string): Reply {
  const raw = req.query.get('requests_per_second');
  if (raw === null) throw validationFailed('requests_per_second must be set');
  const rps = parseRequestsPerSecond(raw);
  const t = runningTask(node, id);
  if (!t) return notRunning(node, id, `task [${id}] is missing`);
  if (!t.rethrottle) throw new AppError(400, `task [${id}] must be of type reindex, update by query or delete by query`, { type: 'illegal_argument_exception' });
  t.rethrottle(rps);
  // OpenSearch's rethrottle answers each task with its description.
  return listTasks(node, req, [t], true);
}

/** `_tasks` list, get (with `wait_for_completion`) and cancel, and the by-query `_rethrottle`s. */
export function registerTaskRoutes(router: Router, node: ClusterNode): void {
  router.add('GET', '/_tasks', (req) => listTasks(node, req, selectTasks(node, req)));
  router.add('POST', '/_tasks/_cancel', (req) => cancel(node, req));
  router.add('GET', '/_tasks/{task_id}', (req, p) => getTask(node, req, p.task_id));
  router.add('POST', '/_tasks/{task_id}/_cancel', (req, p) => cancel(node, req, p.task_id));
  for (const action of ['_reindex', '_update_by_query', '_delete_by_query']) {
    router.add('POST', `/${action}/{task_id}/_rethrottle`, (req, p) => rethrottle(node, req, p.task_id));
  }
}
