import type { Logger } from '../logging/logger';
import type { CoordinationMetrics } from './coordination-metrics';
import { itemKey, type ItemRunner, type Lease, type LossListener, type LossReason, type WorkItem } from './coordinator';

interface Held {
  lease: Lease;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The leases this node holds and the runners running under them: both coordinators keep their local
 * side here, so starting, aborting and awaiting a runner means the same thing in both.
 */
export class LeaseRunners {
  private readonly runners = new Map<string, ItemRunner>();
  private readonly held = new Map<string, Held>();
  private readonly listeners = new Set<LossListener>();

  constructor(
    private readonly logger: Logger,
    private readonly metrics: CoordinationMetrics,
  ) {}

  register(kind: string, run: ItemRunner): void {
    if (this.runners.has(kind)) throw new Error(`a runner for work items of kind '${kind}' is registered already`);
    this.runners.set(kind, run);
  }

  kinds(): string[] {
    return [...this.runners.keys()];
  }

  has(kind: string): boolean {
    return this.runners.has(kind);
  }

  get(item: WorkItem): Lease | undefined {
    return this.held.get(itemKey(item))?.lease;
  }

  all(): Lease[] {
    return [...this.held.values()].map((h) => h.lease);
  }

  onLost(listener: LossListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the item's runner under a fresh lease at `epoch`. */
  start(item: WorkItem, epoch: number): Lease {
    const run = this.runners.get(item.kind);
    if (!run) throw new Error(`no runner for work items of kind '${item.kind}'`);
    const controller = new AbortController();
    const lease: Lease = { kind: item.kind, id: item.id, epoch, signal: controller.signal };
    const entry: Held = { lease, controller, done: Promise.resolve() };
    this.held.set(itemKey(item), entry);
    // Called in this turn, so that the runner's own bookkeeping is in place when `want` returns.
    entry.done = (async () => run(lease))().catch((err) => {
      if (!controller.signal.aborted) this.logger.error({ err, item: itemKey(item), epoch }, 'work item failed');
    });
    this.metrics.claims.inc({ kind: item.kind });
    this.metrics.held.inc({ kind: item.kind });
    return lease;
  }

  /** Aborts the runner (at once: it must stop writing) and forgets the lease; resolves when the runner returned. */
  async end(item: WorkItem, reason: LossReason): Promise<void> {
    const key = itemKey(item);
    const entry = this.held.get(key);
    if (!entry) return;
    this.held.delete(key);
    entry.controller.abort(new Error(`lease on ${key} ${reason}`));
    this.metrics.held.dec({ kind: item.kind });
    this.metrics.losses.inc({ kind: item.kind, reason });
    if (reason !== 'released' && reason !== 'withdrawn' && reason !== 'stopped') {
      this.logger.warn({ item: key, epoch: entry.lease.epoch, reason }, 'lease lost; its work stopped here');
    }
    for (const listener of this.listeners) {
      try {
        listener(entry.lease, reason);
      } catch (err) {
        this.logger.error({ err }, 'lease loss listener failed');
      }
    }
    await entry.done;
  }
}
