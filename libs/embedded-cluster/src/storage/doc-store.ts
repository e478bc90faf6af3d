import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** The newest row of a document (live or tombstone). */
export interface LatestRow {
  seq: number;
  version: number;
  term: number;
  deleted: number;
  ts: number;
  routing: string | null;
  source: string | null;
}

/** A stored document version as readers see it. */
export interface DocRow {
  shard: number;
  seq: number;
  id: string;
  version: number;
  term: number;
  routing: string | null;
  source: string;
}

/** A row to insert. */
export interface NewRow {
  idx: number;
  shard: number;
  seq: number;
  id: string;
  version: number;
  routing: string | null;
  source: string | null;
  deleted: boolean;
}

const VISIBLE = 'deleted = 0 AND seq <= @point AND (superseded IS NULL OR superseded > @point)';

/** Prepared statements over the `docs` and `shards` tables; every method is synchronous and cheap. */
export class DocStore {
  private readonly latestStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly supersedeStmt: Statement;
  private readonly shardUpsert: Statement;
  private readonly countStmt: Statement;
  private readonly countCapped: Statement;
  private readonly deletedCount: Statement;
  private readonly byIdVisible: Statement;
  private readonly deleteIndexDocs: Statement;
  private readonly deleteIndexShards: Statement;
  private readonly gcStmt: Statement;
  private readonly gcTombstones: Statement;
  private readonly sizeStmt: Statement;
  private readonly scans = new Map<string, Statement>();

  constructor(readonly db: Db) {
    this.latestStmt = db.prepare(
      'SELECT seq, version, term, deleted, ts, routing, source FROM docs WHERE idx = ? AND shard = ? AND id = ? AND superseded IS NULL ORDER BY seq DESC LIMIT 1',
    );
    this.insertStmt = db.prepare(
      'INSERT INTO docs (idx, shard, seq, id, version, term, routing, source, deleted, superseded, ts) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, ?)',
    );
    this.supersedeStmt = db.prepare('UPDATE docs SET superseded = ? WHERE idx = ? AND shard = ? AND seq = ?');
    this.shardUpsert = db.prepare(
      `INSERT INTO shards (idx, shard, max_seq, index_total, delete_total, bytes) VALUES (@idx, @shard, @maxSeq, @indexTotal, @deleteTotal, @bytes)
       ON CONFLICT (idx, shard) DO UPDATE SET max_seq = @maxSeq, index_total = @indexTotal, delete_total = @deleteTotal, bytes = @bytes`,
    );
    this.countStmt = db.prepare(`SELECT count(*) AS n FROM docs WHERE idx = @idx AND shard = @shard AND ${VISIBLE}`);
    this.countCapped = db.prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM docs WHERE idx = @idx AND shard = @shard AND seq > @from AND seq <= @to AND ${VISIBLE} LIMIT @limit)`,
    );
    // Two counts so each reads one small partial index (docs_old, docs_tomb) instead of the whole shard.
    this.deletedCount = db.prepare(
      `SELECT (SELECT count(*) FROM docs WHERE idx = @idx AND shard = @shard AND superseded IS NOT NULL)
            + (SELECT count(*) FROM docs INDEXED BY docs_tomb WHERE idx = @idx AND shard = @shard AND deleted = 1 AND superseded IS NULL) AS n`,
    );
    this.byIdVisible = db.prepare(
      `SELECT shard, seq, id, version, term, routing, source FROM docs WHERE idx = @idx AND shard = @shard AND id = @id AND ${VISIBLE}`,
    );
    this.deleteIndexDocs = db.prepare('DELETE FROM docs WHERE idx = ?');
    this.deleteIndexShards = db.prepare('DELETE FROM shards WHERE idx = ?');
    this.gcStmt = db.prepare('DELETE FROM docs WHERE idx = ? AND shard = ? AND superseded IS NOT NULL AND superseded <= ? AND deleted = 0');
    this.gcTombstones = db.prepare(
      'DELETE FROM docs WHERE idx = ? AND shard = ? AND deleted = 1 AND seq <= ? AND ts < ?',
    );
    this.sizeStmt = db.prepare('SELECT coalesce(sum(length(source)), 0) + count(*) * 48 AS n FROM docs WHERE idx = ?');
  }

  latest(idx: number, shard: number, id: string): LatestRow | undefined {
    return this.latestStmt.get(idx, shard, id) as LatestRow | undefined;
  }

  insert(row: NewRow, now: number): void {
    this.insertStmt.run(row.idx, row.shard, row.seq, row.id, row.version, row.routing, row.source, row.deleted ? 1 : 0, now);
  }

  supersede(options: { idx: number; shard: number; seq: number; by: number }): void {
    this.supersedeStmt.run(options.by, options.idx, options.shard, options.seq);
  }

  saveShard(state: { idx: number; shard: number; maxSeq: number; indexTotal: number; deleteTotal: number; bytes: number }): void {
    this.shardUpsert.run(state);
  }

  /** Live documents visible at `point`. */
  count(idx: number, shard: number, point: number): number {
    return (this.countStmt.get({ idx, shard, point }) as { n: number }).n;
  }

  /** Visible documents with seq in (from, to], counting at most `limit`. */
  countRange(options: { idx: number; shard: number; point: number; from: number; to: number; limit: number }): number {
    return (this.countCapped.get(options) as { n: number }).n;
  }

  /** Old versions and tombstones still stored (OpenSearch's `docs.deleted` is similar: not yet merged away). */
  deletedRows(idx: number, shard: number): number {
    return (this.deletedCount.get({ idx, shard }) as { n: number }).n;
  }

  visibleById(options: { idx: number; shard: number; id: string; point: number }): DocRow | undefined {
    return this.byIdVisible.get(options) as DocRow | undefined;
  }

  /** Iterates visible rows of one shard in seq order within (from, to]; at most `limit` rows when given. */
  iterate(options: { idx: number; shard: number; point: number; from: number; to: number; desc?: boolean; limit?: number }): Iterable<DocRow> {
    const key = `${options.desc ? 'd' : 'a'}${options.limit === undefined ? '' : 'l'}`;
    let stmt = this.scans.get(key);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT shard, seq, id, version, term, routing, source FROM docs
         WHERE idx = @idx AND shard = @shard AND seq > @from AND seq <= @to AND ${VISIBLE}
         ORDER BY seq ${options.desc ? 'DESC' : 'ASC'}${options.limit === undefined ? '' : ' LIMIT @limit'}`,
      );
      this.scans.set(key, stmt);
    }
    const params: Record<string, number> = { idx: options.idx, shard: options.shard, point: options.point, from: options.from, to: options.to };
    // A bounded window is read in one call (cheaper than stepping row by row); open scans stream.
    if (options.limit !== undefined) return stmt.all({ ...params, limit: options.limit }) as DocRow[];
    return stmt.iterate(params) as IterableIterator<DocRow>;
  }

  dropIndex(idx: number): void {
    this.deleteIndexDocs.run(idx);
    this.deleteIndexShards.run(idx);
  }

  /** Removes versions no reader can see any more and tombstones older than `gc_deletes`. */
  collect(options: { idx: number; shard: number; below: number; tombstonesBefore: number }): number {
    const a = this.gcStmt.run(options.idx, options.shard, options.below).changes;
    const b = this.gcTombstones.run(options.idx, options.shard, options.below, options.tombstonesBefore).changes;
    return a + b;
  }

  /** Approximate bytes held by an index. */
  sizeOf(idx: number): number {
    return (this.sizeStmt.get(idx) as { n: number }).n;
  }
}
