#!/usr/bin/env node
/**
 * Influx replication benchmark: one replication from a Ferry gateway (own process) to a real influxd 1.6 on
 * loopback, batches of 5,000 points.
 *   node tools/bench/influx/replication.js [--batches 200] [--concurrency 4] [--outage 60] [--rate 50000]
 *                                          [--concurrent-requests 1] [--max-batch-bytes N]
 * --concurrent-requests sets the replication's concurrentRequests (lanes of series sent at once; 1 = InfluxDB).
 * PROF=1 runs the gateway with --cpu-prof (profile in /tmp/benchprof).
 * Prints points/s written straight to influxd, points/s acknowledged by the gateway, points/s delivered end to
 * end (and their ratio to direct), p50/p99 acknowledgement latency per batch, and the drain time after an outage
 * of --outage seconds while writing --rate points/s. "Delivered" is when influxd has answered 204 to the last
 * byte of the queue (read from the replication's remainingBytesToBeSynced), checked by counting the points.
 */
const { spawn } = require('node:child_process');
const http = require('node:http');
const net = require('node:net');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startInfluxd } = require('../../peers/influxd');

const root = join(__dirname, '..', '..', '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const BATCHES = arg('batches', 200);
const CONCURRENCY = arg('concurrency', 4);
const OUTAGE_S = arg('outage', 60);
const RATE = arg('rate', 50000);
const LANES = arg('concurrent-requests', 1);
const MAX_BATCH_BYTES = arg('max-batch-bytes', 0);
const BATCH = 5000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url, body, headers = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', agent, headers: { 'content-type': 'text/plain', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function json(url, method, body) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  return res.status === 204 ? undefined : res.json();
}

/** Batch k of a run: 5,000 points with unique timestamps, so counts are exact. */
function batch(run, k) {
  const base = 1_600_000_000_000_000_000n + BigInt(run) * 10_000_000_000_000n;
  const lines = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const n = k * BATCH + i;
    lines[i] = `bench,host=h${n % 50},region=r${n % 4} value=${n},temp=${n % 100}.5 ${base + BigInt(n)}`;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

async function writeAll(url, bodies, concurrency) {
  const latencies = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = process.hrtime.bigint();
        const res = await post(url, body);
        if (res.status !== 204) throw new Error(`write answered ${res.status}: ${res.body}`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { seconds, pointsPerSec: (bodies.length * BATCH) / seconds, p50: pct(50), p99: pct(99) };
}

function startGateway(dataDir) {
  const child = spawn(
    process.execPath,
    [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/benchprof'] : []), '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'libs/influx-replication/src/test/child-gateway.ts'), dataDir,
      JSON.stringify({ influx: { org: 'bench', bucket: 'bench', maxBackoffMs: 2000, ...(MAX_BATCH_BYTES ? { maxBatchBytes: MAX_BATCH_BYTES } : {}) } })],
    { cwd: root, env: { ...process.env, TS_NODE_PROJECT: join(root, 'libs/influx-replication/tsconfig.spec.json') }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => new Promise((ok) => { child.once('exit', ok); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}`)));
  });
}

/** A TCP proxy in front of influxd that can be switched off to make an outage. */
function proxy(target) {
  const sockets = new Set();
  let server;
  let port = 0;
  return {
    get url() { return `http://127.0.0.1:${port}`; },
    up: () => new Promise((ok) => {
      server = net.createServer((c) => {
        const u = net.connect(target);
        for (const s of [c, u]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); }
        c.pipe(u).pipe(c);
      });
      server.listen(port, '127.0.0.1', () => { port = server.address().port; ok(); });
    }),
    down: () => new Promise((ok) => { for (const s of sockets) s.destroy(); server.close(() => ok()); }),
  };
}

/**
 * Waits until the replication has nothing left to send, i.e. influxd answered 204 to every byte (polling the
 * gateway is cheap; counting in influxd every 200 ms would slow down the ingest being measured), then checks
 * that influxd holds all `total` points.
 */
async function waitForDelivery(gwUrl, repId, influxd, db, total, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rep = await json(`${gwUrl}/api/v2/replications/${repId}`, 'GET');
    if (rep.remainingBytesToBeSynced === 0) break;
    if (Date.now() > deadline) throw new Error(`${rep.remainingBytesToBeSynced} bytes still queued: ${rep.latestErrorMessage}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const at = Date.now();
  await waitForCount(influxd, db, total, 10_000);
  return at;
}

async function waitForCount(influxd, db, total, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await influxd.count(db, 'bench');
    if (n >= total) return Date.now();
    if (Date.now() > deadline) throw new Error(`only ${n} of ${total} points in ${db}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const influxd = await startInfluxd();
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-influx-'));
  const px = proxy({ host: '127.0.0.1', port: influxd.port });
  await px.up();
  const gw = await startGateway(dataDir);
  try {
    for (const db of ['direct', 'replicated']) await influxd.createDatabase(db);
    const org = (await json(`${gw.url}/api/v2/orgs?org=bench`, 'GET')).orgs[0];
    const bucket = (await json(`${gw.url}/api/v2/buckets?orgID=${org.id}&name=bench`, 'GET')).buckets[0];
    const remote = await json(`${gw.url}/api/v2/remotes`, 'POST', { orgID: org.id, name: 'influx16', remoteURL: px.url, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' });
    const rep = await json(`${gw.url}/api/v2/replications`, 'POST', {
      orgID: org.id, name: 'bench', remoteID: remote.id, localBucketID: bucket.id, remoteBucketName: 'replicated', maxQueueSizeBytes: 2_000_000_000,
      concurrentRequests: LANES,
    });
    const bodies = (run) => Array.from({ length: BATCHES }, (_, k) => batch(run, k));
    const total = BATCHES * BATCH;

    // Warm up both paths with a few batches (JIT, connections, shard creation), then measure.
    await writeAll(`${influxd.url}/write?db=direct&precision=n`, bodies(9).slice(0, 10), CONCURRENCY);
    await writeAll(`${gw.url}/api/v2/write?org=bench&bucket=bench&precision=ns`, bodies(9).slice(0, 10), CONCURRENCY);
    await waitForCount(influxd, 'replicated', 10 * BATCH, 60_000);

    const direct = await writeAll(`${influxd.url}/write?db=direct&precision=n`, bodies(0), CONCURRENCY);
    // The same batches one at a time: the bound of a sender that keeps one request in flight.
    const sequential = await writeAll(`${influxd.url}/write?db=direct&precision=n`, bodies(3), 1);
    const t0 = Date.now();
    const acked = await writeAll(`${gw.url}/api/v2/write?org=bench&bucket=bench&precision=ns`, bodies(1), CONCURRENCY);
    const deliveredAt = await waitForDelivery(gw.url, rep.id, influxd, 'replicated', total + 10 * BATCH, 300_000);
    const delivered = total / ((deliveredAt - t0) / 1000);

    // Outage: the remote is unreachable for OUTAGE_S seconds while writes arrive at RATE points/s.
    await px.down();
    const perSec = RATE / BATCH;
    const outageBodies = Array.from({ length: Math.round(perSec * OUTAGE_S) }, (_, k) => batch(2, k));
    const start = Date.now();
    let sent = 0;
    const pending = [];
    while (sent < outageBodies.length) {
      const due = Math.floor(((Date.now() - start) / 1000) * perSec) + 1;
      while (sent < Math.min(due, outageBodies.length)) pending.push(post(`${gw.url}/api/v2/write?org=bench&bucket=bench&precision=ns`, outageBodies[sent++]));
      await new Promise((r) => setTimeout(r, 20));
    }
    const outageResults = await Promise.all(pending);
    const refused = outageResults.filter((r) => r.status !== 204).length;
    const writeSeconds = (Date.now() - start) / 1000;
    const queued = await json(`${gw.url}/api/v2/replications/${rep.id}`, 'GET');
    await px.up();
    const upAt = Date.now();
    const outageTotal = total + 10 * BATCH + outageBodies.length * BATCH;
    const drainedAt = await waitForDelivery(gw.url, rep.id, influxd, 'replicated', outageTotal, 900_000);

    const result = {
      batchPoints: BATCH,
      batches: BATCHES,
      concurrency: CONCURRENCY,
      concurrentRequests: LANES,
      directPointsPerSec: Math.round(direct.pointsPerSec),
      directOneAtATimePointsPerSec: Math.round(sequential.pointsPerSec),
      ackedPointsPerSec: Math.round(acked.pointsPerSec),
      deliveredPointsPerSec: Math.round(delivered),
      ackedRatio: +(acked.pointsPerSec / direct.pointsPerSec).toFixed(2),
      deliveredRatio: +(delivered / direct.pointsPerSec).toFixed(2),
      deliveredRatioToOneAtATime: +(delivered / sequential.pointsPerSec).toFixed(2),
      ackLatencyMs: { p50: +acked.p50.toFixed(1), p99: +acked.p99.toFixed(1) },
      directLatencyMs: { p50: +direct.p50.toFixed(1), p99: +direct.p99.toFixed(1) },
      outage: {
        seconds: OUTAGE_S,
        targetPointsPerSec: RATE,
        writtenPoints: outageBodies.length * BATCH,
        achievedPointsPerSec: Math.round((outageBodies.length * BATCH) / writeSeconds),
        refusedWrites: refused,
        queuedBytesAtEnd: queued.remainingBytesToBeSynced,
        drainSeconds: +((drainedAt - upAt) / 1000).toFixed(1),
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await gw.stop();
    await px.down().catch(() => undefined);
    await influxd.stop();
    rmSync(dataDir, { recursive: true, force: true });
    agent.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
