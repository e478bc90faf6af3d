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
  /** How long the last fast pass took: passes are spaced by at least twice that, so they cannot take over the task. */
  private lastPassMs = 0;
  /** `_seq_no`s of applied windows that no live leader document holds since the last complete pass (deletes among them). */
  private gaps = 0;
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

  /**
   * Whether a fast delete pass runs now. The leader's per-shard `delete_total` (read by every poll anyway)
   * says when deletes happened: a pass then runs within `deleteCheckIntervalMs`. The `_seq_no` gaps of the
   * windows applied are the safety net for leaders whose counter reset or moved to another copy: a delete
   * always leaves one (its `_seq_no` has no live document), so any gap gets a pass within `reconcileIntervalMs`.
   */
  private deleteCheckDue(counterMoved: boolean): boolean {
    const since = Date.now() - this.lastReconcile;
    const { deleteCheckIntervalMs, reconcileIntervalMs } = this.ctx.config;
    if (counterMoved && since >= Math.min(reconcileIntervalMs, Math.max(deleteCheckIntervalMs, 2 * this.lastPassMs))) return true;
    return this.gaps > 0 && since >= reconcileIntervalMs;
  }

  /** One poll; true when it applied something (poll again at once). */
  private async tick(cp: ShardCheckpoint): Promise<boolean> {
    const { at, shards } = await readWithRetry(this.ctx, () => this.ctx.leaderStats(this.ctx.config.pollIntervalMs / 2));
    const s = shards.get(this.ctx.shard);
    if (!s) throw new FatalReplicationError(`leader shard [${this.ctx.leaderIndex}][${this.ctx.shard}] does not exist`);
    // Status shows the leader's checkpoint as last read, also while a long window or reconciliation runs.
    if (s.globalCheckpoint !== cp.leaderCheckpoint) await persist(this.ctx, cp, { leaderCheckpoint: s.globalCheckpoint });
    if (cp.reconcile || !this.fullDone) {
      this.lastReconcile = Date.now();
      const deleted = await reconcileDeletes(this.ctx, cp, at);
      this.fullDone = true;
      this.gaps = 0;
      this.ctx.logger.debug({ index: this.ctx.followerIndex, shard: this.ctx.shard, deleted, ms: Date.now() - this.lastReconcile }, 'deletes reconciled (full)');
      await persist(this.ctx, cp, { reconcile: false, deleteTotal: s.deleteTotal });
      return true;
    }
    if (this.deleteCheckDue(cp.deleteTotal !== s.deleteTotal)) {
      const started = (this.lastReconcile = Date.now());
      // The window first: documents updated since the checkpoint would otherwise each be a candidate to check,
      // and its refresh (started after the stats were read, so after the deletes counted) serves the pass.
      if (s.globalCheckpoint > cp.checkpoint) this.gaps += await syncWindow(this.ctx, cp, { globalCheckpoint: s.globalCheckpoint, readAt: at });
      const r = await fastReconcile(this.ctx, cp, at);
      this.lastPassMs = Date.now() - started;
      if (!r.partial) this.gaps = 0;
      this.ctx.logger.debug({ index: this.ctx.followerIndex, shard: this.ctx.shard, ...r, ms: this.lastPassMs }, 'deletes reconciled');
      await persist(this.ctx, cp, { reconcile: r.needsFull, deleteTotal: r.partial ? cp.deleteTotal : s.deleteTotal });
      return true;
    }
    if (s.globalCheckpoint > cp.checkpoint) {
      const started = Date.now();
      const from = cp.checkpoint;
      this.gaps += await syncWindow(this.ctx, cp, { globalCheckpoint: s.globalCheckpoint, readAt: at });
      this.ctx.logger.debug({ index: this.ctx.followerIndex, shard: this.ctx.shard, ops: s.globalCheckpoint - from, ms: Date.now() - started }, 'window applied');
      return true;
    }
    return false;
  }
}
