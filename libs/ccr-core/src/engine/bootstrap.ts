import type { ShardCheckpoint } from '../store/replication.repo';
import { Aborted } from './retry';
import { applyDocs, persist, readWithRetry, type ShardContext } from './shard-context';
import { quiet } from './sync-window';
import { isPitGone, refresh, toDocs, type ShardSearch } from './shard-reader';

/**
 * Copies one leader shard: note its global checkpoint and delete counter, refresh (so every op up to
 * that checkpoint is searchable), then scan a point-in-time (or, on leaders without one, the live
 * index) in `_seq_no` order. Progress is persisted
 * after every batch; a restart reopens a PIT and continues after the last `_seq_no` applied.
 * Sync then starts after the noted checkpoint; ops in between are re-applied idempotently.
 */
export async function bootstrapShard(ctx: ShardContext, cp: ShardCheckpoint): Promise<void> {
  if (cp.bootGcp === undefined) {
    const { shards } = await readWithRetry(ctx, () => ctx.leaderStats(0));
    const s = shards.get(ctx.shard);
    const now = ctx.clock.now();
    await persist(ctx, cp, {
      bootGcp: s?.globalCheckpoint ?? -1,
      deleteTotal: s?.deleteTotal ?? 0,
      bootTotal: s?.docs ?? 0,
      bootBytes: s?.storeBytes ?? 0,
      bootStarted: now,
      bootDocs: 0,
    });
  }
  await readWithRetry(ctx, () => refresh(ctx.leader, ctx.leaderIndex));
  const resumed = cp.bootAfter !== undefined;
  await scan(ctx, cp);
  await persist(ctx, cp, {
    phase: 'sync',
    checkpoint: cp.bootGcp ?? -1,
    leaderCheckpoint: Math.max(cp.leaderCheckpoint, cp.bootGcp ?? -1),
    // A resumed scan may have copied documents deleted since; a cheap count check settles it.
    reconcile: resumed || cp.reconcile,
  });
}

async function scan(ctx: ShardContext, cp: ShardCheckpoint): Promise<void> {
  let pit: ShardSearch | undefined;
  const batch = ctx.config.batchSize;
  const page = async (current: ShardSearch, after: number) => {
    const started = Date.now();
    const body = await readWithRetry(ctx, () =>
      current.search(ctx.shard, {
        size: batch,
        query: { range: { _seq_no: { gt: after } } },
        sort: [{ _seq_no: 'asc' }],
        seq_no_primary_term: true,
        track_total_hits: false,
      }),
    );
    return { docs: toDocs(body?.hits?.hits ?? []), millis: Date.now() - started };
  };
  try {
    for (;;) {
      pit ??= await readWithRetry(ctx, () => ctx.openLeaderSnapshot());
      const current = pit;
      const last = typeof cp.bootAfter?.[0] === 'number' ? (cp.bootAfter[0] as number) : -1;
      // The next page is read while the current one is written.
      let next = quiet(page(current, last));
      try {
        for (;;) {
          if (ctx.signal.aborted) throw new Aborted();
          const { docs, millis } = await next;
          if (docs.length === 0) return;
          const full = docs.length === batch;
          if (full) next = quiet(page(current, docs[docs.length - 1].seqNo));
          await applyDocs(ctx, docs, millis);
          await persist(ctx, cp, { bootAfter: [docs[docs.length - 1].seqNo], bootDocs: cp.bootDocs + docs.length });
          if (!full) return;
        }
      } catch (err) {
        if (!isPitGone((err as { cause?: unknown }).cause ?? err)) throw err;
        pit = undefined;
      }
    }
  } finally {
    await pit?.close();
  }
}
