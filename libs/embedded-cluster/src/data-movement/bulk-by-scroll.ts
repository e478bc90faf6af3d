import { setImmediate as yieldToLoop } from 'node:timers/promises';
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

  constructor(
    private readonly node: ClusterNode,
    private readonly job: ByScrollJob,
  ) {
    const matched = job.scan.count();
    this.counters.total = job.maxDocs === undefined ? matched : Math.min(matched, job.maxDocs);
  }

  /** `status` of the task in `_tasks`. */
  status(): Record<string, unknown> {
    return {
      ...this.counters,
      retries: { bulk: 0, search: 0 },
      throttled_millis: 0,
      requests_per_second: -1,
      ...(this.canceled ? { canceled: this.canceled } : {}),
      throttled_until_millis: 0,
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
        seen += batch.length;
        this.counters.batches++;
        this.apply(batch, touched);
        await yieldToLoop();
      }
    } finally {
      this.job.scan.close();
    }
    if (this.job.refresh) for (const name of touched) this.refreshIndex(name);
    const status = this.failures.reduce((max, f) => Math.max(max, Number(f.status)), 200);
    return { status, body: { took: Date.now() - this.started, timed_out: false, ...this.status(), failures: this.failures } };
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
