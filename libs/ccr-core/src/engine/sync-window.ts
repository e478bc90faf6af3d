import { seg } from '../rest/rest';
import type { ShardCheckpoint } from '../store/replication.repo';
import { Aborted } from './retry';
import { applyDocs, persist, readWithRetry, type ShardContext } from './shard-context';
import { toDocs } from './shard-reader';

/**
 * Applies the leader shard's ops in (checkpoint, globalCheckpoint], read by `_seq_no` after a refresh
 * that started after the checkpoint was read (a window read before it would skip documents forever).
 * Gaps are normal: updated documents show only their newest `_seq_no`, deleted ones none.
 */
export async function syncWindow(ctx: ShardContext, cp: ShardCheckpoint, window: { globalCheckpoint: number; readAt: number }): Promise<void> {
  await readWithRetry(ctx, () => ctx.leaderRefreshedSince(window.readAt));
  const batch = ctx.config.batchSize;
  for (;;) {
    if (ctx.signal.aborted) throw new Aborted();
    const from = cp.checkpoint;
    const started = Date.now();
    const body = await readWithRetry(ctx, () =>
      ctx.leader.json({
        method: 'POST',
        path: `/${seg(ctx.leaderIndex)}/_search`,
        query: { preference: `_shards:${ctx.shard}` },
        body: {
          size: batch,
          query: { range: { _seq_no: { gt: from, lte: window.globalCheckpoint } } },
          sort: [{ _seq_no: 'asc' }],
          seq_no_primary_term: true,
          track_total_hits: false,
        },
      }),
    );
    const docs = toDocs(body?.hits?.hits ?? []);
    await applyDocs(ctx, docs, Date.now() - started);
    const done = docs.length < batch;
    const checkpoint = done ? window.globalCheckpoint : docs[docs.length - 1].seqNo;
    await persist(ctx, cp, { checkpoint, leaderCheckpoint: Math.max(cp.leaderCheckpoint, window.globalCheckpoint) });
    if (done) return;
  }
}
