// CCR benchmark: (a) bootstrap throughput vs a plain scroll-and-bulk copy in the same run, (b) steady-state
// replication lag under mixed leader writes, (c) catch-up time after a pause. Two embedded clusters and the
// gateway each run in their own process on 127.0.0.1. Sizes scale with environment variables:
//   CCR_BENCH_DOCS (200000), CCR_BENCH_RATE (2000 writes/s), CCR_BENCH_STEADY_S (30), CCR_BENCH_PAUSE_S (600)
// Run: npx ts-node -T -P tools/bench/ccr/tsconfig.json -r tsconfig-paths/register tools/bench/ccr/run.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { startProc, stopProc, type Proc } from '../shared/procs';

const DOCS = Number(process.env.CCR_BENCH_DOCS ?? 200_000);
const RATE = Number(process.env.CCR_BENCH_RATE ?? 2000);
const STEADY_S = Number(process.env.CCR_BENCH_STEADY_S ?? 30);
const PAUSE_S = Number(process.env.CCR_BENCH_PAUSE_S ?? 600);
const SHARDS = 2;
const FILLER = 'x'.repeat(940);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const doc = (n: number) => ({ n, title: `document ${n}`, body: FILLER });

async function load(client: Client, index: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 5000) {
    const body: unknown[] = [];
    for (let i = from; i < Math.min(count, from + 5000); i++) body.push({ index: { _index: index, _id: `d${i}` } }, doc(i));
    const res = await client.bulk({ body: body as never } as never);
    if ((res.body as any).errors) throw new Error('load bulk failed');
  }
  await client.indices.refresh({ index });
}

/** The baseline: scroll the leader index and bulk every page into the follower cluster. */
async function scrollAndBulk(leader: Client, local: Client, from: string, to: string): Promise<number> {
  await local.indices.create({ index: to, body: { settings: { number_of_shards: SHARDS } } });
  const started = Date.now();
  let res: any = await leader.search({ index: from, scroll: '5m', body: { size: 5000, sort: ['_doc'] } } as never);
  for (;;) {
    const hits = res.body.hits.hits as any[];
    if (hits.length === 0) break;
    const body: unknown[] = [];
    for (const h of hits) body.push({ index: { _index: to, _id: h._id } }, h._source);
    await local.bulk({ body: body as never } as never);
    res = await leader.scroll({ scroll_id: res.body._scroll_id, scroll: '5m' } as never);
  }
  await leader.clearScroll({ scroll_id: res.body._scroll_id } as never);
  return Date.now() - started;
}

async function status(gw: Client, index: string): Promise<any> {
  return (await gw.replication.status({ index })).body;
}

/** Sum of the leader's primary global checkpoints, read from the leader itself. */
async function leaderCheckpoint(leader: Client, index: string): Promise<number> {
  const body: any = (await leader.indices.stats({ index, level: 'shards' } as never)).body;
  return Object.values<any[]>(body.indices[index].shards).reduce((n, copies) => n + copies[0].seq_no.global_checkpoint, 0);
}

/** Until the follower checkpoint reached the leader's checkpoint as read now. */
async function waitSynced(gw: Client, leader: Client, index: string, leaderIndex: string): Promise<void> {
  const target = await leaderCheckpoint(leader, leaderIndex);
  for (;;) {
    const s = await status(gw, index);
    if (s.status === 'SYNCING' && s.syncing_details.follower_checkpoint >= target) return;
    await sleep(50);
  }
}

/** Mixed writes (70% index, 20% update, 10% delete) at `rate`/s; marker documents record their ack time. */
function writeLoad(leader: Client, index: string, rate: number, firstId: number, acked: Map<string, number>) {
  let running = true;
  let next = firstId;
  let marker = 0;
  let ops = 0;
  const tickMs = 20;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const done = (async () => {
    const t0 = Date.now();
    let tick = 0;
    while (running) {
      const body: unknown[] = [];
      const m = `m${marker++}`;
      body.push({ index: { _index: index, _id: m } }, { marker: true, body: FILLER });
      for (let i = 1; i < perTick; i++) {
        const r = Math.random();
        if (r < 0.7 || next - firstId < 100) body.push({ index: { _index: index, _id: `d${next}` } }, doc(next++));
        else if (r < 0.9) body.push({ index: { _index: index, _id: `d${next - 1 - Math.floor(Math.random() * 50)}` } }, doc(-1));
        else body.push({ delete: { _index: index, _id: `d${next - 60 - Math.floor(Math.random() * 40)}` } });
      }
      await leader.bulk({ body: body as never } as never);
      acked.set(m, Date.now());
      ops += perTick;
      tick++;
      const wait = t0 + tick * tickMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
    return { ops, seconds: (Date.now() - t0) / 1000, next };
  })();
  return { stop: async () => ((running = false), done) };
}

/** Polls the follower for pending markers; records ack → searchable. */
function lagProbe(local: Client, index: string, acked: Map<string, number>) {
  const lags: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const pending = [...acked.keys()];
      if (pending.length > 0) {
        const res: any = await local.search({ index, body: { size: pending.length, _source: false, query: { ids: { values: pending } } } } as never);
        const now = Date.now();
        for (const h of res.body.hits.hits) {
          const at = acked.get(h._id);
          if (at !== undefined) lags.push(now - at);
          acked.delete(h._id);
        }
      }
      await sleep(10);
    }
  })();
  return { stop: async () => ((running = false), await done, lags) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-bench-'));
  const procs: Proc[] = [];
  try {
    const leaderP = await startProc('cluster-server.ts', ['leader', join(dir, 'leader')]);
    procs.push(leaderP);
    const localP = await startProc('cluster-server.ts', ['local', join(dir, 'local')]);
    procs.push(localP);
    const config = {
      dataDir: join(dir, 'gateway'),
      log: { level: process.env.CCR_BENCH_LOG ?? 'warn' },
      clusters: { local: 'local', connections: { local: { url: localP.url }, leader: { url: leaderP.url } } },
      ccr: { pollIntervalMs: 50, batchSize: 2000 },
    };
    const gwP = await startProc('gateway-server.ts', [JSON.stringify(config), '@ferry/ccr-core#ccrPlugin']);
    procs.push(gwP);
    const leader = new Client({ node: leaderP.url });
    const local = new Client({ node: localP.url });
    const gw = new Client({ node: gwP.url });

    // (a) bootstrap vs scroll-and-bulk
    await leader.indices.create({ index: 'bench', body: { settings: { number_of_shards: SHARDS } } });
    let t = Date.now();
    await load(leader, 'bench', DOCS);
    console.log(`loaded ${DOCS} docs of ~1 KB into the leader in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const baselineMs = await scrollAndBulk(leader, local, 'bench', 'baseline');
    t = Date.now();
    await gw.replication.start({ index: 'bench-f', body: { leader_alias: 'leader', leader_index: 'bench' } });
    await waitSynced(gw, leader, 'bench-f', 'bench');
    const ccrMs = Date.now() - t;
    await local.indices.refresh({ index: 'bench-f' });
    const count = (await local.count({ index: 'bench-f' })).body.count;
    const baseRate = DOCS / (baselineMs / 1000);
    const ccrRate = DOCS / (ccrMs / 1000);
    console.log(`(a) bootstrap: ccr ${ccrRate.toFixed(0)} docs/s (${(ccrMs / 1000).toFixed(1)} s, ${count} docs), scroll+bulk ${baseRate.toFixed(0)} docs/s (${(baselineMs / 1000).toFixed(1)} s), ratio ${(ccrRate / baseRate).toFixed(2)}`);
    await local.indices.delete({ index: 'baseline' });

    // (b) steady state, after the post-bootstrap full delete reconciliation (it lists every id once) settled
    await sleep(Number(process.env.CCR_BENCH_SETTLE_S ?? 10) * 1000);
    const acked = new Map<string, number>();
    const probe = lagProbe(local, 'bench-f', acked);
    const load1 = writeLoad(leader, 'bench', RATE, DOCS, acked);
    await sleep(STEADY_S * 1000);
    const w = await load1.stop();
    await sleep(3000);
    const lags = await probe.stop();
    console.log(`(b) steady: ${(w.ops / w.seconds).toFixed(0)} leader writes/s for ${w.seconds.toFixed(0)} s, lag ack->searchable p50 ${pct(lags, 50)} ms, p99 ${pct(lags, 99)} ms, max ${Math.max(...lags)} ms (${lags.length} markers, ${acked.size} never seen)`);

    // (c) catch-up after a pause
    await waitSynced(gw, leader, 'bench-f', 'bench');
    await gw.replication.pause({ index: 'bench-f', body: {} } as never);
    const load2 = writeLoad(leader, 'bench', RATE, w.next, new Map());
    await sleep(PAUSE_S * 1000);
    const w2 = await load2.stop();
    t = Date.now();
    await gw.replication.resume({ index: 'bench-f', body: {} });
    await waitSynced(gw, leader, 'bench-f', 'bench');
    const catchUp = Date.now() - t;
    await leader.indices.refresh({ index: 'bench' });
    await local.indices.refresh({ index: 'bench-f' });
    const [lc, fc] = [(await leader.count({ index: 'bench' })).body.count, (await local.count({ index: 'bench-f' })).body.count];
    console.log(`(c) catch-up: ${w2.ops} ops written during a ${PAUSE_S} s pause, caught up in ${(catchUp / 1000).toFixed(1)} s (leader ${lc} docs, follower ${fc})`);
    await Promise.all([leader.close(), local.close(), gw.close()]);
  } finally {
    for (const p of procs.reverse()) await stopProc(p);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
