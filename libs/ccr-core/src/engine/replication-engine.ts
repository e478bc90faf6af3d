import type { Logger } from '@ferry/core';
import type { CcrConfig } from '../config';
import type { ClusterAccess } from '../rest/cluster-access';
import type { RestError } from '../rest/rest';
import type { CcrStats } from '../stats/ccr-stats';
import type { DocShadowRepository } from '../store/doc-shadow.repo';
import type { ReplicationRepository } from '../store/replication.repo';
import { IndexTask, type IndexTaskDeps } from './index-task';

/** Options of {@link ReplicationEngine}: what every index task needs, minus the per-process `firstRun` flag. */
export type ReplicationEngineOptions = Omit<IndexTaskDeps, 'firstRun'>;

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs one {@link IndexTask} per RUNNING replication. A task's permanent failure reaches `onFatal`
 * after the task has ended, never while a halt waits for it. The gateway's lifecycle worker calls `run`,
 * which resumes every RUNNING replication from its persisted checkpoints; the service starts and
 * halts single replications.
 */
export class ReplicationEngine {
  private readonly tasks = new Map<string, Running>();
  /** Replications whose task already ran (and stopped cleanly) in this process. */
  private readonly ranBefore = new Set<string>();
  private stopped = false;

  constructor(private readonly options: ReplicationEngineOptions) {}

  /** The lifecycle worker: resumes persisted replications and, on abort, halts them all. */
  async run(signal: AbortSignal): Promise<void> {
    for (const rep of await this.options.repo.list()) if (rep.state === 'RUNNING') this.start(rep.followerIndex);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    this.stopped = true;
    await Promise.all([...this.tasks.keys()].map((name) => this.halt(name)));
  }

  /** Starts the task of a replication unless it runs already. */
  start(followerIndex: string): void {
    if (this.stopped || this.tasks.has(followerIndex)) return;
    const controller = new AbortController();
    const firstRun = !this.ranBefore.has(followerIndex);
    this.ranBefore.add(followerIndex);
    // A new task starts clean: an error the last one was retrying is not this one's.
    this.options.stats.recovered(followerIndex);
    let fatal: Parameters<IndexTaskDeps['onFatal']> | undefined;
    // The failure is only noted here and reported once the task is gone: reporting takes the
    // replication's lock, whose holder may be halting this very task.
    const task = new IndexTask(followerIndex, { ...this.options, firstRun, onFatal: async (...args) => void (fatal = args) });
    const done = task
      .run(controller.signal)
      .catch((err) => this.options.logger.error({ err, index: followerIndex }, 'replication task failed'))
      .finally(() => {
        if (this.tasks.get(followerIndex)?.controller === controller) this.tasks.delete(followerIndex);
        if (fatal) this.report(fatal);
      });
    this.tasks.set(followerIndex, { controller, done });
  }

  private report([index, reason, cause]: Parameters<IndexTaskDeps['onFatal']>): void {
    this.options.onFatal(index, reason, cause).catch((err) => this.options.logger.error({ err, index }, 'could not auto-pause the replication'));
  }

  /** Stops the task of a replication and waits until it wrote its last batch. */
  async halt(followerIndex: string): Promise<void> {
    const running = this.tasks.get(followerIndex);
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  isRunning(followerIndex: string): boolean {
    return this.tasks.has(followerIndex);
  }

  /** Number of index tasks running now. */
  get size(): number {
    return this.tasks.size;
  }
}
