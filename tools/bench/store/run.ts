// Batched vs row-at-a-time writes of the CCR document shadow and the ingestion pointers, on SQLite and a
// real PostgreSQL 15 (tools/peers/postgres.ts). Both sides run in the same process and the same rounds,
// alternating, so the ratio is measured under the same load. Prints the median ms per batch and the ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox, openPostgresStore, openSqliteStore, type Store } from '@ferry/core';
import { DocShadowRepository } from '../../../libs/ccr-core/src/store/doc-shadow.repo';
import { ccrMigrations } from '../../../libs/ccr-core/src/store/migrations';
import { IngestionStore, ingestionMigrations } from '../../../libs/pull-ingestion/src/store/ingestion-store';
import { startPostgres } from '../../peers/postgres';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1000);
const ROUNDS = arg('rounds', 15);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The shadow's write before batching: one upsert statement per document, in one transaction. */
async function shadowOneByOne(store: Store, round: number): Promise<void> {
  await store.transaction(async (tx) => {
    for (let i = 0; i < ROWS; i++) {
      await tx.run(
        `INSERT INTO ccr_docs (follower_index, shard, id, seq, routing) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (follower_index, id) DO UPDATE SET shard = excluded.shard, seq = excluded.seq, routing = excluded.routing`,
        ['one', 0, `d${i}`, round * ROWS + i, null],
      );
    }
  });
}

function docs(round: number) {
  return Array.from({ length: ROWS }, (_, i) => ({ id: `d${i}`, seq: round * ROWS + i }));
}

/** The pointers' write before batching: one upsert per shard, in one non-durable transaction. */
async function pointersOneByOne(store: Store, round: number): Promise<void> {
  await store.transaction(async (tx) => {
    for (let shard = 0; shard < ROWS; shard++) {
      await tx.run(
        `INSERT INTO ingestion_pointers (index_name, shard, pointer, display, inclusive, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(index_name, shard) DO UPDATE SET pointer = excluded.pointer, display = excluded.display,
           inclusive = excluded.inclusive, updated_at = excluded.updated_at`,
        ['one', shard, String(round), `line ${round}`, 0, Date.now()],
      );
    }
  }, { durable: false });
}

function pointers(round: number) {
  return Array.from({ length: ROWS }, (_, shard) => ({ index: 'batch', shard, position: { pointer: { value: String(round), display: `line ${round}` }, inclusive: false } }));
}

async function measure(engine: string, store: Store): Promise<void> {
  await store.migrate('ccr-core', ccrMigrations);
  await store.migrate('pull-ingestion', ingestionMigrations);
  const shadow = new DocShadowRepository(store);
  const ingestion = new IngestionStore(store, createSecretBox({ current: Buffer.alloc(32, 1) }));
  const t = { shadowOne: [] as number[], shadowBatch: [] as number[], ptrOne: [] as number[], ptrBatch: [] as number[] };
  // Round 0 warms up (inserts); the measured rounds update existing rows, as steady replication does.
  for (let round = 0; round <= ROUNDS; round++) {
    // Which side goes first alternates, so that a WAL checkpoint or a busy neighbour does not always hit the same one.
    const pair = async (a: () => Promise<void>, b: () => Promise<void>) =>
      round % 2 ? [await timed(a), await timed(b)] : [await timed(b), await timed(a)].reverse();
    const sample = [
      ...(await pair(() => shadowOneByOne(store, round), () => shadow.upsert('batch', 0, docs(round)))),
      ...(await pair(() => pointersOneByOne(store, round), () => ingestion.savePointers(pointers(round)))),
    ];
    if (round === 0) continue;
    t.shadowOne.push(sample[0]);
    t.shadowBatch.push(sample[1]);
    t.ptrOne.push(sample[2]);
    t.ptrBatch.push(sample[3]);
  }
  const line = (what: string, one: number[], batch: number[]) =>
    console.log(`${engine.padEnd(10)} ${what.padEnd(20)} one row per statement ${median(one).toFixed(1).padStart(7)} ms   batched ${median(batch).toFixed(1).padStart(6)} ms   ratio ${(median(one) / median(batch)).toFixed(1)}x`);
  line(`doc shadow ${ROWS}`, t.shadowOne, t.shadowBatch);
  line(`pointers ${ROWS}`, t.ptrOne, t.ptrBatch);
}

async function main(): Promise<void> {
  console.log(`${ROWS} upserts per batch, median of ${ROUNDS} rounds (after one warm-up round)`);
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-store-'));
  const pg = await startPostgres();
  try {
    const sqlite = openSqliteStore({ path: join(dir, 'ferry.db') });
    await measure('sqlite', sqlite);
    await sqlite.close();
    // The peer runs with fsync off (tools/peers/postgres.ts): both sides commit once per batch, so the
    // difference is the statements themselves, one round trip each.
    const url = await pg.createDatabase('bench');
    const postgres = await openPostgresStore({ url, pool: 2 });
    await measure('postgres', postgres);
    await postgres.close();
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
