#!/usr/bin/env node
// Pass-through benchmark: the embedded local cluster directly vs through the gateway, in the same run.
// _bulk of 1 KB documents (docs/s, MB/s) and small GETs of _cluster/health with wrk (req/s, p50, p99 at 16
// connections; p50 for one client).
// Usage: node tools/bench/pass-through/run.js [--rounds 3] [--seconds 8] [--bulks 40] [--mode in-process|http]
//   [--ingestion-index 1] [--unrelated 1] [--escapes 1]
// --ingestion-index 1: each round also loads through the gateway while a file-source ingestion index and an alias
// exist whose names are prefixes of the bulk's index name (the push-write guard then looks at every `_bulk`);
// the plain and the guarded gateway loads alternate order from round to round. --unrelated 1: the guarded loads
// write to an index whose name has nothing in common with them instead. --escapes 1: every document's text
// holds `\u00e9` escapes (Python's json.dumps default for non-ASCII), in all loads.
const { writeFileSync, mkdtempSync, rmSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { build, startFerry, startCluster, wrk, send, bulkBody, median } = require('../lib');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const rounds = arg('rounds', 3);
const seconds = arg('seconds', 8);
const bulks = arg('bulks', 40);
const ingestion = arg('ingestion-index', 0) === 1;
const escapes = arg('escapes', 0) === 1;
const unrelated = arg('unrelated', 0) === 1;
const perBulk = 1000;
// Guarded loads write to `bench-gw-ing-<r>`: both the ingestion index and its alias are prefixes of it
// (or to `bench-unrelated-<r>` with --unrelated 1).
const ING_INDEX = 'bench-gw';
const ING_ALIAS = 'bench-gw-ing';

/** The bench's bulk body, with `\u00e9` escapes in each document's text when --escapes 1. */
function body(index, start) {
  const raw = bulkBody(index, start, perBulk);
  return escapes ? Buffer.from(raw.toString().replace(/"msg":"xxxxxxxx/g, '"msg":"\\u00e9t\\u00e9 x')) : raw;
}

/** CPU seconds (user + system, all threads) a process has used so far; null where /proc is missing. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return null;
  }
}

/** Loads `bulks` bodies into a fresh index; docs/s, MB/s and, given the serving process, its CPU ms per 1,000 docs. */
async function bulkRate(base, index, pid) {
  await send(`${base}/${index}`, 'PUT', JSON.stringify({ settings: { number_of_shards: 1, refresh_interval: '-1' } }));
  const bodies = Array.from({ length: bulks }, (_, i) => body(index, i * perBulk));
  const bytes = bodies.reduce((a, b) => a + b.length, 0);
  const cpu0 = pid ? cpuSeconds(pid) : null;
  const t0 = process.hrtime.bigint();
  for (const body of bodies) {
    const res = await send(`${base}/_bulk`, 'POST', body, { 'content-type': 'application/x-ndjson' });
    if (res.status !== 200 || JSON.parse(res.body).errors) throw new Error(`bulk failed: ${res.status} ${res.body.slice(0, 300)}`);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = pid ? cpuSeconds(pid) : null;
  const cpuMs = cpu0 === null || cpu1 === null ? NaN : ((cpu1 - cpu0) * 1e6) / (bulks * perBulk);
  // With --ingestion-index the loads are compared round by round: a cluster that keeps every loaded
  // index grows heavier from round to round, so each one is dropped once measured.
  if (ingestion) await ok(await send(`${base}/${index}`, 'DELETE'), 'index deletion');
  return { docs: (bulks * perBulk) / s, mb: bytes / 1e6 / s, cpuMs };
}

/** wrk at 16 connections; over http also the gateway's CPU µs per request (it serves nothing else then). */
function getWithCpu(url, seconds, pid) {
  const cpu0 = pid ? cpuSeconds(pid) : null;
  const row = wrk(url, { seconds });
  const cpu1 = pid ? cpuSeconds(pid) : null;
  return { ...row, cpuUs: cpu0 === null || cpu1 === null ? NaN : ((cpu1 - cpu0) * 1e6) / (row.rps * seconds) };
}

async function ok(res, what) {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${res.body.slice(0, 300)}`);
  return res;
}

/** Creates the file-source ingestion index and its alias through the gateway and checks the guard refuses writes to them. */
async function addIngestionIndex(gateway, dir) {
  const settings = { index: { number_of_shards: 1 }, ingestion_source: { type: 'file', param: { stream: 'bench', base_directory: dir } } };
  await ok(await send(`${gateway}/${ING_INDEX}`, 'PUT', JSON.stringify({ settings })), 'ingestion index creation');
  await ok(await send(`${gateway}/_aliases`, 'POST', JSON.stringify({ actions: [{ add: { index: ING_INDEX, alias: ING_ALIAS } }] })), 'alias');
  const probe = `{"index":{"_index":"${ING_ALIAS}","_id":"x"}}\n{"n":1}\n`;
  const res = await send(`${gateway}/_bulk`, 'POST', probe, { 'content-type': 'application/x-ndjson' });
  if (JSON.parse(res.body).items?.[0]?.index?.status !== 400) throw new Error(`the guard did not refuse a push write: ${res.body.slice(0, 300)}`);
}

async function removeIngestionIndex(gateway) {
  await ok(await send(`${gateway}/${ING_INDEX}`, 'DELETE'), 'ingestion index deletion');
}

/** Gateway loads without and with the ingestion index, in alternating order. */
async function gatewayBulks(gateway, r, dir, pid) {
  const plain = () => bulkRate(gateway, `bench-gateway-${r}`, pid);
  const guarded = async () => {
    await addIngestionIndex(gateway, dir);
    try {
      return await bulkRate(gateway, `${unrelated ? 'bench-unrelated' : ING_ALIAS}-${r}`, pid);
    } finally {
      await removeIngestionIndex(gateway);
    }
  };
  if (r % 2 === 0) return { plain: await plain(), guarded: await guarded() };
  const g = await guarded();
  return { plain: await plain(), guarded: g };
}

/** In-process: the embedded cluster runs inside the gateway. http: it runs in its own process and the gateway proxies over HTTP. */
async function setup(mode) {
  if (mode === 'in-process') {
    const ferry = await startFerry();
    return { direct: ferry.embedded.local, gateway: ferry.url, pid: ferry.pid, stop: () => ferry.stop() };
  }
  const cluster = await startCluster('local');
  const configDir = mkdtempSync(join(tmpdir(), 'ferry-bench-cfg-'));
  const config = join(configDir, 'ferry.json');
  writeFileSync(config, JSON.stringify({ clusters: { connections: { local: { url: cluster.url } } } }));
  const ferry = await startFerry(['--config', config]);
  const stop = async () => {
    await ferry.stop();
    await cluster.stop();
    rmSync(configDir, { recursive: true, force: true });
  };
  return { direct: cluster.url, gateway: ferry.url, pid: ferry.pid, stop };
}

async function measure(mode) {
  // CPU of the gateway's process: in-process it also runs the cluster (and serves the direct loads); over
  // http it is the gateway's own cost, the clearest view of what the pass-through and the guard add.
  const { direct, gateway, pid, stop } = await setup(mode);
  const rows = { directBulk: [], gatewayBulk: [], guardedBulk: [], directGet: [], gatewayGet: [], directGet1: [], gatewayGet1: [] };
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-streams-'));
  try {
    wrk(`${direct}/_cluster/health`, { seconds: 2 });
    wrk(`${gateway}/_cluster/health`, { seconds: 2 });
    for (let r = 0; r < rounds; r++) {
      rows.directBulk.push(await bulkRate(direct, `bench-direct-${r}`, pid));
      if (ingestion) {
        const { plain, guarded } = await gatewayBulks(gateway, r, dir, pid);
        rows.gatewayBulk.push(plain);
        rows.guardedBulk.push(guarded);
      } else rows.gatewayBulk.push(await bulkRate(gateway, `bench-gateway-${r}`, pid));
      rows.directGet.push(wrk(`${direct}/_cluster/health`, { seconds }));
      rows.gatewayGet.push(getWithCpu(`${gateway}/_cluster/health`, seconds, mode === 'http' ? pid : undefined));
      // One client: the latency the pass-through adds when nothing queues.
      rows.directGet1.push(wrk(`${direct}/_cluster/health`, { seconds: Math.max(2, Math.round(seconds / 2)), connections: 1 }));
      rows.gatewayGet1.push(wrk(`${gateway}/_cluster/health`, { seconds: Math.max(2, Math.round(seconds / 2)), connections: 1 }));
    }
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  const out = {
    bulk_docs_per_s: { direct: Math.round(m(rows.directBulk, 'docs')), gateway: Math.round(m(rows.gatewayBulk, 'docs')) },
    bulk_mb_per_s: { direct: +m(rows.directBulk, 'mb').toFixed(1), gateway: +m(rows.gatewayBulk, 'mb').toFixed(1) },
    get_rps: { direct: Math.round(m(rows.directGet, 'rps')), gateway: Math.round(m(rows.gatewayGet, 'rps')) },
    ...(ingestion
      ? {
          guarded_bulk_docs_per_s: Math.round(m(rows.guardedBulk, 'docs')),
          // Per round, guarded over plain gateway: throughput, and the serving process's CPU per document.
          guarded_rounds: rows.guardedBulk.map((x, i) => +(x.docs / rows.gatewayBulk[i].docs).toFixed(3)),
          guarded_cpu_rounds: rows.guardedBulk.map((x, i) => +(x.cpuMs / rows.gatewayBulk[i].cpuMs).toFixed(3)),
        }
      : {}),
    ...(pid
      ? {
          server_cpu_ms_per_1000_docs: {
            direct: +m(rows.directBulk, 'cpuMs').toFixed(1),
            gateway: +m(rows.gatewayBulk, 'cpuMs').toFixed(1),
            ...(ingestion ? { guarded: +m(rows.guardedBulk, 'cpuMs').toFixed(1) } : {}),
          },
        }
      : {}),
    get_p50_ms: { direct: m(rows.directGet, 'p50'), gateway: m(rows.gatewayGet, 'p50') },
    get_p99_ms: { direct: m(rows.directGet, 'p99'), gateway: m(rows.gatewayGet, 'p99') },
    ...(mode === 'http' ? { gateway_cpu_us_per_get: +m(rows.gatewayGet, 'cpuUs').toFixed(0) } : {}),
    one_client_get_p50_ms: { direct: m(rows.directGet1, 'p50'), gateway: m(rows.gatewayGet1, 'p50') },
  };
  out.ratios = {
    bulk_gateway_over_direct: +(out.bulk_docs_per_s.gateway / out.bulk_docs_per_s.direct).toFixed(2),
    ...(ingestion
      ? {
          bulk_guarded_over_plain_gateway: +(out.guarded_bulk_docs_per_s / out.bulk_docs_per_s.gateway).toFixed(3),
          bulk_guarded_over_plain_median_of_rounds: median(out.guarded_rounds),
          cpu_guarded_over_plain_median_of_rounds: median(out.guarded_cpu_rounds),
        }
      : {}),
    get_gateway_over_direct: +(out.get_rps.gateway / out.get_rps.direct).toFixed(2),
    get_added_p50_ms: +(out.get_p50_ms.gateway - out.get_p50_ms.direct).toFixed(2),
    one_client_get_added_p50_ms: +(out.one_client_get_p50_ms.gateway - out.one_client_get_p50_ms.direct).toFixed(3),
  };
  return out;
}

async function main() {
  build();
  const modes = process.argv.includes('--mode') ? [process.argv[process.argv.indexOf('--mode') + 1]] : ['in-process', 'http'];
  const extra = `${ingestion ? `, with and without an ingestion index${unrelated ? ' (unrelated names)' : ''}` : ''}${escapes ? ', \\u escapes in documents' : ''}`;
  console.log(`pass-through benchmark: ${rounds} rounds, ${bulks} x ${perBulk} docs of 1 KB per bulk run, wrk -t1 -c16 -d${seconds}s${extra}`);
  for (const mode of modes) console.log(mode, JSON.stringify(await measure(mode), null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
