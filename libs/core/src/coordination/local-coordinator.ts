import type { Logger } from '../logging/logger';
import type { Registry } from 'prom-client';
import { createCoordinationMetrics } from './coordination-metrics';
import type { ClusterView, Coordinator, ItemRunner, Lease, LossListener, WorkItem } from './coordinator';
import { LeaseRunners } from './lease-runners';

/** Options of {@link LocalCoordinator}. */
export interface LocalCoordinatorOptions {
  logger: Logger;
  /** Where the coordination metrics are registered. */
  metrics?: Registry;
  nodeId?: string;
  /** This node's address (asked when the view is built). */
  address?: () => string;
  clock?: { now(): number };
}

/**
 * The one-node coordinator (SQLite store, the default): every claim succeeds at epoch 1, a wanted item
 * runs at once, fences cost nothing and topics are published in process.
 */
export class LocalCoordinator implements Coordinator {
  readonly kind = 'local' as const;
  readonly nodeId: string;
  private readonly runners: LeaseRunners;
  private readonly topics = new Map<string, Set<() => void>>();
  private queued: () => number = () => 0;

  constructor(private readonly options: LocalCoordinatorOptions) {
    this.nodeId = options.nodeId ?? 'local';
    this.runners = new LeaseRunners(options.logger, createCoordinationMetrics(options.metrics));
  }

  register(kind: string, run: ItemRunner): void {
    this.runners.register(kind, run);
  }

  async want(item: WorkItem): Promise<void> {
    await this.claim(item);
  }

  async withdraw(item: WorkItem): Promise<void> {
    await this.runners.end(item, 'withdrawn');
  }

  async claim(item: WorkItem): Promise<Lease | undefined> {
    return this.runners.get(item) ?? this.runners.start(item, 1);
  }

  async release(item: WorkItem): Promise<void> {
    await this.runners.end(item, 'released');
  }

  async renew(): Promise<void> {}

  lease(item: WorkItem): Lease | undefined {
    return this.runners.get(item);
  }

  epoch(item: WorkItem): number | undefined {
    return this.runners.get(item)?.epoch;
  }

  onLost(listener: LossListener): () => void {
    return this.runners.onLost(listener);
  }

  async fence(): Promise<void> {}

  async publish(topic: string): Promise<void> {
    for (const listener of this.topics.get(topic) ?? []) queueMicrotask(listener);
  }

  subscribe(topic: string, listener: () => void): () => void {
    const set = this.topics.get(topic) ?? new Set();
    this.topics.set(topic, set.add(listener));
    return () => set.delete(listener);
  }

  reportQueuedBytes(source: () => number): void {
    this.queued = source;
  }

  async view(): Promise<ClusterView> {
    const now = (this.options.clock ?? Date).now();
    return {
      kind: 'local',
      nodeId: this.nodeId,
      nodes: [{ id: this.nodeId, address: this.options.address?.() ?? '', lastHeartbeat: now, live: true, queuedBytes: this.queued() }],
      leases: this.runners.all().map((l) => ({ kind: l.kind, id: l.id, owner: this.nodeId, epoch: l.epoch, expiresAt: null })),
      strandedQueuedBytes: 0,
    };
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await Promise.all(this.runners.all().map((l) => this.runners.end(l, 'stopped')));
  }
}
