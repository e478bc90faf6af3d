// CCR bootstrap against elasticdump, between the same two clusters in the same run. Leader and follower are
// separate `ferry cluster` processes, the gateway a `ferry serve` process (built gateway) with a connection to
// each; elasticdump runs as a user runs it (its bin, `--input=<leader>/<index> --output=<follower>/<index>`),
// with its defaults and with each `--limit` of --limits. Also measured in the same run, as the bounds: the
// leader's raw scroll rate (scroll of 5,000, `sort: _doc`, nothing written) and the follower's raw `_bulk`
// rate (the same documents, 2,000 per bulk, one bulk in flight and two in flight). Prints docs/s of each, the
// ratios, and the gateway's RSS (before, peak sampled every 50 ms, and VmHWM).
//   node tools/bench/ccr/bootstrap.js [--docs 100000] [--limits 1000,5000,10000] [--shards 2] [--skip-default]
// PROF=1 runs the gateway with --cpu-prof (profiles in /tmp/benchprof-ccr).
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { build, startFerry, startCluster, send, doc, root } = require('../lib.js');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const DOCS = Number(arg('docs', 100_000));
const SHARDS = Number(arg('shards', 2));
const LIMITS = arg('limits', '1000,5000,10000').split(',').map(Number);
const SKIP_DEFAULT = process.argv.includes('--skip-default');
// --ccr-only: the ccr bootstrap alone (for profiles).
const CCR_ONLY = process.argv.includes('--ccr-only');
// --once: one ccr run and one raw _bulk lane (the 1,000,000-document run).
const ONCE = process.argv.includes('--once');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const json = async (url, method = 'GET', body) => {
  const r = await send(url, method, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), typeof body === 'string' ? { 'content-type': 'application/x-ndjson' } : {});
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
};

function bulkLines(index, start, count) {
  const lines = [];
  for (let i = start; i < start + count; i++) lines.push(`{"index":{"_index":"${index}","_id":"${i}"}}`, doc(i));
  return `${lines.join('\n')}\n`;
}

async function loadLeader(url, index) {
  await json(`${url}/${index}`, 'PUT', { settings: { number_of_shards: SHARDS } });
  for (let from = 0; from < DOCS; from += 5000) {
    const r = await json(`${url}/_bulk`, 'POST', bulkLines(index, from, Math.min(5000, DOCS - from)));
    if (r.errors) throw new Error('load failed');
  }
  await json(`${url}/${index}/_refresh`, 'POST');
}

async function count(url, index) {
  await json(`${url}/${index}/_refresh`, 'POST');
  return (await json(`${url}/${index}/_count`)).count;
}

function elasticdump(args) {
  const bin = join(root, 'node_modules/.bin/elasticdump');
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d) => (out = (out + d).slice(-2000)));
    child.stderr.on('data', (d) => (out = (out + d).slice(-2000)));
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`elasticdump exited ${code}: ${out}`))));
  });
}

async function timedDump(leader, follower, index, out, extra) {
  const t0 = Date.now();
  await elasticdump([`--input=${leader}/${index}`, `--output=${follower}/${out}`, ...extra]);
  const ms = Date.now() - t0;
  const n = await count(follower, out);
  await json(`${follower}/${out}`, 'DELETE');
  if (n !== DOCS) throw new Error(`elasticdump ${extra.join(' ')} copied ${n} of ${DOCS}`);
  return DOCS / (ms / 1000);
}

/** CPU seconds (user + system) of a process so far. */
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** Runs `fn` and returns its result with the CPU share (of one core) each process of `pids` used meanwhile. */
async function withCpu(pids, fn) {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const t0 = Date.now();
  const result = await fn();
  const secs = (Date.now() - t0) / 1000;
  const cpu = Object.entries(pids).map(([k, pid]) => `${k} ${(((cpuSeconds(pid) - before[k]) / secs) * 100).toFixed(0)} %`).join(', ');
  return { result, cpu };
}

function rssKb(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)[1]), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)[1]) };
}

async function leaderGcp(leader, index) {
  const body = await json(`${leader}/${index}/_stats?level=shards`);
  return Object.values(body.indices[index].shards).reduce((n, copies) => n + copies[0].seq_no.global_checkpoint, 0);
}

async function ccrBootstrap(gateway, gatewayPid, leader, follower, index, out) {
  const target = await leaderGcp(leader, index);
  const before = rssKb(gatewayPid);
  let peak = before.rss;
  const t0 = Date.now();
  await json(`${gateway}/_plugins/_replication/${out}/_start`, 'PUT', { leader_alias: 'leader', leader_index: index });
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(gatewayPid).rss)), 50);
  try {
    for (;;) {
      const s = await json(`${gateway}/_plugins/_replication/${out}/_status`);
      if (s.status === 'SYNCING' && s.syncing_details.follower_checkpoint >= target) break;
      if (s.status !== 'BOOTSTRAPPING' && s.status !== 'SYNCING') throw new Error(`replication ${s.status}: ${JSON.stringify(s)}`);
      // Every _status asks the follower for its _stats: polled at 200 ms so the probe does not load the follower.
      await sleep(200);
    }
  } finally {
    clearInterval(sampler);
  }
  const ms = Date.now() - t0;
  const after = rssKb(gatewayPid);
  await json(`${gateway}/_plugins/_replication/${out}/_stop`, 'POST', {});
  const n = await count(follower, out);
  await json(`${follower}/${out}`, 'DELETE');
  if (n !== DOCS) throw new Error(`ccr copied ${n} of ${DOCS}`);
  return { rate: DOCS / (ms / 1000), ms, rssBeforeMb: before.rss / 1024, rssPeakMb: Math.max(peak, after.rss) / 1024, hwmMb: after.hwm / 1024 };
}

/** The leader alone: scroll every document (5,000 a page, `_doc` order), nothing written. */
async function rawScroll(leader, index) {
  const t0 = Date.now();
  let res = await json(`${leader}/${index}/_search?scroll=5m`, 'POST', { size: 5000, sort: ['_doc'] });
  let n = 0;
  while (res.hits.hits.length > 0) {
    n += res.hits.hits.length;
    res = await json(`${leader}/_search/scroll`, 'POST', { scroll: '5m', scroll_id: res._scroll_id });
  }
  if (n !== DOCS) throw new Error(`scroll read ${n}`);
  return DOCS / ((Date.now() - t0) / 1000);
}

/** The follower alone: `_bulk` of the same documents, 2,000 per request, `inFlight` requests at a time (bodies built ahead). */
async function rawBulk(follower, out, inFlight) {
  await json(`${follower}/${out}`, 'PUT', { settings: { number_of_shards: SHARDS } });
  let elapsed = 0;
  for (let chunk = 0; chunk < DOCS; chunk += 100_000) {
    const bodies = [];
    for (let from = chunk; from < Math.min(DOCS, chunk + 100_000); from += 2000) bodies.push(bulkLines(out, from, Math.min(2000, DOCS - from)));
    const t0 = Date.now();
    let next = 0;
    const lane = async () => {
      while (next < bodies.length) if ((await json(`${follower}/_bulk`, 'POST', bodies[next++])).errors) throw new Error('bulk failed');
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    elapsed += Date.now() - t0;
  }
  const n = await count(follower, out);
  await json(`${follower}/${out}`, 'DELETE');
  if (n !== DOCS) throw new Error(`bulk wrote ${n}`);
  return DOCS / (elapsed / 1000);
}

async function main() {
  build();
  const leaderC = await startCluster('leader');
  const followerC = await startCluster('follower');
  const cfgDir = mkdtempSync(join(tmpdir(), 'ccr-boot-cfg-'));
  const config = join(cfgDir, 'ferry.json');
  writeFileSync(config, JSON.stringify({ log: { level: 'warn' }, clusters: { local: 'local', connections: { local: { url: followerC.url }, leader: { url: leaderC.url } } } }));
  const ferry = await startFerry(['--config', config], process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/benchprof-ccr'] : []).catch(async (err) => {
    await leaderC.stop();
    await followerC.stop();
    throw err;
  });
  try {
    const leader = leaderC.url;
    const follower = followerC.url;
    let t = Date.now();
    await loadLeader(leader, 'src');
    console.log(`loaded ${DOCS} docs of ~1 KB (${doc(1).length} bytes of JSON) into a ${SHARDS}-shard leader index in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const pids = { leader: leaderC.pid, follower: followerC.pid, gateway: ferry.pid };
    const c1 = await withCpu(pids, () => ccrBootstrap(ferry.url, ferry.pid, leader, follower, 'src', 'ccr-copy'));
    const ccr = c1.result;
    console.log(`ccr bootstrap: ${ccr.rate.toFixed(0)} docs/s (${(ccr.ms / 1000).toFixed(1)} s); gateway RSS ${ccr.rssBeforeMb.toFixed(0)} MB before, peak ${ccr.rssPeakMb.toFixed(0)} MB (VmHWM ${ccr.hwmMb.toFixed(0)} MB); CPU ${c1.cpu}`);
    if (CCR_ONLY) return;
    const dumps = [];
    const dump = async (name, out, extra) => {
      const d = await withCpu({ leader: leaderC.pid, follower: followerC.pid }, () => timedDump(leader, follower, 'src', out, extra));
      dumps.push([name, d.result, d.cpu]);
      console.log(`${name}: ${d.result.toFixed(0)} docs/s; CPU ${d.cpu}`);
    };
    if (!SKIP_DEFAULT) await dump('elasticdump (defaults: --limit 100)', 'ed-default', []);
    for (const limit of LIMITS) await dump(`elasticdump --limit=${limit}`, `ed-${limit}`, [`--limit=${limit}`]);
    const scroll = await withCpu({ leader: leaderC.pid }, () => rawScroll(leader, 'src'));
    const bulk1 = await withCpu({ follower: followerC.pid }, () => rawBulk(follower, 'raw-bulk', 1));
    const bulk2 = ONCE ? bulk1 : await withCpu({ follower: followerC.pid }, () => rawBulk(follower, 'raw-bulk', 2));
    const c2 = ONCE ? c1 : await withCpu(pids, () => ccrBootstrap(ferry.url, ferry.pid, leader, follower, 'src', 'ccr-copy2'));
    const ccr2 = c2.result;
    console.log(`ccr bootstrap again (after the others): ${ccr2.rate.toFixed(0)} docs/s (${(ccr2.ms / 1000).toFixed(1)} s); peak RSS ${ccr2.rssPeakMb.toFixed(0)} MB; CPU ${c2.cpu}`);
    const ccrBest = Math.max(ccr.rate, ccr2.rate);
    const ccrLow = Math.min(ccr.rate, ccr2.rate);
    console.log(`\n${DOCS} documents, ${SHARDS} shards`);
    for (const [name, r, cpu] of dumps) console.log(`  ${name.padEnd(38)} ${r.toFixed(0).padStart(7)} docs/s   ccr / this: ${(ccrLow / r).toFixed(2)}–${(ccrBest / r).toFixed(2)}   (${cpu})`);
    console.log(`  ${'ccr bootstrap (two runs)'.padEnd(38)} ${ccr.rate.toFixed(0).padStart(7)} / ${ccr2.rate.toFixed(0)} docs/s (target >= 2x the best elasticdump)`);
    console.log(`  ${'ccr CPU, first / second run'.padEnd(38)} ${c1.cpu} / ${c2.cpu}`);
    console.log(`  ${'leader raw scroll (5,000, _doc)'.padEnd(38)} ${scroll.result.toFixed(0).padStart(7)} docs/s (${scroll.cpu})`);
    console.log(`  ${'follower raw _bulk (2,000), 1 in flight'.padEnd(38)} ${bulk1.result.toFixed(0).padStart(7)} docs/s (${bulk1.cpu})`);
    console.log(`  ${'follower raw _bulk (2,000), 2 in flight'.padEnd(38)} ${bulk2.result.toFixed(0).padStart(7)} docs/s (${bulk2.cpu})`);
    console.log(`  gateway RSS during bootstrap: before ${ccr.rssBeforeMb.toFixed(0)} MB, peak ${Math.max(ccr.rssPeakMb, ccr2.rssPeakMb).toFixed(0)} MB`);
  } finally {
    await ferry.stop();
    await leaderC.stop();
    await followerC.stop();
    rmSync(cfgDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
