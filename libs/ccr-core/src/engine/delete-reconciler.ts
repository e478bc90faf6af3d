import { RestError, seg } from '../rest/rest';
import type { ShardCheckpoint } from '../store/replication.repo';
import type { DocRef } from './follower-writer';
import { Aborted } from './retry';
import { applyDocs, readWithRetry, writeWithRetry, type ShardContext } from './shard-context';
import { PointInTime, refresh, toDocs, type ShardSearch } from './shard-reader';

type Slice = { id: number; max: number } | undefined;

/**
 * Deletes on the follower what the leader deleted. Search cannot see deletes, so compare sets against
 * a frozen leader snapshot (a PIT; on leaders without PIT the live index, so a count can be off by the
 * writes of the moment and the next pass settles it): first apply every snapshot document newer than the checkpoint, so
 * the follower holds all of them; then equal per-shard counts mean equal sets. Where counts differ,
 * narrow down with slices by `_id` hash (clusters refuse range, prefix and sort on `_id`) and diff the
 * id lists; extras on the follower are deleted.
 * @returns how many follower documents were deleted
 */
export async function reconcileDeletes(ctx: ShardContext, cp: ShardCheckpoint, readAt: number): Promise<number> {
  const t0 = Date.now();
  const mark = (step: string) => ctx.logger.trace({ shard: ctx.shard, step, ms: Date.now() - t0 }, 'reconcile step');
  await readWithRetry(ctx, () => ctx.leaderRefreshedSince(readAt));
  mark('refreshed');
  const leaderPit = await readWithRetry(ctx, () => ctx.openLeaderSnapshot());
  let followerPit: PointInTime | undefined;
  try {
    await applySnapshotTail(ctx, leaderPit, cp.checkpoint);
    mark('tail');
    await writeWithRetry(ctx, () => refresh(ctx.follower, ctx.followerIndex));
    const leaderCount = await readWithRetry(ctx, () => pitCount(leaderPit, ctx.shard, undefined));
    const followerCount = await writeWithRetry(ctx, () => followerShardCount(ctx));
    mark('counted');
    if (leaderCount === followerCount) return 0;
    followerPit = await writeWithRetry(ctx, () => PointInTime.open({ rest: ctx.follower, index: ctx.followerIndex, keepAlive: ctx.config.pitKeepAlive }));
    const fpit = followerPit;
    let max = Math.max(1, Math.ceil(followerCount / ctx.config.reconcileSliceDocs));
    let deleted = 0;
    for (let id = 0; id < max; id++) {
      if (ctx.signal.aborted) throw new Aborted();
      let slice: Slice = max > 1 ? { id, max } : undefined;
      if (slice) {
        const s = slice;
        const lc = await readWithRetry(ctx, () => pitCount(leaderPit, ctx.shard, s));
        const fc = await writeWithRetry(ctx, () => pitCount(fpit, ctx.shard, s));
        // A cluster that ignores `slice` answers whole-shard counts: diff the shard once instead.
        if (id === 0 && lc === leaderCount && fc === followerCount) [slice, max] = [undefined, 1];
        else if (lc === fc) continue;
      }
      const sl = slice;
      const leaderIds = new Set((await readWithRetry(ctx, () => listRefs(leaderPit, ctx, sl))).map((r) => r.id));
      const followerRefs = await writeWithRetry(ctx, () => listRefs(fpit, ctx, sl));
      const extras = followerRefs.filter((r) => !leaderIds.has(r.id));
      mark('listed');
      for (let i = 0; i < extras.length; i += ctx.config.batchSize) {
        const part = extras.slice(i, i + ctx.config.batchSize);
        await writeWithRetry(ctx, () => ctx.writer.delete(part));
        await ctx.shadow.remove(ctx.followerIndex, part.map((r) => r.id));
      }
      ctx.stats.wrote(ctx.followerIndex, extras.length, 0);
      deleted += extras.length;
    }
    return deleted;
  } finally {
    await leaderPit.close();
    await followerPit?.close();
  }
}

async function applySnapshotTail(ctx: ShardContext, pit: ShardSearch, checkpoint: number): Promise<void> {
  let last = checkpoint;
  for (;;) {
    if (ctx.signal.aborted) throw new Aborted();
    const started = Date.now();
    const body = await readWithRetry(ctx, () =>
      pit.search(ctx.shard, {
        size: ctx.config.batchSize,
        query: { range: { _seq_no: { gt: last } } },
        sort: [{ _seq_no: 'asc' }],
        seq_no_primary_term: true,
        track_total_hits: false,
      }),
    );
    const docs = toDocs(body?.hits?.hits ?? []);
    await applyDocs(ctx, docs, Date.now() - started);
    if (docs.length < ctx.config.batchSize) return;
    last = docs[docs.length - 1].seqNo;
  }
}

async function pitCount(pit: ShardSearch, shard: number, slice: Slice): Promise<number> {
  const body = await pit.search(shard, { size: 0, track_total_hits: true, ...(slice ? { slice: { field: '_id', ...slice } } : {}) });
  return totalOf(body);
}

async function followerShardCount(ctx: ShardContext): Promise<number> {
  const body = await ctx.follower.json({
    method: 'POST',
    path: `/${seg(ctx.followerIndex)}/_search`,
    query: { preference: `_shards:${ctx.shard}` },
    body: { size: 0, track_total_hits: true },
  });
  return totalOf(body);
}

function totalOf(body: any): number {
  const total = body?.hits?.total;
  const n = typeof total === 'number' ? total : total?.value;
  if (typeof n !== 'number') throw new RestError(500, 'exception', 'search response without hits.total');
  return n;
}

/** Every `_id` (and routing) of a shard, or of one slice of it, inside a PIT. */
async function listRefs(pit: ShardSearch, ctx: ShardContext, slice: Slice): Promise<DocRef[]> {
  const out: DocRef[] = [];
  const size = 10_000;
  let after: unknown[] | undefined;
  for (;;) {
    const body = await pit.search(ctx.shard, {
      size,
      _source: false,
      sort: [{ _seq_no: 'asc' }],
      track_total_hits: false,
      ...(slice ? { slice: { field: '_id', ...slice } } : {}),
      ...(after ? { search_after: after } : {}),
    });
    const hits: any[] = body?.hits?.hits ?? [];
    for (const h of hits) out.push({ id: h._id, routing: h._routing });
    if (hits.length < size) return out;
    after = hits[hits.length - 1].sort;
  }
}
