import type { ShardCheckpoint } from '../store/replication.repo';
import { bootstrapShard } from './bootstrap';
import { reconcileDeletes } from './delete-reconciler';
import { fastReconcile } from './fast-reconciler';
import { FatalReplicationError, pause } from './retry';
import { persist, readWithRetry, type ShardContext } from './shard-context';
import { syncWindow } from './sync-window';

/**
 * One leader shard followed into the same follower shard number: bootstrap once, then poll the
 * leader's checkpoints, reconcile deletes when the leader's delete counter moved, and apply windows
 * of new ops. Everything happens in this one sequence, so a document re-created after a delete is
 * re-applied by the next window.
 */
export class ShardTask {
  private lastReconcile = 0;
  /** A first run in a process starts with one full pass: it repairs what a crash between a bulk and the shadow update left. */
  private fullDone: boolean;

  constructor(
    private readonly ctx: ShardContext,
    private readonly onBootstrapped: () => Promise<void>,
    fullPassFirst = true,
  ) {
    this.fullDone = !fullPassFirst;
  }

  async run(): Promise<void> {
    const cp = (await this.ctx.repo.shards(this.ctx.followerIndex)).find((s) => s.shard === this.ctx.shard);
    if (!cp) throw new FatalReplicationError(`no checkpoint row for shard ${this.ctx.shard}`);
    if (cp.phase === 'bootstrap') {
      await bootstrapShard(this.ctx, cp);
      await this.onBootstrapped();
    }
    for (;;) {
      const moved = await this.tick(cp);
      if (!moved) await pause(this.ctx.config.pollIntervalMs, this.ctx.signal);
    }
  }

  /** One poll; true when it applied something (poll again at once). */
  private async tick(cp: ShardCheckpoint): Promise<boolean> {
    const { at, shards } = await readWithRetry(this.ctx, () => this.ctx.leaderStats(this.ctx.config.pollIntervalMs / 2));
    const s = shards.get(this.ctx.shard);
    if (!s) throw new FatalReplicationError(`leader shard [${this.ctx.leaderIndex}][${this.ctx.shard}] does not exist`);
    // Status shows the leader's checkpoint as last read, also while a long window or reconciliation runs.
    if (s.globalCheckpoint !== cp.leaderCheckpoint) await persist(this.ctx, cp, { leaderCheckpoint: s.globalCheckpoint });
    // Under steady deletes a reconciliation runs at most every interval; a full one lists whole shards.
    const due = Date.now() - this.lastReconcile >= this.ctx.config.reconcileIntervalMs;
    if (cp.reconcile || !this.fullDone) {
      this.lastReconcile = Date.now();
      const deleted = await reconcileDeletes(this.ctx, cp, at);
      this.fullDone = true;
      this.ctx.logger.debug({ index: this.ctx.followerIndex, shard: this.ctx.shard, deleted, ms: Date.now() - this.lastReconcile }, 'deletes reconciled (full)');
      await persist(this.ctx, cp, { reconcile: false, deleteTotal: s.deleteTotal });
      return true;
    }
    if (cp.deleteTotal !== s.deleteTotal && due) {
      this.lastReconcile = Date.now();
      const r = await fastReconcile(this.ctx, cp);
      this.ctx.logger.debug({ index: this.ctx.followerIndex, shard: this.ctx.shard, ...r, ms: Date.now() - this.lastReconcile }, 'deletes reconciled');
      await persist(this.ctx, cp, { reconcile: r.needsFull, deleteTotal: r.partial ? cp.deleteTotal : s.deleteTotal });
      return true;
    }
    if (s.globalCheckpoint > cp.checkpoint) {
      const started = Date.now();
      const from = cp.checkpoint;
      await syncWindow(this.ctx, cp, { globalCheckpoint: s.globalCheckpoint, readAt: at });
      this.ctx.logger.debug({ index: this.ctx.followerIndex, shard: this.ctx.shard, ops: s.globalCheckpoint - from, ms: Date.now() - started }, 'window applied');
      return true;
    }
    return false;
  }
}
