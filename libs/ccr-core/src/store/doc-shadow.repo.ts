import type { Store } from '@ferry/core';

/** Rows per multi-row statement: 5,000 parameters, under SQLite's 32,766 and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A follower document as the shadow knows it. */
export interface ShadowDoc {
  id: string;
  seq: number;
  routing?: string;
}

/** Rows per upsert statement: one statement per page of 2,000 costs far less than 2,000 (5 parameters a row). */
const UPSERT_ROWS = 500;

/**
 * For every follower document, the leader `_seq_no` it was last written from. Updated after each
 * successful bulk; a crash between the bulk and the update is repaired by re-applying the window and
 * by the full reconciliation every shard task runs when it starts.
 */
export class DocShadowRepository {
  constructor(private readonly store: Store) {}

  /**
   * Records a bulk's documents: one multi-row statement per {@link ROWS_PER_STATEMENT} documents, in one
   * transaction (on PostgreSQL a statement per row is a round trip each, ~15× slower for 1,000 rows).
   * A later entry for the same id wins, as applying the bulk in order does.
   */
  async upsert(followerIndex: string, shard: number, docs: readonly ShadowDoc[]): Promise<void> {
    if (docs.length === 0) return;
    // One statement may not update a row twice (PostgreSQL refuses it): keep each id's last entry.
    const last = [...new Map(docs.map((d) => [d.id, d])).values()];
    await this.store.transaction(async (tx) => {
      for (const rows of chunks(last, ROWS_PER_STATEMENT)) {
        await tx.run(
          `INSERT INTO ccr_docs (follower_index, shard, id, seq, routing) VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (follower_index, id) DO UPDATE SET shard = excluded.shard, seq = excluded.seq, routing = excluded.routing`,
          rows.flatMap((d) => [followerIndex, shard, d.id, d.seq, d.routing ?? null]),
        );
      }
      // No fsync of its own: a commit lost to a power failure is a crash between the bulk and the shadow update,
      // which the full pass every shard task starts with repairs.
    }, { durable: false });
  }

  async remove(followerIndex: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.store.transaction(async (tx) => {
      for (const part of chunks(ids, ROWS_PER_STATEMENT)) {
        await tx.run(`DELETE FROM ccr_docs WHERE follower_index = ? AND id IN (${part.map(() => '?').join(', ')})`, [followerIndex, ...part]);
      }
    }, { durable: false });
  }

  /** Forgets a follower's documents (stop, force_resume). */
  async clear(followerIndex: string): Promise<void> {
    await this.store.run('DELETE FROM ccr_docs WHERE follower_index = ?', [followerIndex]);
  }

  /** Highest seq of a shard's documents (-1 when none). */
  async maxSeq(followerIndex: string, shard: number): Promise<number> {
    const row = await this.store.get<{ m: number | null }>('SELECT MAX(seq) AS m FROM ccr_docs WHERE follower_index = ? AND shard = ?', [followerIndex, shard]);
    return row?.m ?? -1;
  }

  /** Documents of a shard whose seq is in (from, to]. */
  async count(followerIndex: string, shard: number, from: number, to: number): Promise<number> {
    const row = await this.store.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM ccr_docs WHERE follower_index = ? AND shard = ? AND seq > ? AND seq <= ?',
      [followerIndex, shard, from, to],
    );
    return row?.n ?? 0;
  }

  async list(followerIndex: string, shard: number, from: number, to: number): Promise<ShadowDoc[]> {
    const rows = await this.store.all<{ id: string; seq: number; routing: string | null }>(
      'SELECT id, seq, routing FROM ccr_docs WHERE follower_index = ? AND shard = ? AND seq > ? AND seq <= ? ORDER BY seq',
      [followerIndex, shard, from, to],
    );
    return rows.map((r) => ({ id: r.id, seq: r.seq, routing: r.routing ?? undefined }));
  }
}
