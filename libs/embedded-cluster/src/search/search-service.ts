import type { IndexMeta } from '../indices/index-meta';
import type { DocRow, DocStore } from '../storage/doc-store';
import { createAggregations } from './aggregations';
import { type Candidate, shardRows } from './fields';
import { compileQuery, type CompiledQuery } from './query';
import { renderHit } from './render-hit';
import type { SearchCursor, SearchRequest } from './search-request';
import { inIdSlice, sliceForShard } from './slice';
import { compareScored, compareValues, type Scored, sortValues, type SortKey } from './sort';

/** One shard to search at a refresh (or point-in-time) point. */
export interface ShardTarget {
  meta: IndexMeta;
  shard: number;
  point: number;
  /** An alias filter that applies on top of the query. */
  filter?: unknown;
}

/** The outcome of a search before rendering its envelope. */
export interface SearchOutcome {
  total: number;
  /** `eq` or `gte` (when counting stopped at track_total_hits). */
  relation: 'eq' | 'gte';
  hits: string[];
  maxScore: number | null;
  aggregations?: Record<string, unknown>;
  shards: number;
  /** False when `track_total_hits: false` (the response then has no `total`). */
  totalTracked?: boolean;
  /** Where the returned page ends, for a scroll to resume after it. */
  last?: SearchCursor;
}

/** Room for seq_no in a hit's position (target index above it): 2^36 seqs per shard, 2^17 targets. */
const SEQ_SPAN = 2 ** 36;

const SEQ_ASC = (s?: SortKey[]) => s !== undefined && s.length === 1 && (s[0].field === '_seq_no' || s[0].field === '_doc');

/**
 * Runs a search over shard targets. Every shard is read in `_seq_no` order straight from SQLite
 * (`.iterate()`, never a whole index in memory); `_seq_no` ranges and `search_after` on `_seq_no` go into the
 * SQL bounds, everything else is evaluated in JS; a bounded buffer keeps the top `from + size`.
 */
export class SearchService {
  constructor(private readonly store: DocStore) {}

  search(targets: ShardTarget[], req: SearchRequest): SearchOutcome {
    const k = req.from + req.size;
    const keys = req.sort ?? [{ field: '_score', desc: true, missingFirst: false }];
    const aggs = req.aggs ? createAggregations(req.aggs) : undefined;
    const compiled = new Map<string, CompiledQuery>();
    let buffer: Scored[] = [];
    let total = 0;
    const desc = req.sort?.[0]?.desc === true && SEQ_ASC(req.sort);
    const trim = () => {
      buffer.sort((a, b) => compareScored(keys, a, b));
      buffer.length = Math.min(buffer.length, k);
    };
    for (const [shardIndex, t] of targets.entries()) {
      const slice = req.slice ? sliceForShard(req.slice, shardIndex, targets.length) : 'all';
      if (slice === 'none') continue;
      const cacheKey = `${t.meta.uuid}:${t.filter ? JSON.stringify(t.filter) : ''}`;
      let q = compiled.get(cacheKey);
      if (!q) {
        const query = t.filter ? { bool: { must: [req.query ?? { match_all: {} }], filter: [t.filter] } } : req.query;
        compiled.set(cacheKey, (q = compileQuery(query, t.meta)));
      }
      if (slice !== 'all') q = withSlice(q, slice);
      const query = { from: q.seqFrom, to: q.seqTo };
      // Pure queries score every hit 1, so without a sort the order is the shard's seq order too.
      const seqOrdered = (SEQ_ASC(req.sort) && !req.sort![0].desc) || (req.sort === undefined && q.pure);
      const fast = q.pure && !aggs && seqOrdered && !q.ids;
      if (fast) total += this.countPure(t, query, req.trackLimit - total);
      // search_after never changes the total, so it narrows the SQL scan only when totals are counted apart.
      const scan = fast ? this.bounds(q, req) : query;
      let taken = 0;
      const shard = shardRows(this.store, t);
      if (fast && k === 0) continue;
      // A cursor's scan starts at its own seq (one row per shard that afterCursor drops), so read one more.
      const limit = fast ? k + (req.cursor ? 1 : 0) : undefined;
      for (const row of this.rows({ t, q, scan, desc, limit })) {
        const c: Candidate = { meta: t.meta, row, shard };
        const score = q.pure ? 1 : q.match(c);
        if (score === null) continue;
        if (!fast) total++;
        aggs?.collect(c);
        const values = sortValues(keys, c, score);
        if (req.searchAfter && compareValues(keys, values, req.searchAfter) <= 0) continue;
        // Rows arrive by target then seq (descending when the sort is), so this orders ties as collection did.
        const ord = shardIndex * SEQ_SPAN + (desc ? SEQ_SPAN - 1 - row.seq : row.seq);
        if (req.cursor && !afterCursor(keys, req.cursor, values, ord)) continue;
        buffer.push({ c, score, values, ord });
        taken++;
        if (buffer.length > 2 * k + 1000) trim();
        // Rows come in seq order, so once this shard gave k hits no later row can enter the top k.
        if (seqOrdered && taken >= k && !aggs && (q.pure || total > req.trackLimit)) break;
      }
    }
    // One shard read in the requested seq order is already sorted.
    if (!(targets.length === 1 && SEQ_ASC(req.sort) && buffer.length <= k)) trim();
    const page = buffer.slice(req.from, k);
    const end = page[page.length - 1];
    const scoreSorted = req.sort === undefined || req.sort.some((s) => s.field === '_score');
    const withScores = scoreSorted || req.trackScores;
    const maxScore = withScores && buffer.length ? Math.max(...buffer.map((s) => s.score)) : null;
    return {
      total: Math.min(total, req.trackLimit),
      relation: total > req.trackLimit ? 'gte' : 'eq',
      hits: page.map((s) => renderHit({ s, req, withScore: withScores, withSort: req.sort !== undefined })),
      maxScore,
      aggregations: aggs?.result(),
      shards: targets.length,
      last: end ? { values: end.values, position: end.ord } : req.cursor,
    };
  }

  /** Counts matches of a pure (SQL-only) query: (from, to] at the point, capped just above the tracking limit. */
  private countPure(t: ShardTarget, scan: { from: number; to: number }, remaining: number): number {
    if (remaining <= 0) return 1;
    const limit = Number.isFinite(remaining) ? remaining + 1 : -1;
    return this.store.countRange({ idx: t.meta.num, shard: t.shard, point: t.point, from: scan.from, to: scan.to, limit });
  }

  private bounds(q: CompiledQuery, req: SearchRequest): { from: number; to: number } {
    let from = q.seqFrom;
    let to = q.seqTo;
    const after = req.searchAfter?.[0];
    const desc = req.sort?.[0]?.desc === true;
    if (SEQ_ASC(req.sort) && typeof after === 'number') {
      if (desc) to = Math.min(to, after - 1);
      else from = Math.max(from, after);
    }
    // A cursor's seq may tie across shards, so its own seq stays in the scan (afterCursor drops what is not after).
    const at = req.cursor?.values[0];
    if (SEQ_ASC(req.sort) && typeof at === 'number') {
      if (desc) to = Math.min(to, at);
      else from = Math.max(from, at - 1);
    }
    return { from, to };
  }

  private *rows(a: { t: ShardTarget; q: CompiledQuery; scan: { from: number; to: number }; desc: boolean; limit?: number }): Generator<DocRow> {
    const { t, q, scan, desc } = a;
    if (q.ids) {
      const rows: DocRow[] = [];
      for (const id of q.ids) {
        const row = this.store.visibleById({ idx: t.meta.num, shard: t.shard, id, point: t.point });
        if (row && row.seq > scan.from && row.seq <= scan.to) rows.push(row);
      }
      rows.sort((a, b) => (desc ? b.seq - a.seq : a.seq - b.seq));
      yield* rows;
      return;
    }
    yield* this.store.iterate({ idx: t.meta.num, shard: t.shard, point: t.point, from: scan.from, to: scan.to, desc, limit: a.limit });
  }
}

/** True when a hit (sort values, position) comes strictly after the cursor in the full order. */
function afterCursor(keys: SortKey[], cursor: SearchCursor, values: unknown[], ord: number): boolean {
  const cmp = compareValues(keys, values, cursor.values);
  return cmp > 0 || (cmp === 0 && ord > cursor.position);
}

/** Restricts a compiled query to one `_id` hash slice (evaluated in JS, so no longer pure). */
function withSlice(q: CompiledQuery, slice: { id: number; max: number }): CompiledQuery {
  const inner = q.match;
  return { ...q, pure: false, match: (c) => (inIdSlice(c.row.id, slice) ? (q.pure ? 1 : inner(c)) : null) };
}
