import { AppError } from '@ferry/core';
import type { ClusterNode } from '../node/cluster-node';
import type { WildcardMatcher } from '../indices/wildcard';

/** A running or finished task, as `_tasks` lists it. */
export interface Task {
  id: number;
  action: string;
  description: string;
  startTime: number;
  startHr: bigint;
  /** Set when the task finished, so its running time stops growing. */
  endHr?: bigint;
  cancellable: boolean;
  cancelled: boolean;
  /** Progress the task reports (`status` in `_tasks`), e.g. a reindex's counters. */
  status?: () => Record<string, unknown>;
  /** Set on by-query tasks: changes their `requests_per_second` while they run. */
  rethrottle?: (requestsPerSecond: number) => void;
  /** Set once finished: the response the synchronous call would have answered, or the error. */
  response?: Record<string, unknown>;
  error?: Record<string, unknown>;
  done: boolean;
}

/** How many finished task results a node keeps for `GET _tasks/<id>`. */
export const KEPT_RESULTS = 1000;

/** In-memory task registry of one node (finished task results are kept while the node runs, like `.tasks`). */
export class TaskRegistry {
  private next = 1;
  private readonly tasks = new Map<number, Task>();

  constructor(readonly nodeId: string) {}

  start(options: { action: string; description: string; cancellable?: boolean; status?: () => Record<string, unknown>; rethrottle?: (rps: number) => void }): Task {
    const task: Task = {
      id: this.next++, action: options.action, description: options.description, startTime: Date.now(), startHr: process.hrtime.bigint(),
      cancellable: options.cancellable ?? false, cancelled: false, status: options.status, rethrottle: options.rethrottle, done: false,
    };
    this.tasks.set(task.id, task);
    return task;
  }

  /**
   * Marks a task finished. Only tasks started with `wait_for_completion=false` keep their result (as
   * OpenSearch's `.tasks` index does), and only the latest {@link KEPT_RESULTS} of them, so memory stays bounded.
   */
  finish(task: Task, outcome: { response?: Record<string, unknown>; error?: Record<string, unknown>; keep: boolean }): void {
    task.done = true;
    task.endHr = process.hrtime.bigint();
    task.response = outcome.response;
    task.error = outcome.error;
    if (!outcome.keep) {
      this.tasks.delete(task.id);
      return;
    }
    const finished = [...this.tasks.values()].filter((t) => t.done);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEPT_RESULTS))) this.tasks.delete(old.id);
  }

  /** Running tasks, optionally filtered by action patterns (`indices:data/write/*`). */
  running(actions?: WildcardMatcher[]): Task[] {
    return [...this.tasks.values()].filter((t) => !t.done && (!actions || actions.some((re) => re.test(t.action))));
  }

  /** The task of `<nodeId>:<n>`, or the 404 OpenSearch answers. */
  require(taskId: string): Task {
    const [node, n] = taskId.split(':');
    if (n === undefined || !/^\d+$/.test(n)) {
      throw new AppError(400, `malformed task id ${taskId}`, { type: 'illegal_argument_exception' });
    }
    const task = node === this.nodeId ? this.tasks.get(Number(n)) : undefined;
    if (!task) {
      throw new AppError(404, `task [${taskId}] isn't running and hasn't stored its results`, { type: 'resource_not_found_exception' });
    }
    return task;
  }

  /** `<nodeId>:<n>` of a task. */
  fullId(task: Task): string {
    return `${this.nodeId}:${task.id}`;
  }
}

const registries = new WeakMap<ClusterNode, TaskRegistry>();

/** The task registry of a node (created on first use). */
export function tasksOf(node: ClusterNode): TaskRegistry {
  let r = registries.get(node);
  if (!r) registries.set(node, (r = new TaskRegistry(node.nodeId)));
  return r;
}
