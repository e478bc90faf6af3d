import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import type { WriteOp, WriteResult } from '../documents/write-ops';
import type { ClusterNode } from '../node/cluster-node';
import type { Task } from '../tasks/task-registry';
import type { Matched, MatchScan } from './scan';

/** A reindex / delete-by-query / update-by-query run. */
export interface ByScrollJob {
  scan: MatchScan;
  /** The write for one matched document, or `noop` to skip it. */
  toOp(m: Matched): WriteOp | 'noop';
  batchSize: number;
  maxDocs?: number;
  /** `conflicts=proceed`: count version conflicts and go on instead of aborting. */
  proceedOnConflict: boolean;
  /** `refresh=true`: refresh every index written once the run is over. */
  refresh: boolean;
  /** Documents per second (Infinity: unthrottled); changed while running by `_rethrottle`. */
  requestsPerSecond: number;
}

/** The counters OpenSearch's `BulkByScrollTask.Status` reports. */
export interface ByScrollCounters {
  total: number;
  updated: number;
  created: number;
  deleted: number;
  batches: number;
  version_conflicts: number;
  noops: number;
}

/** A by-query run: batches of matches written through the node, counters readable while it runs. */
export class BulkByScroll {
  readonly counters: ByScrollCounters = { total: 0, updated: 0, created: 0, deleted: 0, batches: 0, version_conflicts: 0, noops: 0 };
  private readonly failures: Record<string, unknown>[] = [];
  private readonly started = Date.now();
  private canceled?: string;
  private rps: number;
  private throttledMillis = 0;
  /** When the next batch may start, while the run waits out its throttle (0 when not waiting). */
  private throttledUntil = 0;

  constructor(
    private readonly node: ClusterNode,
    private readonly job: ByScrollJob,
  ) {
    this.rps = job.requestsPerSecond;
    const matched = job.scan.count();
    this.counters.total = job.maxDocs === undefined ? matched : Math.min(matched, job.maxDocs);
  }

  /** `status` of the task in `_tasks`. */
  status(): Record<string, unknown> {
    return {
      ...this.counters,
      retries: { bulk: 0, search: 0 },
      throttled_millis: this.throttledMillis,
      requests_per_second: Number.isFinite(this.rps) ? this.rps : -1,
      ...(this.canceled ? { canceled: this.canceled } : {}),
      throttled_until_millis: this.throttledUntil > 0 ? Math.max(0, this.throttledUntil - Date.now()) : 0,
    };
  }

  /** Runs to the end (or first failure, or cancellation) and returns the response body and HTTP status. */
  async run(task?: Task): Promise<{ status: number; body: Record<string, unknown> }> {
    const touched = new Set<string>();
    let seen = 0;
    try {
      while (this.failures.length === 0) {
        if (task?.cancelled) {
          this.canceled = 'by user request';
          break;
        }
        const room = this.job.maxDocs === undefined ? this.job.batchSize : Math.min(this.job.batchSize, this.job.maxDocs - seen);
        const batch = room > 0 ? this.job.scan.next(room) : [];
        if (batch.length === 0) break;
        const batchStart = Date.now();
        seen += batch.length;
        this.counters.batches++;
        this.apply(batch, touched);
        await this.throttle({ batchStart, size: batch.length, task });
      }
    } finally {
      this.job.scan.close();
    }
    if (this.job.refresh) for (const name of touched) this.refreshIndex(name);
    const status = this.failures.reduce((max, f) => Math.max(max, Number(f.status)), 200);
    return { status, body: { took: Date.now() - this.started, timed_out: false, ...this.status(), failures: this.failures } };
  }

  /** A new `requests_per_second` (Infinity: unthrottled), applied to the wait in progress at once. */
  rethrottle(rps: number): void {
    this.rps = rps;
  }

  /**
   * Waits as OpenSearch's WorkerBulkByScrollTaskState does before the next scroll: a batch of n documents
   * takes n / requests_per_second seconds in all, so the wait is that less the time the batch took. The
   * deadline is recomputed on every tick, so a rethrottle or a cancellation takes effect within 20 ms.
   */
  private async throttle(options: { batchStart: number; size: number; task?: Task }): Promise<void> {
    await yieldToLoop();
    const started = Date.now();
    for (;;) {
      if (options.task?.cancelled || !Number.isFinite(this.rps)) break;
      const until = options.batchStart + (options.size / this.rps) * 1000;
      if (Date.now() >= until) break;
      this.throttledUntil = until;
      await sleep(Math.min(20, until - Date.now()));
    }
    this.throttledUntil = 0;
    this.throttledMillis += Date.now() - started;
  }

  private apply(batch: Matched[], touched: Set<string>): void {
    const ops: WriteOp[] = [];
    for (const m of batch) {
      const op = this.job.toOp(m);
      if (op === 'noop') this.counters.noops++;
      else ops.push(op);
    }
    if (ops.length === 0) return;
    for (const r of this.node.write(ops)) this.count(r, touched);
  }

  private count(r: WriteResult, touched: Set<string>): void {
    if (r.indexName) touched.add(r.indexName);
    if (!r.error) {
      const word = r.item.result;
      if (word === 'created') this.counters.created++;
      else if (word === 'deleted') this.counters.deleted++;
      else if (word === 'noop') this.counters.noops++;
      else this.counters.updated++;
      return;
    }
    if (r.status === 409) {
      this.counters.version_conflicts++;
      if (this.job.proceedOnConflict) return;
    }
    this.failures.push({ index: r.item._index, id: r.item._id, cause: r.item.error, status: r.status });
  }

  private refreshIndex(name: string): void {
    const meta = this.node.registry.get(name);
    if (meta) this.node.refresh(meta);
  }
}
