#!/usr/bin/env node
/**
 * Durable queue choice: segment files with group commit (what the plugin uses) against SQLite
 * (better-sqlite3, WAL, synchronous=FULL, one transaction per acknowledged write), both fsync'd before the ack.
 *   node tools/bench/influx/queue-fsync.js [--writes 400] [--concurrency 16] [--bytes 350000]
 * Prints acknowledged appends/s, MB/s and p99 append latency for each.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const root = join(__dirname, '..', '..', '..');
process.env.TS_NODE_PROJECT = join(root, 'libs/influx-replication/tsconfig.spec.json');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require(require.resolve('ts-node/register', { paths: [root] }));
const { DurableQueue } = require(join(root, 'libs/influx-replication/src/queue/durable-queue.ts'));
const Database = require(require.resolve('better-sqlite3', { paths: [root] }));

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const WRITES = arg('writes', 400);
const CONCURRENCY = arg('concurrency', 16);
const BYTES = arg('bytes', 350_000);
const payload = Buffer.alloc(BYTES, 'm,host=a value=1 1600000000000000000\n');

async function run(name, append) {
  const lat = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < WRITES) {
        const t = process.hrtime.bigint();
        await append();
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  return { name, appendsPerSec: Math.round(WRITES / s), mbPerSec: +((WRITES * BYTES) / s / 1e6).toFixed(1), p99Ms: +lat[Math.floor(lat.length * 0.99)].toFixed(1) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-queue-bench-'));
  try {
    const q = await DurableQueue.open({ dir: join(dir, 'segments'), segmentBytes: 8 * 1024 * 1024 });
    const files = await run('segment files + group commit', () => q.append(payload, 5000, Date.now()));
    await q.close();
    const db = new Database(join(dir, 'queue.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE q (id INTEGER PRIMARY KEY, at REAL, points INTEGER, payload BLOB)');
    const insert = db.prepare('INSERT INTO q (at, points, payload) VALUES (?, ?, ?)');
    // better-sqlite3 is synchronous: each insert is its own fsync'd commit and blocks the event loop meanwhile.
    const sqlite = await run('sqlite WAL synchronous=FULL', async () => insert.run(Date.now(), 5000, payload));
    db.close();
    console.log(JSON.stringify({ writes: WRITES, concurrency: CONCURRENCY, bytes: BYTES, results: [files, sqlite] }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
