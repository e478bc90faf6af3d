#!/usr/bin/env node
/**
 * Influx delivery against a fair baseline (issue 17): one gateway (own process), one replication to a real
 * influxd 1.6 on loopback (v1 remote, no proxy in between), batches of 5,000 points (~70 bytes each).
 *   node tools/bench/influx/delivery.js [--batches 300] [--rounds 3] [--lanes 1,2,4] [--level 1]
 *                                       [--max-batch-bytes 4194304] [--compression gzip] [--auto 0]
 * For each N of --lanes, in the same run and each into a fresh database:
 *   direct   N writers post the same batches straight to influxd, coalesced into requests of the sender's size
 *            (whole batches up to --max-batch-bytes, as the sender reads its queue) and gzipped at --level
 *            beforehand (so the baseline pays no compression at all); and again with each writer compressing
 *            its request just before posting it (async zlib, same level), as a gzip client does;
 *   drain    the replication (`concurrentRequests: N`) has the same batches queued while its remote points at a
 *            closed port, then the remote is pointed back at influxd: time until its queue is empty;
 *   e2e      4 clients write the same batches to the gateway; time from the first write until influxd has
 *            answered 204 to the last queued byte (the gateway's acknowledgements compete for the same 2 cores).
 * And the acknowledgement rate: 4 clients writing plain batches to the gateway vs to influxd.
 * Every delivered phase is checked by counting the points (and a few values) in influxd.
 * --compression / --auto set the replication's `compression` and `concurrentRequests: 'auto'` (an extra row).
 * PROF=1 runs the gateway with --cpu-prof (profiles in /tmp/benchprof).
 */
const { spawn } = require('node:child_process');
const http = require('node:http');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { promisify } = require('node:util');
const { gzip, gzipSync } = require('node:zlib');
const { startInfluxd } = require('../../peers/influxd');

const root = join(__dirname, '..', '..', '..');
const argv = process.argv;
const arg = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? argv[i + 1] : def;
};
const BATCHES = Number(arg('batches', 300));
const ROUNDS = Number(arg('rounds', 3));
const LANES = String(arg('lanes', '1,2,4')).split(',').map(Number);
const LEVEL = Number(arg('level', 1));
const MAX_BATCH_BYTES = Number(arg('max-batch-bytes', 4 * 1024 * 1024));
const COMPRESSION = arg('compression', undefined);
const AUTO = arg('auto', '0') === '1';
const BATCH = 5000;
const RECORD_HEADER = 20;
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
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Batch k of data set `set`: 5,000 points of 100 series with unique timestamps, so counts are exact. */
function batch(set, k) {
  const base = 1_600_000_000_000_000_000n + BigInt(set) * 10_000_000_000_000n;
  const lines = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const n = k * BATCH + i;
    lines[i] = `bench,host=h${n % 50},region=r${n % 4} value=${n},temp=${n % 100}.5 ${base + BigInt(n)}`;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** Whole batches concatenated up to `maxBytes` (counting the queue's record headers), as the sender reads them. */
function coalesce(bodies, maxBytes) {
  const out = [];
  let group = [];
  let size = 0;
  for (const b of bodies) {
    if (group.length > 0 && size + b.length + RECORD_HEADER > maxBytes) {
      out.push(Buffer.concat(group));
      group = [];
      size = 0;
    }
    group.push(b);
    size += b.length + RECORD_HEADER;
  }
  if (group.length > 0) out.push(Buffer.concat(group));
  return out;
}

/** `concurrency` writers post `bodies` in order; `encode` (optional) runs on each body just before it is posted. */
async function writeAll(url, bodies, concurrency, headers, encode) {
  const latencies = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const raw = bodies[next++];
        const t = process.hrtime.bigint();
        const body = encode ? await encode(raw) : raw;
        const res = await post(url, body, headers);
        if (res.status !== 204) throw new Error(`write answered ${res.status}: ${res.body}`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, started };
}

function startGateway(dataDir) {
  const influx = { org: 'bench', bucket: 'bench', maxBackoffMs: 500, maxBatchBytes: MAX_BATCH_BYTES };
  const child = spawn(
    process.execPath,
    [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/benchprof'] : []), '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register',
      join(root, 'libs/influx-replication/src/test/child-gateway.ts'), dataDir, JSON.stringify({ influx })],
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

let cleanup = async () => undefined;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitEmpty(gwUrl, repId, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rep = await json(`${gwUrl}/api/v2/replications/${repId}`, 'GET');
    if (rep.remainingBytesToBeSynced === 0) return { at: process.hrtime.bigint(), rep };
    if (Date.now() > deadline) throw new Error(`${rep.remainingBytesToBeSynced} bytes still queued: ${rep.latestErrorMessage}`);
    await sleep(25);
  }
}

/** Every point arrived once, with its values: count, and the sum of `value` (n over all batches). */
async function check(influxd, db, total) {
  const out = await influxd.query('SELECT count("value"), sum("value") FROM "bench"', db);
  const row = out.results?.[0]?.series?.[0]?.values?.[0] ?? [];
  const expectedSum = (total * (total - 1)) / 2;
  if (row[1] !== total || row[2] !== expectedSum) throw new Error(`${db}: ${row[1]} points, sum ${row[2]}; expected ${total} and ${expectedSum}`);
  // Dropped once checked, so every phase writes into an influxd of the same size.
  await influxd.query(`DROP DATABASE "${db}"`);
}

const rate = (points, seconds) => Math.round(points / seconds);
const secondsSince = (t) => Number(process.hrtime.bigint() - t) / 1e9;

async function main() {
  const influxd = await startInfluxd();
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-delivery-'));
  const gw = await startGateway(dataDir);
  const gwWrite = `${gw.url}/api/v2/write?org=bench&bucket=bench&precision=ns`;
  const live = `http://127.0.0.1:${influxd.port}`;
  const dead = 'http://127.0.0.1:9';
  const rounds = [];
  let cleaned;
  cleanup = () => (cleaned ??= (async () => {
    await gw.stop();
    await influxd.stop();
    rmSync(dataDir, { recursive: true, force: true });
    agent.destroy();
  })());
  try {
    const org = (await json(`${gw.url}/api/v2/orgs?org=bench`, 'GET')).orgs[0];
    const bucket = (await json(`${gw.url}/api/v2/buckets?orgID=${org.id}&name=bench`, 'GET')).buckets[0];
    const remote = await json(`${gw.url}/api/v2/remotes`, 'POST', { orgID: org.id, name: 'influx16', remoteURL: live, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' });
    await influxd.createDatabase('warm');
    const rep = await json(`${gw.url}/api/v2/replications`, 'POST', {
      orgID: org.id, name: 'bench', remoteID: remote.id, localBucketID: bucket.id, remoteBucketName: 'warm', maxQueueSizeBytes: 4_000_000_000,
      ...(COMPRESSION ? { compression: COMPRESSION } : {}),
    });
    const patchRep = (body) => json(`${gw.url}/api/v2/replications/${rep.id}`, 'PATCH', body);
    const setRemote = (url) => json(`${gw.url}/api/v2/remotes/${remote.id}`, 'PATCH', { remoteURL: url });
    const plain = Array.from({ length: BATCHES }, (_, k) => batch(0, k));
    const coalesced = coalesce(plain, MAX_BATCH_BYTES);
    const requests = coalesced.map((b) => gzipSync(b, { level: LEVEL }));
    const gzipAsync = promisify(gzip);
    const compressing = (b) => gzipAsync(b, { level: LEVEL });
    const total = BATCHES * BATCH;
    const gz = { 'content-encoding': 'gzip' };
    let dbs = 0;
    const freshDb = async (prefix) => {
      const db = `${prefix}${dbs++}`;
      await influxd.createDatabase(db);
      return db;
    };

    // Warm-up: JIT, connections, the replication path.
    await writeAll(`${influxd.url}/write?db=warm&precision=n`, plain.slice(0, 20), 4);
    await writeAll(gwWrite, plain.slice(0, 20), 4);
    await waitEmpty(gw.url, rep.id, 60_000);

    for (let r = 0; r < ROUNDS; r++) {
      const row = { round: r + 1, lanes: {} };
      // (c) acknowledgement: 4 clients, plain batches, both sides; the replication is pointed at a closed port so
      // the sender does not compete (its queue is drained afterwards).
      let db = await freshDb('ackd');
      const direct4 = await writeAll(`${influxd.url}/write?db=${db}&precision=n`, plain, 4);
      await check(influxd, db, total);
      await setRemote(dead);
      await patchRep({ remoteBucketName: (db = await freshDb('acka')) });
      const acked = await writeAll(gwWrite, plain, 4);
      await setRemote(live);
      await waitEmpty(gw.url, rep.id, 600_000);
      await check(influxd, db, total);
      row.ack = { direct4: rate(total, direct4.seconds), acked: rate(total, acked.seconds) };

      for (const n of LANES) {
        await patchRep({ concurrentRequests: n });
        db = await freshDb(`d${n}_`);
        const direct = await writeAll(`${influxd.url}/write?db=${db}&precision=n`, requests, n, gz);
        await check(influxd, db, total);
        // The same, each writer compressing its request just before posting it (what a gzip client does).
        db = await freshDb(`z${n}_`);
        const directZ = await writeAll(`${influxd.url}/write?db=${db}&precision=n`, coalesced, n, gz, compressing);
        await check(influxd, db, total);

        // drain: queue everything while the remote is unreachable, then point it back and time the drain.
        await setRemote(dead);
        await patchRep({ remoteBucketName: (db = await freshDb(`q${n}_`)) });
        await writeAll(gwWrite, plain, 4);
        const t0 = process.hrtime.bigint();
        await setRemote(live);
        const drained = await waitEmpty(gw.url, rep.id, 600_000);
        const drainS = Number(drained.at - t0) / 1e9;
        await check(influxd, db, total);

        // end to end: clients write to the gateway while it delivers.
        await patchRep({ remoteBucketName: (db = await freshDb(`e${n}_`)) });
        const e0 = process.hrtime.bigint();
        await writeAll(gwWrite, plain, 4);
        const delivered = await waitEmpty(gw.url, rep.id, 600_000);
        const e2eS = Number(delivered.at - e0) / 1e9;
        await check(influxd, db, total);
        row.lanes[n] = { direct: rate(total, direct.seconds), directCompressing: rate(total, directZ.seconds), drain: rate(total, drainS), e2e: rate(total, e2eS) };
      }
      if (AUTO) {
        await patchRep({ concurrentRequests: 'auto', compression: 'auto' });
        await setRemote(dead);
        await patchRep({ remoteBucketName: (db = await freshDb('qa_')) });
        await writeAll(gwWrite, plain, 4);
        const t0 = process.hrtime.bigint();
        await setRemote(live);
        const drained = await waitEmpty(gw.url, rep.id, 600_000);
        await check(influxd, db, total);
        row.auto = { drain: rate(total, Number(drained.at - t0) / 1e9), lanesAtEnd: drained.rep.currentConcurrentRequests, encodingAtEnd: drained.rep.currentCompression };
        await patchRep({ concurrentRequests: 1, compression: COMPRESSION ?? 'gzip' });
      }
      rounds.push(row);
      console.error(JSON.stringify(row));
    }
    report(rounds);
  } finally {
    await cleanup();
  }
}

const fmt = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 1 ? `${s[0]}` : `${s[Math.floor(s.length / 2)]} [${s[0]}–${s[s.length - 1]}]`;
};
const ratio = (a, b) => +(a / b).toFixed(2);

function report(rounds) {
  console.log(`batches ${BATCHES} × ${BATCH} points, requests up to ${MAX_BATCH_BYTES} bytes, gzip level ${LEVEL} on the direct side, replication compression ${COMPRESSION ?? 'default'}; median [min–max] of ${rounds.length} rounds, points/s`);
  console.log(`acknowledged (4 clients): gateway ${fmt(rounds.map((r) => r.ack.acked))} vs direct ${fmt(rounds.map((r) => r.ack.direct4))} → ratio ${fmt(rounds.map((r) => ratio(r.ack.acked, r.ack.direct4)))} (target ≥ 1)`);
  for (const n of LANES) {
    const rs = rounds.map((r) => r.lanes[n]);
    console.log(
      `lanes ${n}: direct ${n} gzip writer(s), pre-compressed ${fmt(rs.map((x) => x.direct))}, compressing ${fmt(rs.map((x) => x.directCompressing))}; ` +
        `drain ${fmt(rs.map((x) => x.drain))} → ratio ${fmt(rs.map((x) => ratio(x.drain, x.direct)))} / ${fmt(rs.map((x) => ratio(x.drain, x.directCompressing)))}; ` +
        `end to end ${fmt(rs.map((x) => x.e2e))} → ratio ${fmt(rs.map((x) => ratio(x.e2e, x.direct)))} / ${fmt(rs.map((x) => ratio(x.e2e, x.directCompressing)))} (target ≥ 0.9)`,
    );
  }
  if (AUTO) {
    const a = rounds.map((r) => r.auto);
    console.log(`auto: drain ${fmt(a.map((x) => x.drain))} (vs lanes 1 pre-compressed: ${fmt(rounds.map((r) => ratio(r.auto.drain, r.lanes[LANES[0]].direct)))}), lanes/encoding at the end ${a.map((x) => `${x.lanesAtEnd}/${x.encodingAtEnd}`).join(', ')}`);
  }
  console.log(JSON.stringify(rounds));
}

// Stopped early (Ctrl-C, kill): stop influxd and the gateway too.
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void cleanup().finally(() => process.exit(1)));

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
