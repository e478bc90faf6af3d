import { fencedStore, type Coordinator, type Lease, type Logger, type Store } from '@ferry/core';
import type { CcrConfig } from '../config';
import type { ClusterAccess } from '../rest/cluster-access';
import type { RestError } from '../rest/rest';
import type { CcrStats } from '../stats/ccr-stats';
import { DocShadowRepository } from '../store/doc-shadow.repo';
import { ReplicationRepository } from '../store/replication.repo';
import { IndexTask, type IndexTaskDeps } from './index-task';

/** Options of {@link ReplicationEngine}: what every index task needs, minus the per-process `firstRun` flag. */
export interface ReplicationEngineOptions extends Omit<IndexTaskDeps, 'firstRun'> {
  /** Decides which node runs which follower index (work items of kind `ccr`). */
  coordinator: Coordinator;
  /** The store the tasks write through, fenced by their lease. */
  store: Store;
}

/** The work item kind of one follower index. */
export const CCR_ITEM_KIND = 'ccr';

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs one {@link IndexTask} per RUNNING replication, on the node that holds its lease (always this
 * one with the local coordinator). A task writes its checkpoints and shadow through a store fenced by
 * its lease, and stops when the lease is lost. A task's permanent failure reaches `onFatal` after the
 * task has ended, never while a halt waits for it. The gateway's lifecycle worker calls `run`, which
 * asks for every RUNNING replication to run; the service starts and halts single replications.
 */
export class ReplicationEngine {
  private readonly tasks = new Map<string, Running>();
  /** Replications whose task already ran (and stopped cleanly) in this process. */
  private readonly ranBefore = new Set<string>();
  private stopped = false;
  private lifecycle?: AbortSignal;

  constructor(private readonly options: ReplicationEngineOptions) {
    options.coordinator.register(CCR_ITEM_KIND, (lease) => this.runLeased(lease));
  }

  /** The lifecycle worker: asks for persisted replications to run and, on abort, stops the local tasks. */
  async run(signal: AbortSignal): Promise<void> {
    this.lifecycle = signal;
    for (const rep of await this.options.repo.list()) if (rep.state === 'RUNNING') this.start(rep.followerIndex);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    this.stopped = true;
    // Stopping the gateway is no halt: the replications stay wanted, and other nodes take them over.
    await Promise.all([...this.tasks.values()].map((t) => (t.controller.abort(), t.done)));
  }

  /** Asks for the replication to run (here at once with the local coordinator, else where its lease is). */
  start(followerIndex: string): void {
    if (this.stopped) return;
    this.options.coordinator.want({ kind: CCR_ITEM_KIND, id: followerIndex }).catch((err) => this.options.logger.error({ err, index: followerIndex }, 'could not start the replication task'));
  }

  private runLeased(lease: Lease): Promise<void> {
    const followerIndex = lease.id;
    if (this.stopped || this.tasks.has(followerIndex)) return Promise.resolve();
    const controller = new AbortController();
    const stop = () => controller.abort();
    lease.signal.addEventListener('abort', stop, { once: true });
    this.lifecycle?.addEventListener('abort', stop, { once: true });
    const firstRun = !this.ranBefore.has(followerIndex);
    this.ranBefore.add(followerIndex);
    // A new task starts clean: an error the last one was retrying is not this one's.
    this.options.stats.recovered(followerIndex);
    let fatal: Parameters<IndexTaskDeps['onFatal']> | undefined;
    const store = fencedStore(this.options.store, this.options.coordinator, lease);
    const fenced = store === this.options.store ? {} : { repo: new ReplicationRepository(store), shadow: new DocShadowRepository(store) };
    // The failure is only noted here and reported once the task is gone: reporting takes the
    // replication's lock, whose holder may be halting this very task.
    const externalVersions = this.options.coordinator.kind !== 'local';
    const task = new IndexTask(followerIndex, { ...this.options, ...fenced, externalVersions, firstRun, onFatal: async (...args) => void (fatal = args) });
    const done = task
      .run(controller.signal)
      .catch((err) => this.options.logger.error({ err, index: followerIndex }, 'replication task failed'))
      .finally(() => {
        lease.signal.removeEventListener('abort', stop);
        this.lifecycle?.removeEventListener('abort', stop);
        if (this.tasks.get(followerIndex)?.controller === controller) this.tasks.delete(followerIndex);
        // Ended by itself (paused, failed, gone): it should run nowhere until started again. Not awaited
        // here: withdrawing waits for this very runner to return.
        const withdrawn = controller.signal.aborted ? Promise.resolve() : this.options.coordinator.withdraw(lease);
        void withdrawn
          .catch((err) => this.options.logger.warn({ err, index: followerIndex }, 'could not withdraw the replication task'))
          .then(() => fatal && this.report(fatal));
      });
    this.tasks.set(followerIndex, { controller, done });
    return done;
  }

  private report([index, reason, cause]: Parameters<IndexTaskDeps['onFatal']>): void {
    this.options.onFatal(index, reason, cause).catch((err) => this.options.logger.error({ err, index }, 'could not auto-pause the replication'));
  }

  /**
   * Stops the task of a replication wherever it runs and waits until it wrote its last batch when it
   * runs here; on another node its writes are fenced at once and it stops at that node's next heartbeat.
   */
  async halt(followerIndex: string): Promise<void> {
    await this.options.coordinator.withdraw({ kind: CCR_ITEM_KIND, id: followerIndex });
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
