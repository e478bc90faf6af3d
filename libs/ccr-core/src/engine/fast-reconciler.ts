import { seg } from '../rest/rest';
import type { ShardCheckpoint } from '../store/replication.repo';
import type { ShadowDoc } from '../store/doc-shadow.repo';
import { Aborted } from './retry';
import { readWithRetry, writeWithRetry, type ShardContext } from './shard-context';

/** Ranges holding at most this many shadow documents are diffed by listing; larger ones are halved. */
const LIST_LIMIT = 2000;

/** What a fast pass found. */
export interface FastReconcileResult {
  deleted: number;
  /** The leader holds documents the shadow does not know: the shadow is incomplete, run a full pass. */
  needsFull: boolean;
  /** Follower documents written from beyond the checkpoint were not checked: pass again once it moved. */
  partial: boolean;
}

/**
 * Finds leader deletes without listing whole shards: in (-1, checkpoint] every live leader document
 * was applied, so the leader's live count of a `_seq_no` range can only be lower than the shadow's
 * count of follower documents last written from that range, and only because of deletes (or of updates
 * that moved a document past the checkpoint). Unequal ranges are halved until small, then diffed;
 * every candidate is checked with a real-time `_mget` on the leader before it is deleted, so a document
 * that was merely updated stays. A document re-created later gets a newer `_seq_no`: the next window
 * applies it, as this pass runs in the shard task's own sequence.
 */
export async function fastReconcile(ctx: ShardContext, cp: ShardCheckpoint): Promise<FastReconcileResult> {
  // Deleted documents stay searchable until a refresh.
  await readWithRetry(ctx, () => ctx.leaderRefreshedSince(Date.now()));
  const result: FastReconcileResult = { deleted: 0, needsFull: false, partial: (await ctx.shadow.maxSeq(ctx.followerIndex, ctx.shard)) > cp.checkpoint };
  const stack: [number, number][] = [[-1, cp.checkpoint]];
  while (stack.length > 0) {
    if (ctx.signal.aborted) throw new Aborted();
    const [lo, hi] = stack.pop()!;
    const shadow = await ctx.shadow.count(ctx.followerIndex, ctx.shard, lo, hi);
    if (shadow === 0) continue;
    const leader = await readWithRetry(ctx, () => rangeCount(ctx, lo, hi));
    if (leader > shadow) result.needsFull = true;
    if (leader >= shadow) continue;
    if (shadow <= LIST_LIMIT || hi - lo <= 1) {
      result.deleted += await diffRange(ctx, lo, hi);
      continue;
    }
    const mid = Math.floor((lo + hi) / 2);
    stack.push([mid, hi], [lo, mid]);
  }
  return result;
}

function rangeQuery(lo: number, hi: number) {
  return { range: { _seq_no: { gt: lo, lte: hi } } };
}

async function rangeCount(ctx: ShardContext, lo: number, hi: number): Promise<number> {
  const body = await ctx.leader.json({
    method: 'POST',
    path: `/${seg(ctx.leaderIndex)}/_search`,
    query: { preference: `_shards:${ctx.shard}` },
    body: { size: 0, track_total_hits: true, query: rangeQuery(lo, hi) },
  });
  const total = body?.hits?.total;
  return typeof total === 'number' ? total : Number(total?.value ?? 0);
}

async function leaderIds(ctx: ShardContext, lo: number, hi: number): Promise<Set<string>> {
  const out = new Set<string>();
  let from = lo;
  for (;;) {
    const body = await readWithRetry(ctx, () =>
      ctx.leader.json({
        method: 'POST',
        path: `/${seg(ctx.leaderIndex)}/_search`,
        query: { preference: `_shards:${ctx.shard}` },
        body: { size: LIST_LIMIT, _source: false, query: rangeQuery(from, hi), sort: [{ _seq_no: 'asc' }], seq_no_primary_term: true, track_total_hits: false },
      }),
    );
    const hits: any[] = body?.hits?.hits ?? [];
    for (const h of hits) out.add(h._id);
    if (hits.length < LIST_LIMIT) return out;
    from = hits[hits.length - 1]._seq_no;
  }
}

/** Candidates the leader no longer has, checked with a real-time `_mget`. */
async function goneOnLeader(ctx: ShardContext, candidates: ShadowDoc[]): Promise<ShadowDoc[]> {
  if (candidates.length === 0) return [];
  const body = await readWithRetry(ctx, () =>
    ctx.leader.json({
      method: 'POST',
      path: `/${seg(ctx.leaderIndex)}/_mget`,
      body: { docs: candidates.map((c) => ({ _id: c.id, ...(c.routing ? { routing: c.routing } : {}), _source: false })) },
    }),
  );
  const found = new Set<string>((body?.docs ?? []).filter((d: any) => d.found).map((d: any) => d._id));
  return candidates.filter((c) => !found.has(c.id));
}

async function diffRange(ctx: ShardContext, lo: number, hi: number): Promise<number> {
  const live = await leaderIds(ctx, lo, hi);
  const candidates = (await ctx.shadow.list(ctx.followerIndex, ctx.shard, lo, hi)).filter((d) => !live.has(d.id));
  const gone = await goneOnLeader(ctx, candidates);
  if (gone.length === 0) return 0;
  await writeWithRetry(ctx, () => ctx.writer.delete(gone));
  await ctx.shadow.remove(ctx.followerIndex, gone.map((d) => d.id));
  ctx.stats.wrote(ctx.followerIndex, gone.length, 0);
  return gone.length;
}
