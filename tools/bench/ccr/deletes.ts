// CCR delete propagation: 2,000 mixed leader writes/s (index, update, delete; some deleted ids re-created at
// once), with the delete check every 5 s (main's cadence: `deleteCheckIntervalMs` 5000) and then with the
// leader's `delete_total` signal (the default, 250 ms), in the same run (fresh leader and follower clusters per
// phase, same preload and load). Prints,
// per phase: delete → gone from the follower (real-time GET 404) and → no longer searchable, p50/p99; marker
// lag ack → searchable p50/p99; what the gateway asked the leader (requests/s and bytes by kind, through a
// counting proxy) and the leader's CPU; and whether leader and follower hold the same ids at the end.
//   CCR_BENCH_DOCS (50000 preloaded), CCR_BENCH_RATE (2000 writes/s), CCR_BENCH_STEADY_S (30), CCR_BENCH_SETTLE_S (10)
// Run: npx ts-node -T -P tools/bench/ccr/tsconfig.json -r tsconfig-paths/register tools/bench/ccr/deletes.ts
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { startProc, stopProc, type Proc } from '../shared/procs';

const DOCS = Number(process.env.CCR_BENCH_DOCS ?? 50_000);
const RATE = Number(process.env.CCR_BENCH_RATE ?? 2000);
const STEADY_S = Number(process.env.CCR_BENCH_STEADY_S ?? 30);
const SETTLE_S = Number(process.env.CCR_BENCH_SETTLE_S ?? 10);
const SHARDS = 2;
const FILLER = 'x'.repeat(940);
const doc = (n: number) => ({ n, title: `document ${n}`, body: FILLER });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

/** CPU seconds (user + system) of a process so far. */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** An HTTP proxy in front of the leader that counts the gateway's requests and bytes by kind. */
function countingProxy(target: string) {
  const u = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const counts = new Map<string, { requests: number; up: number; down: number }>();
  const kind = (path: string) => /\/_(stats|refresh|msearch|mget|search|bulk|pit)|\/_search\/point_in_time/.exec(path)?.[0].replace(/^\//, '') ?? 'other';
  const server = http.createServer((req, res) => {
    const k = kind(req.url ?? '');
    const c = counts.get(k) ?? { requests: 0, up: 0, down: 0 };
    counts.set(k, c);
    c.requests++;
    const up = http.request({ host: u.hostname, port: u.port, path: req.url, method: req.method, headers: req.headers, agent }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.on('data', (d: Buffer) => (c.down += d.length));
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.on('data', (d: Buffer) => (c.up += d.length));
    req.pipe(up);
  });
  return {
    counts,
    listen: () => new Promise<string>((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as { port: number }).port}`))),
    close: () => (agent.destroy(), new Promise((ok) => server.close(ok))),
  };
}

async function load(client: Client, index: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 5000) {
    const body: unknown[] = [];
    for (let i = from; i < Math.min(count, from + 5000); i++) body.push({ index: { _index: index, _id: `d${i}` } }, doc(i));
    const res = await client.bulk({ body: body as never } as never);
    if ((res.body as any).errors) throw new Error('load bulk failed');
  }
  await client.indices.refresh({ index });
}

/** The leader's ids, kept to pick updates and deletes anywhere in the index (old documents included). */
class LiveIds {
  private ids: string[] = [];
  private pos = new Map<string, number>();
  add(id: string) {
    if (this.pos.has(id)) return;
    this.pos.set(id, this.ids.length);
    this.ids.push(id);
  }
  random(): string {
    return this.ids[Math.floor(Math.random() * this.ids.length)];
  }
  remove(id: string) {
    const i = this.pos.get(id)!;
    const last = this.ids.pop()!;
    if (last !== id) {
      this.ids[i] = last;
      this.pos.set(last, i);
    }
    this.pos.delete(id);
  }
}

interface Pending {
  markers: Map<string, number>;
  /** Deleted id → ack time, until the follower's real-time GET no longer finds it. */
  deletedGet: Map<string, number>;
  /** Deleted id → ack time, until a follower search no longer returns it. */
  deletedSearch: Map<string, number>;
}

/** 70 % index of new ids, 20 % update of any live id, 10 % delete of any live id; every 10th deleted id is re-created in the next bulk. */
function writeLoad(leader: Client, index: string, live: LiveIds, firstId: number, pending: Pending) {
  let running = true;
  let next = firstId;
  let marker = 0;
  let ops = 0;
  let deletes = 0;
  let recreated = 0;
  const tickMs = 20;
  const perTick = Math.max(2, Math.round((RATE * tickMs) / 1000));
  const done = (async () => {
    const t0 = Date.now();
    let tick = 0;
    let recreate: string[] = [];
    while (running) {
      const body: unknown[] = [];
      const dels: string[] = [];
      const created: string[] = [];
      body.push({ index: { _index: index, _id: `m${marker}` } }, { marker: true, body: FILLER });
      for (const id of recreate) body.push({ index: { _index: index, _id: id } }, doc(-2));
      for (let i = 1 + recreate.length; i < perTick; i++) {
        const r = Math.random();
        if (r < 0.7) {
          created.push(`d${next}`);
          body.push({ index: { _index: index, _id: `d${next}` } }, doc(next++));
        }
        else if (r < 0.9) body.push({ index: { _index: index, _id: live.random() } }, doc(-1));
        else {
          const id = live.random();
          live.remove(id);
          dels.push(id);
          body.push({ delete: { _index: index, _id: id } });
        }
      }
      const res: any = (await leader.bulk({ body: body as never } as never)).body;
      if (res.errors) throw new Error(`load bulk failed: ${JSON.stringify(res.items.find((it: any) => it.index?.error || it.delete?.error))}`);
      const at = Date.now();
      pending.markers.set(`m${marker++}`, at);
      for (const id of recreate) live.add(id);
      for (const id of created) live.add(id);
      recreated += recreate.length;
      recreate = [];
      for (const id of dels) {
        deletes++;
        // Every 10th deleted id comes back in the next bulk: the follower must end up holding it.
        if (deletes % 10 === 0) recreate.push(id);
        else if (deletes % 3 === 0) {
          // One delete in three is followed (the probe's own queries load the follower).
          pending.deletedGet.set(id, at);
          pending.deletedSearch.set(id, at);
        }
      }
      ops += perTick;
      tick++;
      const wait = t0 + tick * tickMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
    for (const id of recreate) {
      await leader.index({ index, id, body: doc(-2) });
      live.add(id);
      recreated++;
    }
    return { ops, deletes, recreated, seconds: (Date.now() - t0) / 1000, next };
  })();
  return { stop: async () => ((running = false), done) };
}

/** Polls the follower: markers until searchable, deleted ids until a real-time mget misses them and until a search does. */
function probe(local: Client, index: string, pending: Pending) {
  const lags = { markers: [] as number[], gone: [] as number[], unsearchable: [] as number[] };
  let running = true;
  const done = (async () => {
    while (running) {
      const now0 = Date.now();
      const searchIds = [...pending.markers.keys(), ...pending.deletedSearch.keys()];
      if (searchIds.length > 0) {
        const res: any = (await local.search({ index, body: { size: searchIds.length, _source: false, query: { ids: { values: searchIds } } } } as never)).body;
        const now = Date.now();
        const hits = new Set<string>(res.hits.hits.map((h: any) => h._id));
        for (const [id, at] of pending.markers) if (hits.has(id)) (lags.markers.push(now - at), pending.markers.delete(id));
        for (const [id, at] of pending.deletedSearch) if (!hits.has(id) && at < now0) (lags.unsearchable.push(now - at), pending.deletedSearch.delete(id));
      }
      const getIds = [...pending.deletedGet.keys()];
      if (getIds.length > 0) {
        const res: any = (await local.mget({ index, body: { ids: getIds }, _source: false } as never)).body;
        const now = Date.now();
        for (const d of res.docs) {
          const at = pending.deletedGet.get(d._id);
          if (at !== undefined && !d.found) (lags.gone.push(now - at), pending.deletedGet.delete(d._id));
        }
      }
      await sleep(20);
    }
  })();
  return { stop: async () => ((running = false), await done, lags) };
}

async function allIds(client: Client, index: string): Promise<Set<string>> {
  await client.indices.refresh({ index });
  const out = new Set<string>();
  let res: any = (await client.search({ index, scroll: '2m', body: { size: 5000, _source: false, sort: ['_doc'] } } as never)).body;
  while (res.hits.hits.length > 0) {
    for (const h of res.hits.hits) out.add(h._id);
    res = (await client.scroll({ scroll_id: res._scroll_id, scroll: '2m' } as never)).body;
  }
  await client.clearScroll({ scroll_id: res._scroll_id } as never);
  return out;
}

async function synced(gw: Client, leader: Client, follower: string): Promise<void> {
  const body: any = (await leader.indices.stats({ index: 'bench', level: 'shards' } as never)).body;
  const target = Object.values<any[]>(body.indices.bench.shards).reduce((n, copies) => n + copies[0].seq_no.global_checkpoint, 0);
  for (;;) {
    const s: any = (await gw.replication.status({ index: follower })).body;
    if (s.status === 'SYNCING' && s.syncing_details.follower_checkpoint >= target) return;
    await sleep(50);
  }
}

async function phase(opts: { name: string; deleteCheckIntervalMs: number; dir: string; leaderP: Proc; localP: Proc; leader: Client; local: Client; live: LiveIds; next: number }): Promise<void> {
  const proxy = countingProxy(opts.leaderP.url);
  const proxyUrl = await proxy.listen();
  const config = {
    dataDir: join(opts.dir, `gateway-${opts.name}`),
    log: { level: process.env.CCR_BENCH_LOG ?? 'warn' },
    clusters: { local: 'local', connections: { local: { url: opts.localP.url }, leader: { url: proxyUrl } } },
    ccr: { pollIntervalMs: 50, batchSize: 2000, deleteCheckIntervalMs: opts.deleteCheckIntervalMs },
  };
  const gwP = await startProc('gateway-server.ts', [JSON.stringify(config), '@ferry/ccr-core#ccrPlugin']);
  const gw = new Client({ node: gwP.url });
  const follower = `bench-f-${opts.name}`;
  try {
    await gw.replication.start({ index: follower, body: { leader_alias: 'leader', leader_index: 'bench' } });
    await synced(gw, opts.leader, follower);
    await sleep(SETTLE_S * 1000);
    const pending: Pending = { markers: new Map(), deletedGet: new Map(), deletedSearch: new Map() };
    const p = probe(opts.local, follower, pending);
    proxy.counts.clear();
    const leaderPid = opts.leaderP.child.pid!;
    const [cpu0, t0] = [cpuSeconds(leaderPid), Date.now()];
    const gwCpu0 = cpuSeconds(gwP.child.pid!);
    const localCpu0 = cpuSeconds(opts.localP.child.pid!);
    const w = writeLoad(opts.leader, 'bench', opts.live, opts.next, pending);
    await sleep(STEADY_S * 1000);
    const r = await w.stop();
    const secs = (Date.now() - t0) / 1000;
    const leaderCpu = (cpuSeconds(leaderPid) - cpu0) / secs;
    const gwCpu = (cpuSeconds(gwP.child.pid!) - gwCpu0) / secs;
    const localCpu = (cpuSeconds(opts.localP.child.pid!) - localCpu0) / secs;
    const counts = [...proxy.counts.entries()].map(([k, c]) => `${k} ${(c.requests / secs).toFixed(1)}/s ${((c.up + c.down) / secs / 1024).toFixed(0)} KB/s`).join(', ');
    const total = [...proxy.counts.values()].reduce((a, c) => ({ requests: a.requests + c.requests, bytes: a.bytes + c.up + c.down }), { requests: 0, bytes: 0 });
    await sleep(8000);
    const lags = await p.stop();
    await synced(gw, opts.leader, follower);
    await sleep(6000);
    const [l, f] = [await allIds(opts.leader, 'bench'), await allIds(opts.local, follower)];
    const missing = [...l].filter((id) => !f.has(id));
    const extra = [...f].filter((id) => !l.has(id));
    console.log(`[${opts.name}] deleteCheckIntervalMs ${opts.deleteCheckIntervalMs}: ${(r.ops / r.seconds).toFixed(0)} leader writes/s for ${r.seconds.toFixed(0)} s (${r.deletes} deletes, ${r.recreated} re-created at once, one in three of the others followed)`);
    console.log(`[${opts.name}]   delete -> gone from the follower (real-time GET): p50 ${pct(lags.gone, 50)} ms, p99 ${pct(lags.gone, 99)} ms, max ${Math.max(...lags.gone)} ms (${lags.gone.length} seen, ${pending.deletedGet.size} never) target p99 <= 1500 ms`);
    console.log(`[${opts.name}]   delete -> not searchable on the follower: p50 ${pct(lags.unsearchable, 50)} ms, p99 ${pct(lags.unsearchable, 99)} ms (${pending.deletedSearch.size} never)`);
    console.log(`[${opts.name}]   marker ack -> searchable: p50 ${pct(lags.markers, 50)} ms, p99 ${pct(lags.markers, 99)} ms, max ${Math.max(...lags.markers)} ms (${lags.markers.length} seen, ${pending.markers.size} never) target p99 <= 1000 ms + refresh 1000 ms`);
    console.log(`[${opts.name}]   gateway -> leader: ${(total.requests / secs).toFixed(1)} req/s, ${(total.bytes / secs / 1024).toFixed(0)} KB/s (${counts}); leader CPU ${(leaderCpu * 100).toFixed(1)} % of a core (load included), gateway CPU ${(gwCpu * 100).toFixed(1)} %, follower cluster CPU ${(localCpu * 100).toFixed(1)} % (probe included)`);
    console.log(`[${opts.name}]   end: leader ${l.size} ids, follower ${f.size}; missing on the follower ${missing.length} ${missing.slice(0, 5).join(' ')}, extra ${extra.length} ${extra.slice(0, 5).join(' ')}`);
    } finally {
    await gw.close();
    await stopProc(gwP);
    await proxy.close();
  }
}

async function main(): Promise<void> {
  console.log(`${DOCS} docs of ~1 KB preloaded into a ${SHARDS}-shard leader index; ${RATE} writes/s for ${STEADY_S} s per phase; fresh clusters per phase`);
  const phases = (process.env.CCR_BENCH_PHASES ?? 'every5s,signal').split(',');
  for (const name of phases) {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-deletes-'));
    const procs: Proc[] = [];
    try {
      const leaderP = await startProc('cluster-server.ts', ['leader', join(dir, 'leader')]);
      procs.push(leaderP);
      const localP = await startProc('cluster-server.ts', ['local', join(dir, 'local')]);
      procs.push(localP);
      const leader = new Client({ node: leaderP.url });
      const local = new Client({ node: localP.url });
      await leader.indices.create({ index: 'bench', body: { settings: { number_of_shards: SHARDS } } });
      await load(leader, 'bench', DOCS);
      const live = new LiveIds();
      for (let i = 0; i < DOCS; i++) live.add(`d${i}`);
      await phase({ name, deleteCheckIntervalMs: name === 'every5s' ? 5000 : 250, dir, leaderP, localP, leader, local, live, next: DOCS });
      await Promise.all([leader.close(), local.close()]);
    } finally {
      for (const p of procs.reverse()) await stopProc(p);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
