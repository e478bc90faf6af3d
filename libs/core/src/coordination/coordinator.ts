import type { StoreExecutor } from '../store/store';

/**
 * A work item: something that must run on exactly one node of the cluster at a time, such as one CCR
 * follower index (`ccr` / `<index>`), the auto-follow poller (`ccr-autofollow` / `singleton`) or one
 * ingestion index shard (`ingestion` / `<index>/<shard>`).
 */
export interface WorkItem {
  /** The runner that runs it; also the unit of registration (one runner per kind per node). */
  readonly kind: string;
  /** The item's id within its kind. */
  readonly id: string;
}

/** What a node holds while it may run an item. */
export interface Lease extends WorkItem {
  /** The fencing token: grows by one every time the item changes hands. */
  readonly epoch: number;
  /**
   * Aborted when the lease is lost (taken over, expired, self-fenced, released or the item withdrawn):
   * the runner must stop writing anywhere and return.
   */
  readonly signal: AbortSignal;
}

/** Runs an item while this node holds its lease; resolves when the item stops (its signal aborted or its work done). */
export type ItemRunner = (lease: Lease) => Promise<void>;

/** Why a lease ended on this node. */
export type LossReason = 'taken' | 'expired' | 'self-fenced' | 'released' | 'withdrawn' | 'stopped';

/** Called when this node loses a lease it held. */
export type LossListener = (lease: Lease, reason: LossReason) => void;

/** One node of the cluster, as the coordinator records it. */
export interface ClusterNode {
  id: string;
  address: string;
  /** Last heartbeat, milliseconds since the epoch (database clock). */
  lastHeartbeat: number;
  /** Whether its heartbeat is younger than the lease ttl. */
  live: boolean;
  /** Unsent Influx queue bytes it reported with its last heartbeat. */
  queuedBytes: number;
}

/** One lease row. */
export interface LeaseView extends WorkItem {
  /** Holder, or null while nobody holds it. */
  owner: string | null;
  epoch: number;
  /** Milliseconds since the epoch (database clock); null while unowned. */
  expiresAt: number | null;
}

/** `GET /_gateway/cluster`. */
export interface ClusterView {
  kind: 'local' | 'postgres';
  nodeId: string;
  nodes: ClusterNode[];
  leases: LeaseView[];
  /** Bytes queued by nodes that stopped heartbeating: unsent until that node comes back with its data directory. */
  strandedQueuedBytes: number;
}

/**
 * Who runs which work item, and the fence that keeps a former owner's writes out. One per gateway
 * (`TOKENS.coordinator`). A plugin registers one runner per kind, then says which items should run
 * (`want`) or not (`withdraw`); the coordinator starts the runner on the node that holds the lease and
 * aborts it when the lease is lost.
 */
export interface Coordinator {
  readonly kind: 'local' | 'postgres';
  /** This node's id. */
  readonly nodeId: string;
  /** Registers the runner of a kind; before `start`, once per kind. */
  register(kind: string, run: ItemRunner): void;
  /**
   * The item should run on some node. Records it for the whole cluster and tries to claim it here now;
   * it runs here if this node gets the lease (always, for the local coordinator).
   */
  want(item: WorkItem): Promise<void>;
  /**
   * The item should run nowhere: it is forgotten for the whole cluster; here its runner is aborted and
   * awaited before this resolves, on another node it is aborted by that node's next heartbeat and its
   * writes are fenced at once.
   */
  withdraw(item: WorkItem): Promise<void>;
  /** Tries to take the lease of a wanted item now (fair share permitting); starts its runner. */
  claim(item: WorkItem): Promise<Lease | undefined>;
  /** Gives a held lease up: aborts and awaits the runner, then frees the lease for another node. */
  release(item: WorkItem): Promise<void>;
  /** One heartbeat: renews every lease this node holds, claims or releases toward its fair share. */
  renew(): Promise<void>;
  /** The lease this node holds on an item, if any. */
  lease(item: WorkItem): Lease | undefined;
  /** The epoch this node holds an item at; undefined when it does not hold it. */
  epoch(item: WorkItem): number | undefined;
  /** Listens for lost leases; returns the unsubscribe function. */
  onLost(listener: LossListener): () => void;
  /**
   * Inside a store transaction: checks that `lease` is still this node's at its epoch and not expired,
   * and keeps it so until the transaction ends; throws {@link FencedError} (counted) otherwise.
   */
  fence(tx: StoreExecutor, lease: Pick<Lease, 'kind' | 'id' | 'epoch'>): Promise<void>;
  /** Tells every node that `topic` changed (cluster-wide cache invalidation). */
  publish(topic: string): Promise<void>;
  /** Calls `listener` when any node (this one included) published `topic`; returns the unsubscribe function. */
  subscribe(topic: string, listener: () => void): () => void;
  /** Reports this node's unsent queue bytes with each heartbeat. */
  reportQueuedBytes(source: () => number): void;
  /** Nodes, leases and stranded bytes of the whole cluster. */
  view(): Promise<ClusterView>;
  /** Begins heartbeating (and running claimed items). */
  start(): Promise<void>;
  /** Aborts and awaits every runner here, frees the leases for other nodes and leaves the cluster. */
  stop(): Promise<void>;
}

/** A commit refused because the lease it was written under has moved on. */
export class FencedError extends Error {
  readonly code = 'lease_fenced';
  constructor(
    readonly item: WorkItem,
    readonly epoch: number,
    readonly holder: { owner: string | null; epoch: number } | undefined,
  ) {
    const now = holder ? `now ${holder.owner ? `held by ${holder.owner}` : 'free'} at epoch ${holder.epoch}` : 'no longer wanted';
    super(`commit refused: the lease on ${itemKey(item)} at epoch ${epoch} is no longer this node's (${now})`);
    this.name = 'FencedError';
  }
}

/** `kind/id`, as shown in logs and the cluster view. */
export function itemKey(item: WorkItem): string {
  return `${item.kind}/${item.id}`;
}
