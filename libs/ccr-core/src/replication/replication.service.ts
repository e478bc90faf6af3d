import type { Clock, KeyedLock, Logger } from '@ferry/core';
import type { CcrConfig } from '../config';
import { createFollowerIndex, isDynamic } from '../engine/metadata';
import { setReplicationBlock } from '../engine/replication-block';
import type { ReplicationEngine } from '../engine/replication-engine';
import { ccrErrors, fromCluster } from '../errors';
import type { ClusterAccess } from '../rest/cluster-access';
import { seg, type RestError } from '../rest/rest';
import type { CcrStats } from '../stats/ccr-stats';
import type { DocShadowRepository } from '../store/doc-shadow.repo';
import type { Replication, ReplicationRepository } from '../store/replication.repo';
import type { StatusResponse, UseRoles } from './replication.schemas';
import { checkLeader, checkRoles, checkSettings, checkStartBlock, validateStart } from './start-checks';
import { readStatus, type StatusView } from './status';

/** Options of {@link ReplicationService}. */
export interface ReplicationServiceOptions {
  repo: ReplicationRepository;
  shadow: DocShadowRepository;
  clusters: ClusterAccess;
  engine: () => ReplicationEngine;
  stats: CcrStats;
  config: CcrConfig;
  clock: Clock;
  logger: Logger;
  /** Serializes control operations per follower index; shared with the engine's own transitions. */
  lock: KeyedLock;
  /** Tells every gateway sharing the store that the follower set changed (they reload it). */
  followersChanged?: () => Promise<void>;
}

/** A `_start` as the service takes it. */
export interface StartRequest {
  followerIndex: string;
  leaderAlias?: string;
  leaderIndex?: string;
  useRoles?: UseRoles;
  settings?: Record<string, unknown>;
  waitForRestore?: boolean;
  /** Started by an autofollow rule (`alias:name`): no caller whose role to check. */
  rule?: string;
}

/**
 * The replication API's logic: start, stop, pause, resume, update and status, with the plugin's checks
 * and errors. Also keeps the set of follower indices the write guard refuses writes to.
 *
 * Every control operation on a follower index runs under the shared lock for that index, as do the
 * engine's own transitions (bootstrap done, auto-pause), so each one reads the state it acts on and
 * nothing changes it until it is done: concurrent calls answer as if run one after another.
 */
export class ReplicationService {
  private readonly followers = new Set<string>();

  constructor(private readonly o: ReplicationServiceOptions) {}

  /** Loads follower names for the write guard; at start, and whenever any gateway sharing the store changed them. */
  async load(): Promise<void> {
    const names = new Set((await this.o.repo.list()).map((r) => r.followerIndex));
    for (const name of names) this.followers.add(name);
    for (const name of this.followers) if (!names.has(name)) this.followers.delete(name);
  }

  private announce(): void {
    this.o.followersChanged?.().catch((err) => this.o.logger.warn({ err }, 'could not tell the other gateways about the follower set'));
  }

  /** Indices under replication (any state but stopped): writes through the gateway are refused. */
  isFollower(index: string): boolean {
    return this.followers.has(index);
  }

  followerNames(): string[] {
    return [...this.followers];
  }

  async start(req: StartRequest): Promise<void> {
    validateStart(req);
    await this.o.lock.run(req.followerIndex, () => this.startLocked(req));
    // Outside the lock: the engine takes it to mark the replication syncing.
    if (req.waitForRestore) await this.waitForRestore(req.followerIndex);
  }

  private async startLocked(req: StartRequest): Promise<void> {
    checkStartBlock(this.o.config);
    checkRoles(req.useRoles, this.o.clusters, req.rule !== undefined);
    const input = { followerIndex: req.followerIndex, leaderAlias: req.leaderAlias!, leaderIndex: req.leaderIndex!, useRoles: req.useRoles, settings: req.settings ?? {} };
    const overrides = checkSettings(input.settings);
    if (!(await this.o.clusters.has(input.leaderAlias))) throw ccrErrors.noSuchRemoteCluster(input.leaderAlias);
    const leader = await this.o.clusters.leader(input.leaderAlias, input.useRoles);
    // An unsupported leader (too old, root refused) is refused here rather than auto-paused later.
    await this.o.clusters.leaderFamily(input.leaderAlias, input.useRoles).catch((e) => Promise.reject(fromCluster(e)));
    const info = await checkLeader({ clusters: this.o.clusters, input, leader }).catch((e) => Promise.reject(fromCluster(e)));
    const follower = await this.o.clusters.follower(input.useRoles);
    const exists = await follower.call({ method: 'HEAD', path: `/${seg(input.followerIndex)}`, ignore: [404] }).catch((e) => Promise.reject(fromCluster(e)));
    if (exists.status !== 404 || (await this.o.repo.get(input.followerIndex))) throw ccrErrors.followerExists(input.followerIndex);
    await this.o.repo.insert({ ...input, state: 'RUNNING', phase: 'creating', reason: 'User initiated', settings: overrides, numShards: 0, rule: req.rule }, this.o.clock.now());
    this.followers.add(input.followerIndex);
    this.announce();
    try {
      const shards = await createFollowerIndex({ follower, index: input.followerIndex, leader: info, overrides });
      await setReplicationBlock({ follower, index: input.followerIndex, blocked: true, logger: this.o.logger });
      await this.o.repo.initShards(input.followerIndex, shards);
    } catch (err) {
      await this.o.repo.remove(input.followerIndex);
      this.followers.delete(input.followerIndex);
      this.announce();
      throw fromCluster(err);
    }
    this.o.engine().start(input.followerIndex);
  }

  private async waitForRestore(index: string): Promise<void> {
    for (;;) {
      const rep = await this.o.repo.get(index);
      if (!rep || rep.state !== 'RUNNING' || rep.phase === 'syncing') return;
      await new Promise((r) => setTimeout(r, Math.min(this.o.config.pollIntervalMs, 200)));
    }
  }

  private async require(index: string): Promise<Replication> {
    const rep = await this.o.repo.get(index);
    if (!rep) throw ccrErrors.noReplication(index);
    return rep;
  }

  /** Stop: the follower becomes a plain index (deleted if still bootstrapping, as the plugin does). */
  async stop(index: string): Promise<void> {
    await this.o.lock.run(index, () => this.stopLocked(index));
  }

  private async stopLocked(index: string): Promise<void> {
    await this.require(index);
    await this.o.engine().halt(index);
    // Read after the halt: the task may have finished its bootstrap meanwhile.
    const rep = await this.require(index);
    const follower = await this.o.clusters.follower(rep.useRoles);
    if (rep.state === 'RUNNING' && rep.phase !== 'syncing') {
      await follower.call({ method: 'DELETE', path: `/${seg(index)}`, ignore: [404] }).catch((e) => Promise.reject(fromCluster(e)));
    } else {
      // Lifted before the replication is forgotten, so a failed stop leaves a still-guarded follower.
      await setReplicationBlock({ follower, index, blocked: false, logger: this.o.logger }).catch((e) => Promise.reject(fromCluster(e)));
    }
    await this.forget(index);
  }

  /** Drops a replication's rows, shadow, guard entry and counters. */
  private async forget(index: string): Promise<void> {
    await this.o.repo.remove(index);
    await this.o.shadow.clear(index);
    this.followers.delete(index);
    this.announce();
    this.o.stats.forget(index);
  }

  async pause(index: string, reason?: string): Promise<void> {
    await this.o.lock.run(index, () => this.pauseLocked(index, reason));
  }

  private async pauseLocked(index: string, reason?: string): Promise<void> {
    const rep = await this.require(index);
    if (rep.state === 'PAUSED') throw ccrErrors.alreadyPaused(index);
    if (rep.state !== 'RUNNING') throw ccrErrors.cannotPause(rep.state);
    if (rep.phase !== 'syncing') throw ccrErrors.pauseDuringRestore(index);
    await this.o.repo.setState(index, 'PAUSED', reason || 'User initiated', this.o.clock.now());
    await this.o.engine().halt(index);
  }

  async resume(index: string, forceResume = false): Promise<void> {
    await this.o.lock.run(index, () => this.resumeLocked(index, forceResume));
  }

  private async resumeLocked(index: string, forceResume: boolean): Promise<void> {
    const rep = await this.require(index);
    if (rep.state !== 'PAUSED') throw ccrErrors.alreadyRunning(index);
    const leader = await this.o.clusters.leader(rep.leaderAlias, rep.useRoles);
    await checkLeader({ clusters: this.o.clusters, input: { ...rep, settings: rep.settings }, leader }).catch((e) => Promise.reject(fromCluster(e)));
    if (forceResume) {
      // Checkpoints go first: a crash before the delete leaves a paused replication that re-creates (or
      // re-copies into) its follower on resume, never one resuming from checkpoints into a missing index.
      await this.o.repo.resetShards(index);
      await this.o.shadow.clear(index);
      const follower = await this.o.clusters.follower(rep.useRoles);
      await follower.call({ method: 'DELETE', path: `/${seg(index)}`, ignore: [404] }).catch((e) => Promise.reject(fromCluster(e)));
    }
    await this.o.repo.setState(index, 'RUNNING', 'User initiated', this.o.clock.now());
    this.o.engine().start(index);
  }

  async update(index: string, settings: Record<string, unknown>): Promise<void> {
    await this.o.lock.run(index, () => this.updateLocked(index, settings));
  }

  private async updateLocked(index: string, settings: Record<string, unknown>): Promise<void> {
    const rep = await this.require(index);
    if (rep.state !== 'RUNNING' && rep.state !== 'PAUSED') throw ccrErrors.cannotUpdate(rep.state);
    const flat = checkSettings(settings);
    await this.o.repo.setSettings(index, { ...rep.settings, ...flat }, this.o.clock.now());
    // Stored as overrides like the plugin; dynamic ones are also applied now rather than at the next metadata sync.
    const dynamic = Object.fromEntries(Object.entries(flat).filter(([k]) => isDynamic(k)));
    if (Object.keys(dynamic).length === 0) return;
    const follower = await this.o.clusters.follower(rep.useRoles);
    await follower.call({ method: 'PUT', path: `/${seg(index)}/_settings`, body: dynamic }).catch((err) => {
      this.o.logger.warn({ err, index }, 'could not apply updated settings now; the metadata sync retries');
    });
  }

  async status(index: string, view: StatusView): Promise<StatusResponse> {
    return readStatus(this.o, index, view);
  }

  /** Every replication with its status (beyond the plugin: issue #380). */
  async statusAll(view: StatusView): Promise<{ replications: StatusResponse[] }> {
    const out: StatusResponse[] = [];
    for (const rep of await this.o.repo.list()) out.push(await this.status(rep.followerIndex, view));
    return { replications: out };
  }

  /**
   * A permanent failure of a task that has ended: auto-pause with the reason, or stop and delete when the
   * leader is gone and configured so. Ignored when a control call came first (paused, stopped or restarted).
   */
  async onFatal(index: string, reason: string, cause?: RestError): Promise<void> {
    await this.o.lock.run(index, () => this.onFatalLocked(index, reason, cause));
  }

  private async onFatalLocked(index: string, reason: string, cause?: RestError): Promise<void> {
    const rep = await this.o.repo.get(index);
    if (rep?.state !== 'RUNNING' || this.o.engine().isRunning(index)) return;
    this.o.logger.warn({ index, reason }, 'replication auto-paused');
    if (this.o.config.replicateDeleteIndex && cause?.type === 'index_not_found_exception') {
      const follower = await this.o.clusters.follower(rep.useRoles);
      await this.forget(index);
      await follower.call({ method: 'DELETE', path: `/${seg(index)}`, ignore: [404] }).catch(() => undefined);
      return;
    }
    await this.o.repo.setState(index, 'PAUSED', reason, this.o.clock.now());
  }
}
