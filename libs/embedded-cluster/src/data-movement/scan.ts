import type { IndexMeta } from '../indices/index-meta';
import type { ClusterNode } from '../node/cluster-node';
import { type Candidate, shardRows } from '../search/fields';
import { compileQuery } from '../search/query';
import type { DocRow } from '../storage/doc-store';

/** A document matched by a by-query operation, as it was at the scan's point. */
export interface Matched {
  meta: IndexMeta;
  row: DocRow;
}

/**
 * Walks the documents of `metas` matching `query`, in batches, at each shard's refresh point when the scan
 * starts (what OpenSearch's internal scroll sees). The points are pinned as a scroll context so garbage
 * collection keeps every version the scan still has to read; `close()` releases them.
 */
export class MatchScan {
  private readonly contextId: string;
  private readonly cursors: { meta: IndexMeta; shard: number; point: number; after: number; match: (c: Candidate) => number | null }[];

  constructor(
    private readonly node: ClusterNode,
    options: { metas: IndexMeta[]; query: unknown },
  ) {
    this.cursors = [];
    for (const meta of [...options.metas].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const compiled = compileQuery(options.query, meta);
      meta.shards.forEach((s, shard) => this.cursors.push({ meta, shard, point: s.refreshed, after: -1, match: compiled.match }));
    }
    const shards = this.cursors.map((c) => ({ index: c.meta.name, uuid: c.meta.uuid, shard: c.shard, point: c.point }));
    this.contextId = node.contexts.open({ kind: 'scroll', shards, keepAliveMs: 24 * 3600_000 }).id;
  }

  /** The next up-to-`size` matching documents, or an empty list when the scan is over. */
  next(size: number): Matched[] {
    const out: Matched[] = [];
    while (out.length < size && this.cursors.length > 0) {
      const c = this.cursors[0];
      const rows = [...this.node.store.iterate({ idx: c.meta.num, shard: c.shard, point: c.point, from: c.after, to: Number.MAX_SAFE_INTEGER, limit: size })];
      if (rows.length === 0) {
        this.cursors.shift();
        continue;
      }
      c.after = rows[rows.length - 1].seq;
      for (const row of rows) {
        if (out.length >= size) {
          c.after = row.seq - 1;
          break;
        }
        if (c.match({ meta: c.meta, row, shard: shardRows(this.node.store, c) }) !== null) out.push({ meta: c.meta, row });
      }
    }
    return out;
  }

  /** How many documents match in total (counted up front, as the scroll's `total`). */
  count(): number {
    let n = 0;
    for (const c of this.cursors) {
      const shard = shardRows(this.node.store, c);
      for (const row of this.node.store.iterate({ idx: c.meta.num, shard: c.shard, point: c.point, from: -1, to: Number.MAX_SAFE_INTEGER })) {
        if (c.match({ meta: c.meta, row, shard }) !== null) n++;
      }
    }
    return n;
  }

  close(): void {
    this.node.contexts.delete(this.contextId);
  }
}
