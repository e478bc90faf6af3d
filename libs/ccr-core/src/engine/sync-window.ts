import { seg } from '../rest/rest';
import type { ShardCheckpoint } from '../store/replication.repo';
import { Aborted } from './retry';
import { applyDocs, persist, readWithRetry, type ShardContext } from './shard-context';
import { toDocs } from './shard-reader';

/**
 * Applies the leader shard's ops in (checkpoint, globalCheckpoint], read by `_seq_no` after a refresh
 * that started after the checkpoint was read (a window read before it would skip documents forever).
 * Gaps are normal: updated documents show only their newest `_seq_no`, deleted ones none. Returns how many
 * `_seq_no`s of the window no live document holds: a delete always leaves one.
 */
export async function syncWindow(ctx: ShardContext, cp: ShardCheckpoint, window: { globalCheckpoint: number; readAt: number }): Promise<number> {
  await readWithRetry(ctx, () => ctx.leaderRefreshedSince(window.readAt));
  const batch = ctx.config.batchSize;
  const fetch = async (from: number) => {
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
    return { docs: toDocs(body?.hits?.hits ?? []), millis: Date.now() - started };
  };
  // Read the next page while the current one is written: leader and follower work at the same time.
  const from = cp.checkpoint;
  let live = 0;
  let next = quiet(fetch(from));
  for (;;) {
    if (ctx.signal.aborted) throw new Aborted();
    const { docs, millis } = await next;
    const done = docs.length < batch;
    if (!done) next = quiet(fetch(docs[docs.length - 1].seqNo));
    await applyDocs(ctx, docs, millis);
    live += docs.length;
    const checkpoint = done ? window.globalCheckpoint : docs[docs.length - 1].seqNo;
    await persist(ctx, cp, { checkpoint });
    if (done) return window.globalCheckpoint - from - live;
  }
}

/** Marks a prefetch as handled so that abandoning it (the write failed) is not an unhandled rejection. */
export function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
