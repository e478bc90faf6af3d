import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/logger';
import type { StoreExecutor } from '../store/store';
import { createCoordinationMetrics, type CoordinationMetrics } from './coordination-metrics';
import {
  FencedError,
  itemKey,
  type ClusterView,
  type Coordinator,
  type ItemRunner,
  type Lease,
  type LossListener,
  type WorkItem,
} from './coordinator';
import { LeaseRunners } from './lease-runners';
import { TopicVersions } from './topic-versions';
import * as sql from './postgres-sql';

/** Lease timing; the defaults move the items of a node that died within 5 s. */
export interface LeaseTiming {
  /** How long a lease lasts past its last renewal (database clock). */
  ttlMs: number;
  /** How often a node renews all its leases (one heartbeat) and rebalances. */
  heartbeatMs: number;
  /**
   * Self-fencing: runners are aborted when no renewal succeeded for this long (local monotonic clock,
   * counted from when the last successful renewal was sent). Below `ttlMs`, so a cut-off node stops
   * before anyone else may take its items.
   */
  renewDeadlineMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 3000, heartbeatMs: 1000, renewDeadlineMs: 2000 };

/** Options of {@link PostgresCoordinator}. */
export interface PostgresCoordinatorOptions extends Partial<LeaseTiming> {
  /** `postgres://...` of the shared store. */
  url: string;
  nodeId: string;
  /** Where users reach this gateway (shown in the cluster view); asked at every heartbeat. */
  address: () => string;
  logger: Logger;
  metrics?: Registry;
}

interface Row {
  kind: string;
  id: string;
  owner?: string | null;
  epoch?: string | number;
}

/**
 * Leases in PostgreSQL rows (`ferry_leases`): claimed with `FOR UPDATE SKIP LOCKED`, renewed for all of a
 * node's items by one heartbeat, expiring on the database's clock. The coordinator talks to the database
 * through its own small pool and one LISTEN connection, not the store's pool: a heartbeat must not wait
 * behind the store's busy connections, or a loaded node would lose its leases. Fences run on the store's
 * transaction, which is what makes them fences.
 */
export class PostgresCoordinator implements Coordinator {
  readonly kind = 'postgres' as const;
  readonly nodeId: string;
  private readonly timing: LeaseTiming;
  private readonly pool: Pool;
  private readonly metrics: CoordinationMetrics;
  private readonly runners: LeaseRunners;
  private readonly topics: TopicVersions;
  /** Items being released: still renewed until their runner returned. */
  private readonly releasing = new Map<string, Lease>();
  private listener?: Client;
  private queued: () => number = () => 0;
  private tickChain: Promise<void> = Promise.resolve();
  private pendingTick = false;
  private timer?: NodeJS.Timeout;
  private fenceTimer?: NodeJS.Timeout;
  private target = Infinity;
  private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(private readonly options: PostgresCoordinatorOptions) {
    this.nodeId = options.nodeId;
    this.timing = { ...DEFAULT_LEASE_TIMING, ...pick(options) };
    if (this.timing.renewDeadlineMs >= this.timing.ttlMs) throw new Error('coordination: renewDeadlineMs must be below ttlMs (self-fencing)');
    if (this.timing.heartbeatMs >= this.timing.renewDeadlineMs) throw new Error('coordination: heartbeatMs must be below renewDeadlineMs');
    // A heartbeat slower than the renew deadline is too late anyway: give up and try again.
    const limit = this.timing.renewDeadlineMs;
    this.pool = new Pool({
      connectionString: options.url,
      max: 3,
      query_timeout: limit,
      connectionTimeoutMillis: limit,
      // The server drops a session of this node that a partition left inside a transaction, with its locks.
      options: `-c idle_in_transaction_session_timeout=${limit} -c statement_timeout=${limit}`,
    });
    this.pool.on('error', (err) => options.logger.warn({ err }, 'coordination: idle database connection failed'));
    this.metrics = createCoordinationMetrics(options.metrics);
    this.runners = new LeaseRunners(options.logger, this.metrics);
    this.topics = new TopicVersions(options.logger);
  }

  register(kind: string, run: ItemRunner): void {
    this.runners.register(kind, run);
  }

  async want(item: WorkItem): Promise<void> {
    await this.pool.query(sql.WANT, [item.kind, item.id]);
    await this.wake();
  }

  async withdraw(item: WorkItem): Promise<void> {
    await this.runners.end(item, 'withdrawn');
    await this.pool.query(sql.WITHDRAW, [item.kind, item.id]);
    await this.wake();
  }

  async claim(item: WorkItem): Promise<Lease | undefined> {
    const held = this.runners.get(item);
    if (held || this.state !== 'running' || this.runners.all().length >= this.target) return held;
    await this.serial(() => this.claimFree(1, item));
    return this.runners.get(item);
  }

  async release(item: WorkItem): Promise<void> {
    const lease = this.runners.get(item);
    if (!lease) return;
    this.releasing.set(itemKey(item), lease);
    try {
      await this.runners.end(item, 'released');
      await this.pool.query(sql.RELEASE, [item.kind, item.id, this.nodeId, lease.epoch]);
    } finally {
      this.releasing.delete(itemKey(item));
    }
    await this.notify('wake');
  }

  renew(): Promise<void> {
    return this.serial(() => this.heartbeat());
  }

  lease(item: WorkItem): Lease | undefined {
    return this.runners.get(item);
  }

  epoch(item: WorkItem): number | undefined {
    return this.runners.get(item)?.epoch;
  }

  onLost(listener: LossListener): () => void {
    return this.runners.onLost(listener);
  }

  async fence(tx: StoreExecutor, lease: Pick<Lease, 'kind' | 'id' | 'epoch'>): Promise<void> {
    const row = await tx.get<{ owner: string | null; epoch: string | number; valid: boolean | null }>(sql.FENCE, [lease.kind, lease.id]);
    if (row && row.owner === this.nodeId && Number(row.epoch) === lease.epoch && row.valid === true) return;
    this.metrics.refusals.inc({ kind: lease.kind });
    throw new FencedError(lease, lease.epoch, row ? { owner: row.owner, epoch: Number(row.epoch) } : undefined);
  }

  async publish(topic: string): Promise<void> {
    const { rows } = await this.pool.query<{ version: string }>(sql.PUBLISH, [topic]);
    const version = Number(rows[0].version);
    this.topics.seen(topic, version);
    await this.notify(`topic:${version}:${topic}`);
  }

  subscribe(topic: string, listener: () => void): () => void {
    return this.topics.subscribe(topic, listener);
  }

  reportQueuedBytes(source: () => number): void {
    this.queued = source;
  }

  async view(): Promise<ClusterView> {
    const [nodes, leases] = await Promise.all([
      this.pool.query<{ id: string; address: string; heartbeat: number; live: boolean; queued: number }>(sql.VIEW_NODES, [this.timing.ttlMs]),
      this.pool.query<{ kind: string; id: string; owner: string | null; epoch: number; expires: number | null }>(sql.VIEW_LEASES),
    ]);
    return {
      kind: 'postgres',
      nodeId: this.nodeId,
      nodes: nodes.rows.map((n) => ({ id: n.id, address: n.address, lastHeartbeat: Math.round(n.heartbeat), live: n.live, queuedBytes: n.queued })),
      leases: leases.rows.map((l) => ({ kind: l.kind, id: l.id, owner: l.owner, epoch: l.epoch, expiresAt: l.expires === null ? null : Math.round(l.expires) })),
      strandedQueuedBytes: nodes.rows.filter((n) => !n.live).reduce((sum, n) => sum + n.queued, 0),
    };
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(sql.SCHEMA_LOCK);
      await client.query(sql.SCHEMA);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    this.state = 'running';
    await this.listen();
    await this.renew();
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    // Heartbeats go on while runners finish their last batch, so that batch still commits.
    await Promise.all(this.runners.all().map((l) => this.runners.end(l, 'stopped')));
    this.state = 'stopped';
    clearTimeout(this.timer);
    clearTimeout(this.fenceTimer);
    await this.tickChain;
    try {
      await this.pool.query(sql.RELEASE_ALL, [this.nodeId]);
      await this.pool.query(sql.LEAVE, [this.nodeId]);
      await this.notify('wake');
    } catch (err) {
      this.options.logger.warn({ err }, 'coordination: could not hand the leases over; they expire on their own');
    }
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /** Runs `fn` after every earlier heartbeat or claim: they never overlap. */
  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.tickChain.then(fn, fn);
    this.tickChain = next.catch(() => undefined);
    return next;
  }

  private schedule(): void {
    if (this.state === 'stopped') return;
    this.timer = setTimeout(() => {
      this.renew()
        .catch((err) => this.options.logger.warn({ err: { message: (err as Error).message } }, 'coordination heartbeat failed'))
        .finally(() => this.schedule());
    }, this.timing.heartbeatMs);
    this.timer.unref();
  }

  /** Another node (or this one) freed or added an item: rebalance now instead of at the next heartbeat. */
  private async wake(): Promise<void> {
    await this.notify('wake');
  }

  private async notify(payload: string): Promise<void> {
    await this.pool.query(sql.NOTIFY, [payload]);
  }

  private wakeSoon(): void {
    if (this.pendingTick || this.state !== 'running') return;
    this.pendingTick = true;
    setImmediate(() => {
      this.pendingTick = false;
      this.renew().catch((err) => this.options.logger.warn({ err: { message: (err as Error).message } }, 'coordination heartbeat failed'));
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.url });
    client.on('notification', (msg) => {
      const payload = msg.payload ?? '';
      if (payload === 'wake') return this.wakeSoon();
      const match = /^topic:(\d+):(.*)$/s.exec(payload);
      if (match) this.topics.seen(match[2], Number(match[1]));
    });
    client.on('error', (err) => {
      this.options.logger.warn({ err: { message: err.message } }, 'coordination: LISTEN connection lost; polling until it is back');
      this.listener = undefined;
      client.end().catch(() => undefined);
      const retry = setTimeout(() => this.state === 'running' && this.listen().catch(() => undefined), this.timing.heartbeatMs);
      retry.unref();
    });
    await client.connect();
    await client.query(`LISTEN ${sql.CHANNEL}`);
    this.listener = client;
  }

  /** One heartbeat: node row, renewals, losses, topic versions, then the fair share. */
  private async heartbeat(): Promise<void> {
    if (this.state === 'new' || this.state === 'stopped') return;
    const sentAt = performance.now();
    const held = [...this.runners.all(), ...this.releasing.values()];
    // Single statements, not one transaction: a heartbeat cut off mid-way must not leave row locks behind
    // that would keep other nodes from claiming (they skip locked rows).
    await this.pool.query(sql.HEARTBEAT_NODE, [this.nodeId, this.options.address(), Math.round(this.queued())]);
    const renewedRows = await this.pool.query<Row>(sql.RENEW, [this.nodeId, held.map(itemKey), held.map((l) => l.epoch), this.timing.ttlMs]);
    const renewed = new Set(renewedRows.rows.map(itemKey));
    const share = (await this.pool.query<{ live: string[]; items: number }>(sql.SHARE_INPUTS, [this.timing.ttlMs, this.runners.kinds()])).rows[0];
    const topics = (await this.pool.query<{ topic: string; version: string }>(sql.TOPICS)).rows;
    this.armSelfFence(sentAt);
    await this.dropLost(held.filter((l) => !renewed.has(itemKey(l))));
    for (const t of topics) this.topics.seen(t.topic, Number(t.version));
    if (this.state !== 'running') return;
    this.target = fairShare(share.items, share.live, this.nodeId);
    await this.rebalance();
  }

  private armSelfFence(sentAt: number): void {
    clearTimeout(this.fenceTimer);
    const wait = sentAt + this.timing.renewDeadlineMs - performance.now();
    this.fenceTimer = setTimeout(() => {
      for (const lease of this.runners.all()) void this.runners.end(lease, 'self-fenced');
    }, Math.max(0, wait));
    this.fenceTimer.unref();
  }

  private async dropLost(lost: Lease[]): Promise<void> {
    if (lost.length === 0) return;
    const { rows } = await this.pool.query<Row>(sql.WHERE_NOW, [lost.map(itemKey)]);
    const now = new Map(rows.map((r) => [itemKey(r), r]));
    for (const lease of lost) {
      const row = now.get(itemKey(lease));
      const reason = !row ? 'withdrawn' : row.owner && row.owner !== this.nodeId ? 'taken' : 'expired';
      void this.runners.end(lease, reason);
    }
  }

  private async rebalance(): Promise<void> {
    const mine = this.runners.all();
    if (mine.length < this.target) await this.claimFree(this.target - mine.length);
    else if (mine.length > this.target) {
      // Cooperative: the extra items stop here first, then are freed for the others.
      for (const lease of mine.slice(this.target)) void this.release(lease).catch(() => undefined);
    }
  }

  private async claimFree(n: number, only?: WorkItem): Promise<void> {
    const kinds = this.runners.kinds();
    if (n <= 0 || kinds.length === 0) return;
    const params = [this.nodeId, kinds, n, this.timing.ttlMs, only?.kind ?? null, only?.id ?? null];
    const { rows } = await this.pool.query<Row>(sql.CLAIM, params);
    for (const row of rows) this.runners.start({ kind: row.kind, id: row.id }, Number(row.epoch));
  }
}

/** This node's share of `items` among the `live` nodes (sorted ids); see SHARE_INPUTS. */
export function fairShare(items: number, live: readonly string[], nodeId: string): number {
  const nodes = live.includes(nodeId) ? live : [...live, nodeId].sort();
  const base = Math.floor(items / nodes.length);
  return base + (nodes.indexOf(nodeId) < items % nodes.length ? 1 : 0);
}

function pick(o: Partial<LeaseTiming>): Partial<LeaseTiming> {
  const out: Partial<LeaseTiming> = {};
  for (const k of ['ttlMs', 'heartbeatMs', 'renewDeadlineMs'] as const) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
