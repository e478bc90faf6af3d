import { FencedError, type KeyedLock, type Logger } from '@ferry/core';
import type { CcrConfig } from '../config';
import type { ClusterAccess } from '../rest/cluster-access';
import { RestError, seg } from '../rest/rest';
import type { CcrStats } from '../stats/ccr-stats';
import type { DocShadowRepository } from '../store/doc-shadow.repo';
import type { Replication, ReplicationRepository } from '../store/replication.repo';
import { FollowerWriter } from './follower-writer';
import { openLeaderSnapshot } from './leader-snapshot';
import { LeaderView } from './leader-view';
import { createFollowerIndex, leaderIndexInfo, syncMetadata } from './metadata';
import { setReplicationBlock } from './replication-block';
import { Aborted, FatalReplicationError, pause, withRetry } from './retry';
import type { ShardContext } from './shard-context';
import { ShardTask } from './shard-task';

/** What an index task needs from its surroundings. */
export interface IndexTaskDeps {
  repo: ReplicationRepository;
  shadow: DocShadowRepository;
  clusters: ClusterAccess;
  stats: CcrStats;
  config: CcrConfig;
  logger: Logger;
  clock: { now(): number };
  /** The replication service's lock per follower index: the task's own state transitions take it too. */
  lock: KeyedLock;
  /** Write the leader's `_seq_no` as an external version (gateways sharing a store: no stale overwrite). */
  externalVersions?: boolean;
  /** First run in this process: shard tasks start with a full delete reconciliation (crash repair). */
  firstRun?: boolean;
  /** Called with the reason when a shard failed permanently; the engine pauses or stops. */
  onFatal(followerIndex: string, reason: string, cause?: RestError): Promise<void>;
}

const JAVA_NAMES: Record<string, string> = {
  index_not_found_exception: 'org.opensearch.index.IndexNotFoundException',
  index_closed_exception: 'org.opensearch.indices.IndexClosedException',
};

/** The plugin's auto-pause reason: `AutoPaused: [[follower][N] - Exception - "reason"]`. */
export function autoPauseReason(followerIndex: string, shard: number | undefined, err: FatalReplicationError): string {
  const type = err.cause?.type ?? '';
  const name = JAVA_NAMES[type] ?? (type || 'OpenSearchException');
  const where = shard === undefined ? `[${followerIndex}]` : `[${followerIndex}][${shard}]`;
  return `AutoPaused: [${where} - ${name} - "${err.cause?.reason ?? err.message}"]`;
}

/**
 * One follower index: creates it if a crash interrupted `_start`, runs one {@link ShardTask} per
 * shard and periodically syncs mappings, dynamic settings and aliases. The first permanent failure of
 * any shard stops the others and is reported through `onFatal` (auto-pause).
 */
export class IndexTask {
  constructor(
    private readonly followerIndex: string,
    private readonly deps: IndexTaskDeps,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    const inner = new AbortController();
    const stop = () => inner.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await this.runInner(inner);
    } catch (err) {
      // A refused (fenced) commit means the lease moved on: stop quietly, the new owner carries on.
      if (err instanceof Aborted || err instanceof FencedError || signal.aborted) return;
      const fatal = err instanceof FatalReplicationError ? err : new FatalReplicationError((err as Error).message);
      await this.forgetLeaderFamily();
      const shard = (err as { shard?: number }).shard;
      inner.abort();
      await this.deps.onFatal(this.followerIndex, autoPauseReason(this.followerIndex, shard, fatal), fatal.cause);
    } finally {
      signal.removeEventListener('abort', stop);
      inner.abort();
    }
  }

  private async runInner(inner: AbortController): Promise<void> {
    const signal = inner.signal;
    let rep = await this.deps.repo.get(this.followerIndex);
    if (!rep || rep.state !== 'RUNNING') return;
    const leader = await this.deps.clusters.leader(rep.leaderAlias, rep.useRoles);
    const follower = await this.deps.clusters.follower(rep.useRoles);
    if (rep.phase === 'creating') rep = await this.recreate(rep, signal);
    // On every (re)start, resume and restart: the follower may predate the block or have lost it.
    await setReplicationBlock({ follower, index: rep.followerIndex, blocked: true, logger: this.deps.logger }).catch((err) => {
      this.deps.logger.warn({ err, index: rep.followerIndex }, 'could not set the follower block; the gateway guard still applies');
    });
    const retry = { signal, initialMs: this.deps.config.retryInitialMs, maxMs: this.deps.config.retryMaxMs };
    const { leaderAlias, leaderIndex, useRoles } = rep;
    const { strategy } = await withRetry(() => this.deps.clusters.leaderFamily(leaderAlias, useRoles), retry);
    const openSnapshot = () => openLeaderSnapshot({ rest: leader, index: leaderIndex, keepAlive: this.deps.config.pitKeepAlive, strategy });
    const view = new LeaderView(leader, rep.leaderIndex);
    const shards = await this.deps.repo.shards(this.followerIndex);
    // A crash after the last shard's bootstrap but before the index was marked leaves no shard to mark it.
    if (rep.phase === 'bootstrapping' && shards.every((s) => s.phase === 'sync')) await this.maybeSynced(signal);
    const writer = new FollowerWriter(follower, rep.followerIndex, this.deps.externalVersions === true);
    let fail!: (err: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const running = shards.map((cp) => {
      const ctx: ShardContext = {
        followerIndex: rep.followerIndex,
        leaderIndex: rep.leaderIndex,
        leaderKey: rep.leaderIndex,
        shard: cp.shard,
        leader,
        follower,
        writer,
        repo: this.deps.repo,
        shadow: this.deps.shadow,
        stats: this.deps.stats,
        config: this.deps.config,
        signal,
        clock: this.deps.clock,
        logger: this.deps.logger,
        leaderStats: (age) => view.shardStats(age),
        leaderRefreshedSince: (since) => view.refreshedSince(since),
        openLeaderSnapshot: openSnapshot,
      };
      return new ShardTask(ctx, () => this.maybeSynced(signal), this.deps.firstRun !== false).run().catch((err) => {
        if (!(err instanceof Aborted)) fail(Object.assign(err, { shard: cp.shard }));
      });
    });
    try {
      await Promise.race([failed, this.metadataLoop(rep, signal)]);
    } finally {
      // Every shard task must have stopped writing before pause/stop/delete proceed.
      inner.abort();
      await Promise.allSettled(running);
    }
  }

  /** A resume may meet another leader behind the same connection (upgraded, restored): it is probed again. */
  private async forgetLeaderFamily(): Promise<void> {
    const alias = (await this.deps.repo.get(this.followerIndex).catch(() => undefined))?.leaderAlias;
    if (alias) await this.deps.clusters.forgetFamily(alias).catch(() => undefined);
  }

  /** Marks the index SYNCING once every shard left its bootstrap, if it is still this task's to mark. */
  private async maybeSynced(signal: AbortSignal): Promise<void> {
    await this.transition(signal, async () => {
      const rep = await this.deps.repo.get(this.followerIndex);
      const shards = await this.deps.repo.shards(this.followerIndex);
      if (rep?.state !== 'RUNNING' || rep.phase !== 'bootstrapping' || shards.length === 0) return;
      if (shards.every((s) => s.phase === 'sync')) await this.deps.repo.setPhase(this.followerIndex, 'syncing');
    });
  }

  /**
   * Runs a state change under the replication's lock, so no control call interleaves with it. A halt
   * (which holds the lock and waits for this task) aborts the wait.
   */
  private async transition(signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
    try {
      await this.deps.lock.run(this.followerIndex, async () => {
        if (signal.aborted) throw new Aborted();
        await fn();
      }, { signal });
    } catch (err) {
      throw signal.aborted ? new Aborted() : err;
    }
  }

  private async metadataLoop(rep: Replication, signal: AbortSignal): Promise<never> {
    for (;;) {
      await pause(this.deps.config.metadataSyncIntervalMs, signal);
      const current = (await this.deps.repo.get(this.followerIndex)) ?? rep;
      try {
        await syncMetadata({
          leader: await this.deps.clusters.leader(rep.leaderAlias, rep.useRoles),
          follower: await this.deps.clusters.follower(rep.useRoles),
          leaderIndex: rep.leaderIndex,
          index: rep.followerIndex,
          overrides: current.settings,
        });
      } catch (err) {
        // A metadata hiccup is not worth a pause: the next round retries; data keeps flowing.
        this.deps.logger.warn({ err, index: rep.followerIndex }, 'metadata sync failed');
      }
    }
  }

  /** Finishes a `_start` a crash interrupted: the follower may or may not exist yet. */
  private async recreate(rep: Replication, signal: AbortSignal): Promise<Replication> {
    const retry = { signal, initialMs: this.deps.config.retryInitialMs, maxMs: this.deps.config.retryMaxMs };
    const leader = await this.deps.clusters.leader(rep.leaderAlias, rep.useRoles);
    const follower = await this.deps.clusters.follower(rep.useRoles);
    const info = await withRetry(() => leaderIndexInfo(leader, rep.leaderIndex), retry);
    const exists = await withRetry(() => follower.call({ method: 'HEAD', path: `/${seg(rep.followerIndex)}`, ignore: [404] }), retry);
    let shards = Number(info.settings['index.number_of_shards'] ?? 1);
    if (exists.status === 404) shards = await withRetry(() => createFollowerIndex({ follower, index: rep.followerIndex, leader: info, overrides: rep.settings }), retry);
    await this.transition(signal, async () => {
      const current = await this.deps.repo.get(rep.followerIndex);
      if (current?.state === 'RUNNING' && current.phase === 'creating') await this.deps.repo.initShards(rep.followerIndex, shards);
    });
    const current = await this.deps.repo.get(rep.followerIndex);
    if (current?.state !== 'RUNNING' || current.phase === 'creating') throw new Aborted();
    return current;
  }
}
