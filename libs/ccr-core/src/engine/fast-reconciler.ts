import { RestError, seg } from '../rest/rest';
import type { ShardCheckpoint } from '../store/replication.repo';
import type { ShadowDoc } from '../store/doc-shadow.repo';
import { Aborted } from './retry';
import { readWithRetry, writeWithRetry, type ShardContext } from './shard-context';

/** Ranges holding at most this many shadow documents are checked id by id with one real-time `_mget`. */
const LEAF_DOCS = 20;
/** Larger unequal ranges are split into this many `_seq_no` ranges, counted together in one `_msearch`. */
const FANOUT = 16;

/** What a fast pass found. */
export interface FastReconcileResult {
  deleted: number;
  /** The leader holds documents the shadow does not know: the shadow is incomplete, run a full pass. */
  needsFull: boolean;
  /** Follower documents written from beyond the checkpoint were not checked: pass again once it moved. */
  partial: boolean;
  /** Leader requests the pass made (`_msearch` levels and `_mget`s), for the debug log. */
  requests: number;
}

type Range = [lo: number, hi: number];

/**
 * Finds leader deletes without listing whole shards: in (-1, checkpoint] every live leader document
 * was applied, so the leader's live count of a `_seq_no` range can only be lower than the shadow's
 * count of follower documents last written from that range, and only because of deletes (or of updates
 * that moved a document past the checkpoint). Unequal ranges are split {@link FANOUT} ways, each level's
 * counts in one `_msearch`, until they hold at most {@link LEAF_DOCS} shadow documents; those are checked
 * with one real-time `_mget` on the leader before anything is deleted, so a document that was merely
 * updated (or deleted and re-created) stays. A document re-created later gets a newer `_seq_no`: the next
 * window applies it, as this pass runs in the shard task's own sequence.
 */
export async function fastReconcile(ctx: ShardContext, cp: ShardCheckpoint, deletesCountedAt: number): Promise<FastReconcileResult> {
  // Deleted documents stay searchable until a refresh: one started after the deletes to find were counted.
  await readWithRetry(ctx, () => ctx.leaderRefreshedSince(deletesCountedAt));
  const result: FastReconcileResult = { deleted: 0, needsFull: false, partial: (await ctx.shadow.maxSeq(ctx.followerIndex, ctx.shard)) > cp.checkpoint, requests: 0 };
  const root = await withShadowCounts(ctx, [[-1, cp.checkpoint]]);
  // The pass runs because deletes may have happened: a big first range is split without counting it.
  let unequal = root.length === 1 && isBig(root[0]) ? root : await compare(ctx, root, result);
  const leaves: ShadowDoc[] = [];
  while (unequal.length > 0) {
    if (ctx.signal.aborted) throw new Aborted();
    const next: Range[] = [];
    for (const r of unequal) {
      if (isBig(r)) next.push(...split(r.range));
      else leaves.push(...(await ctx.shadow.list(ctx.followerIndex, ctx.shard, r.range[0], r.range[1])));
    }
    unequal = await compare(ctx, await withShadowCounts(ctx, next), result);
  }
  result.deleted = await deleteGone(ctx, leaves, result);
  return result;
}

interface CountedRange {
  range: Range;
  shadow: number;
}

const isBig = (r: CountedRange) => r.shadow > LEAF_DOCS && r.range[1] - r.range[0] > 1;

async function withShadowCounts(ctx: ShardContext, ranges: Range[]): Promise<CountedRange[]> {
  const out: CountedRange[] = [];
  for (const range of ranges) {
    const shadow = await ctx.shadow.count(ctx.followerIndex, ctx.shard, range[0], range[1]);
    if (shadow > 0) out.push({ range, shadow });
  }
  return out;
}

/** The ranges whose leader count is below the shadow's; a count above it flags an incomplete shadow. */
async function compare(ctx: ShardContext, ranges: CountedRange[], result: FastReconcileResult): Promise<CountedRange[]> {
  if (ranges.length === 0) return [];
  result.requests++;
  const leader = await readWithRetry(ctx, () => rangeCounts(ctx, ranges.map((r) => r.range)));
  return ranges.filter((r, i) => {
    if (leader[i] > r.shadow) result.needsFull = true;
    return leader[i] < r.shadow;
  });
}

function split([lo, hi]: Range): Range[] {
  const step = Math.max(1, Math.ceil((hi - lo) / FANOUT));
  const out: Range[] = [];
  for (let from = lo; from < hi; from += step) out.push([from, Math.min(hi, from + step)]);
  return out;
}

/** Live leader documents of each `_seq_no` range (gt lo, lte hi) of the shard, in one `_msearch`. */
async function rangeCounts(ctx: ShardContext, ranges: Range[]): Promise<number[]> {
  const header = JSON.stringify({ index: ctx.leaderIndex, preference: `_shards:${ctx.shard}` });
  const lines = ranges.map(([lo, hi]) => `${header}\n${JSON.stringify({ size: 0, track_total_hits: true, query: { range: { _seq_no: { gt: lo, lte: hi } } } })}`);
  const body = await ctx.leader.json({ method: 'POST', path: '/_msearch', ndjson: `${lines.join('\n')}\n` });
  const responses: any[] = body?.responses ?? [];
  return ranges.map((_, i) => {
    const r = responses[i];
    // A failed item fails the whole request (retried when transient), never read as "0 live".
    if (!r || r.error || r.status >= 300) throw new RestError(r?.status ?? 500, r?.error?.type ?? 'search_phase_execution_exception', r?.error?.reason ?? '_msearch item failed');
    const total = r.hits?.total;
    return typeof total === 'number' ? total : Number(total?.value ?? 0);
  });
}

/** Deletes on the follower the candidates a real-time `_mget` on the leader no longer finds. */
async function deleteGone(ctx: ShardContext, candidates: ShadowDoc[], result: FastReconcileResult): Promise<number> {
  if (candidates.length === 0) return 0;
  result.requests++;
  const body = await readWithRetry(ctx, () =>
    ctx.leader.json({
      method: 'POST',
      path: `/${seg(ctx.leaderIndex)}/_mget`,
      body: { docs: candidates.map((c) => ({ _id: c.id, ...(c.routing ? { routing: c.routing } : {}), _source: false })) },
    }),
  );
  const found = new Set<string>((body?.docs ?? []).filter((d: any) => d.found).map((d: any) => d._id));
  const gone = candidates.filter((c) => !found.has(c.id));
  if (gone.length === 0) return 0;
  await writeWithRetry(ctx, () => ctx.writer.delete(gone));
  await ctx.shadow.remove(ctx.followerIndex, gone.map((d) => d.id));
  ctx.stats.wrote(ctx.followerIndex, gone.length, 0);
  return gone.length;
}
