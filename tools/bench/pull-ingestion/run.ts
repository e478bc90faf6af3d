// Pull-ingestion benchmark: messages/s from files, Kafka (kcat mock) and Kinesis (kinesalite) into a 1-shard
// and a 4-shard index on the embedded cluster, against bulk-loading the same documents directly in the same
// run; then the lag at a steady Kafka rate. Kinesis rows are measured against a bare GetRecords reader of the same
// stream in its own process (issue 17: kinesalite serves fewer records/s than the cluster indexes), the direct
// `_bulk` ratio kept as information.
// Usage: node tools/bench/pull-ingestion/run.js [--messages 20000]
//        [--kinesis-messages 5000] [--rounds 3] [--rate 5000] [--seconds 10] [--lag-only 1] [--sources file,kafka,kinesis]
//        [--pointer-flush-ms 0] [--probe 1] [--lag 0 (skips the steady-lag part)]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startKafkaMock, type KafkaMock } from '../../peers/kafka-mock';
import { startKinesalite, type KinesisPeer } from '../../peers/kinesis';
import { startProc, stopProc, type Proc } from '../shared/procs';
import { makeDocs, produceKafka, putKinesis, writeFiles, type Doc } from './sources';
import { steadyLag } from './steady-lag';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const sourcesArg = () => {
  const i = process.argv.indexOf('--sources');
  return (i > 0 ? process.argv[i + 1] : 'file,kafka,kinesis').split(',') as ('file' | 'kafka' | 'kinesis')[];
};

async function call(url: string, method = 'GET', body?: unknown): Promise<any> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Sum of the processed counters of the index's shards, from the gateway's Prometheus endpoint, that metric
 * only (cheap: it neither touches the cluster, unlike `_stats`, nor reads the process metrics from /proc;
 * either would slow down what it measures).
 */
export async function processed(gateway: string, index: string): Promise<number> {
  const text = await (await fetch(`${gateway}/_gateway/metrics?name=ferry_ingestion_processed_messages`)).text();
  const re = new RegExp(`^ferry_ingestion_processed_messages\\{index="${index}",shard="\\d+"\\} (\\d+)$`, 'gm');
  let sum = 0;
  for (const m of text.matchAll(re)) sum += Number(m[1]);
  return sum;
}

/** Bulk-loads the documents directly into the cluster, one sequential stream of 1,000-doc bulks per shard, like the pollers. */
async function directBulk(cluster: string, index: string, parts: Doc[][]): Promise<number> {
  await call(`${cluster}/${index}`, 'PUT', { settings: { number_of_shards: parts.length } });
  const t0 = performance.now();
  await Promise.all(
    parts.map(async (docs) => {
      for (let i = 0; i < docs.length; i += 1000) {
        const body = docs.slice(i, i + 1000).map((d) => `${JSON.stringify({ index: { _index: index, _id: d.id, version: 1, version_type: 'external' } })}\n${JSON.stringify(d.body)}\n`).join('');
        const res = await fetch(`${cluster}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
        const out = (await res.json()) as { errors: boolean };
        if (out.errors) throw new Error('direct bulk had errors');
      }
    }),
  );
  return performance.now() - t0;
}

/**
 * Creates the ingestion index through the gateway and waits until every message is processed. Returns the
 * time to the first written message (consumer start-up: Kafka group join, iterators) and the time from
 * there to the last one, which is what the throughput is computed from.
 */
async function ingest(gateway: string, index: string, shards: number, total: number, source: Record<string, unknown>) {
  // Off by default: the probe's requests load the gateway during the pull but not during the direct load.
  const probe = arg('probe', 0) ? probeLatency(gateway) : { during: () => ({ p50: 0, p99: 0, n: 0 }), stop: () => undefined };
  try {
    return { ...(await ingestOnly(gateway, index, shards, total, source)), probe: probe.during };
  } finally {
    probe.stop();
  }
}

/**
 * Meanwhile, how long the gateway takes to answer a trivial request (`GET /_gateway/info`), sent one at
 * a time: what reading and writing the stream costs every other client of the gateway's event loop.
 * `during(from, to)` gives p50/p99 in ms of the probes sent in that window.
 */
function probeLatency(gateway: string) {
  const samples: { at: number; ms: number }[] = [];
  let running = true;
  void (async () => {
    while (running) {
      const at = performance.now();
      await (await fetch(`${gateway}/_gateway/info`)).arrayBuffer();
      samples.push({ at, ms: performance.now() - at });
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    stop: () => void (running = false),
    during: (from: number, to: number) => {
      const xs = samples.filter((x) => x.at >= from && x.at <= to).map((x) => x.ms).sort((a, b) => a - b);
      const q = (p: number) => +(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0).toFixed(1);
      return { p50: q(0.5), p99: q(0.99), n: xs.length };
    },
  };
}

async function ingestOnly(gateway: string, index: string, shards: number, total: number, source: Record<string, unknown>) {
  const t0 = performance.now();
  await call(`${gateway}/${index}`, 'PUT', { settings: { index: { number_of_shards: shards }, ingestion_source: { pointer: { init: { reset: 'earliest' } }, ...source } } });
  let first: { at: number; done: number } | undefined;
  for (;;) {
    const done = await processed(gateway, index);
    if (done > 0 && !first) first = { at: performance.now(), done };
    if (done >= total) break;
    if (performance.now() - t0 > 300_000) throw new Error(`${index}: only ${done} of ${total} messages after 5 minutes`);
    // A run lasts well under a second, so the edges need a fine grain; one poll costs the gateway ~1 ms.
    await new Promise((r) => setTimeout(r, 20));
  }
  const end = performance.now();
  return { startupMs: first!.at - t0, steadyMs: end - first!.at, steadyMessages: total - first!.done, totalMs: end - t0, window: [first!.at, end] as const };
}

interface Ctx {
  cluster: string;
  gateway: string;
  dir: string;
  mock: KafkaMock;
  producer: Producer;
  kinesis: KinesisPeer;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Loads `total` messages into a fresh stream, then times the pull index and a direct bulk load of the same documents. */
async function round(ctx: Ctx, source: 'file' | 'kafka' | 'kinesis', shards: number, total: number, r: number) {
  const name = `${source}-${shards}-${r}`;
  const parts = makeDocs(name, total, shards);
  let settings: Record<string, unknown>;
  if (source === 'file') {
    writeFiles(join(ctx.dir, 'streams'), name, parts);
    settings = { type: 'file', param: { stream: name, base_directory: join(ctx.dir, 'streams') } };
  } else if (source === 'kafka') {
    await produceKafka(ctx.producer, name, parts);
    settings = { type: 'kafka', param: { topic: name, bootstrap_servers: ctx.mock.bootstrap } };
  } else {
    await putKinesis(ctx.kinesis, name, parts);
    settings = { type: 'kinesis', param: { stream: name, region: 'us-east-1', access_key: 'k', secret_key: 's', endpoint_override: ctx.kinesis.endpoint } };
  }
  const directMs = await directBulk(ctx.cluster, `direct-${name}`, parts);
  const pull = await ingest(ctx.gateway, `pull-${name}`, shards, total, settings);
  const ceiling = source === 'kinesis' ? await bareKinesis(ctx.kinesis.endpoint, name, total) : undefined;
  // Each round starts clean: earlier rounds' pollers would otherwise keep polling their sources meanwhile.
  await call(`${ctx.gateway}/pull-${name}`, 'DELETE');
  await call(`${ctx.cluster}/direct-${name}`, 'DELETE');
  const probe = pull.probe(...pull.window);
  return { pull: pull.steadyMessages / (pull.steadyMs / 1000), direct: total / (directMs / 1000), startup: pull.startupMs, withStartup: total / (pull.totalMs / 1000), ceiling, probe };
}

/** Messages/s a bare GetRecords reader (bare-kinesis.ts, its own process) reads the stream at, first page to last. */
function bareKinesis(endpoint: string, stream: string, total: number): Promise<number> {
  return new Promise((ok, fail) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'bare-kinesis.ts'), endpoint, stream, String(total)],
      { env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') } },
      (err, stdout) => {
        if (err) return fail(err);
        const out = JSON.parse(stdout.trim().split('\n').pop()!) as { read: number; steadyMsgsPerS: number };
        if (out.read < total) return fail(new Error(`bare reader read ${out.read} of ${total}`));
        ok(out.steadyMsgsPerS);
      },
    );
  });
}

/** Median of `rounds` interleaved rounds (the machine is shared, so single runs are noisy). */
async function measure(ctx: Ctx, source: 'file' | 'kafka' | 'kinesis', shards: number, total: number, rounds: number) {
  const rs = [];
  for (let r = 0; r < rounds; r++) rs.push(await round(ctx, source, shards, total, r));
  const row = {
    source,
    shards,
    messages: total,
    rounds,
    pull_msgs_per_s: Math.round(median(rs.map((x) => x.pull))),
    direct_bulk_docs_per_s: Math.round(median(rs.map((x) => x.direct))),
    ratio: +median(rs.map((x) => x.pull / x.direct)).toFixed(2),
    startup_ms: Math.round(median(rs.map((x) => x.startup))),
    pull_msgs_per_s_incl_startup: Math.round(median(rs.map((x) => x.withStartup))),
    // With --probe 1: latency of a trivial gateway request while the pull runs (median of the rounds' p50/p99).
    ...(arg('probe', 0) ? { gateway_probe_p50_ms: median(rs.map((x) => x.probe.p50)), gateway_probe_p99_ms: median(rs.map((x) => x.probe.p99)) } : {}),
    ...(source === 'kinesis'
      ? {
          bare_getrecords_msgs_per_s: Math.round(median(rs.map((x) => x.ceiling ?? 0))),
          ratio_to_bare_getrecords: +median(rs.map((x) => x.pull / (x.ceiling ?? Infinity))).toFixed(2),
          ratio_to_bare_per_round: rs.map((x) => +(x.pull / (x.ceiling ?? Infinity)).toFixed(2)),
          target: 'ratio_to_bare_getrecords >= 0.9 (ratio to direct _bulk: information)',
        }
      : {}),
  };
  console.log(JSON.stringify(row));
  return row;
}

async function main(): Promise<void> {
  const total = arg('messages', 20_000);
  const kinesisTotal = arg('kinesis-messages', 5_000);
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-pull-'));
  let cluster: Proc | undefined;
  let gateway: Proc | undefined;
  let mock: KafkaMock | undefined;
  let kinesis: KinesisPeer | undefined;
  let producer: Producer | undefined;
  try {
    cluster = await startProc('cluster-server.ts', ['local', join(dir, 'cluster')]);
    const config = {
      dataDir: join(dir, 'gateway'),
      log: { level: 'warn' },
      clusters: { local: 'local', connections: { local: { url: cluster.url } } },
      ingestion: { pointerFlushIntervalMs: arg('pointer-flush-ms', 0) },
    };
    gateway = await startProc('gateway-server.ts', [JSON.stringify(config), '@ferry/pull-ingestion#pullIngestionPlugin']);
    [mock, kinesis] = await Promise.all([startKafkaMock(), startKinesalite()]);
    producer = new Kafka({ brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const ctx: Ctx = { cluster: cluster.url, gateway: gateway.url, dir, mock, producer, kinesis };
    // Warm the cluster (JIT, SQLite pages) so the first measured direct load is not the slowest.
    if (!arg('lag-only', 0)) await directBulk(cluster.url, 'warmup', makeDocs('warm', total, 4));
    const rows = [];
    for (const source of arg('lag-only', 0) ? [] : sourcesArg()) {
      for (const shards of [1, 4]) {
        // The Kafka mock keeps only ~5 MB per partition: stay under it so nothing is dropped before it is read.
        const count = source === 'kinesis' ? kinesisTotal : source === 'kafka' ? Math.min(total, 15_000 * shards) : total;
        rows.push(await measure(ctx, source, shards, count, arg('rounds', 3)));
      }
    }
    const lag = [];
    for (const source of arg('lag', 1) ? (['file', 'kafka'] as const) : []) {
      lag.push(await steadyLag({ source, dir: join(dir, 'streams'), gateway: gateway.url, producer, bootstrap: mock.bootstrap, rate: arg('rate', 5000), seconds: arg('seconds', 10), processed }));
    }
    console.log(JSON.stringify({ throughput: rows, steady_lag: lag }, null, 2));
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await stopProc(gateway);
    await stopProc(cluster);
    await mock?.stop();
    await kinesis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
