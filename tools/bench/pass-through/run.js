#!/usr/bin/env node
// Pass-through benchmark: the embedded local cluster directly vs through the gateway, in the same run.
// _bulk of 1 KB documents (docs/s, MB/s) and small GETs of _cluster/health with wrk (req/s, p50, p99).
// Usage: node tools/bench/pass-through/run.js [--rounds 3] [--seconds 8] [--bulks 40]
const { writeFileSync, mkdtempSync } = require('node:fs');
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
const perBulk = 1000;

async function bulkRate(base, index) {
  await send(`${base}/${index}`, 'PUT', JSON.stringify({ settings: { number_of_shards: 1, refresh_interval: '-1' } }));
  const bodies = Array.from({ length: bulks }, (_, i) => bulkBody(index, i * perBulk, perBulk));
  const bytes = bodies.reduce((a, b) => a + b.length, 0);
  const t0 = process.hrtime.bigint();
  for (const body of bodies) {
    const res = await send(`${base}/_bulk`, 'POST', body, { 'content-type': 'application/x-ndjson' });
    if (res.status !== 200 || JSON.parse(res.body).errors) throw new Error(`bulk failed: ${res.status} ${res.body.slice(0, 300)}`);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { docs: (bulks * perBulk) / s, mb: bytes / 1e6 / s };
}

/** In-process: the embedded cluster runs inside the gateway. http: it runs in its own process and the gateway proxies over HTTP. */
async function setup(mode) {
  if (mode === 'in-process') {
    const ferry = await startFerry();
    return { direct: ferry.embedded.local, gateway: ferry.url, stop: () => ferry.stop() };
  }
  const cluster = await startCluster('local');
  const config = join(mkdtempSync(join(tmpdir(), 'ferry-bench-cfg-')), 'ferry.json');
  writeFileSync(config, JSON.stringify({ clusters: { connections: { local: { url: cluster.url } } } }));
  const ferry = await startFerry(['--config', config]);
  return { direct: cluster.url, gateway: ferry.url, stop: async () => { await ferry.stop(); await cluster.stop(); } };
}

async function measure(mode) {
  const { direct, gateway, stop } = await setup(mode);
  const rows = { directBulk: [], gatewayBulk: [], directGet: [], gatewayGet: [] };
  try {
    wrk(`${direct}/_cluster/health`, { seconds: 2 });
    wrk(`${gateway}/_cluster/health`, { seconds: 2 });
    for (let r = 0; r < rounds; r++) {
      rows.directBulk.push(await bulkRate(direct, `bench-direct-${r}`));
      rows.gatewayBulk.push(await bulkRate(gateway, `bench-gateway-${r}`));
      rows.directGet.push(wrk(`${direct}/_cluster/health`, { seconds }));
      rows.gatewayGet.push(wrk(`${gateway}/_cluster/health`, { seconds }));
    }
  } finally {
    await stop();
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  const out = {
    bulk_docs_per_s: { direct: Math.round(m(rows.directBulk, 'docs')), gateway: Math.round(m(rows.gatewayBulk, 'docs')) },
    bulk_mb_per_s: { direct: +m(rows.directBulk, 'mb').toFixed(1), gateway: +m(rows.gatewayBulk, 'mb').toFixed(1) },
    get_rps: { direct: Math.round(m(rows.directGet, 'rps')), gateway: Math.round(m(rows.gatewayGet, 'rps')) },
    get_p50_ms: { direct: m(rows.directGet, 'p50'), gateway: m(rows.gatewayGet, 'p50') },
    get_p99_ms: { direct: m(rows.directGet, 'p99'), gateway: m(rows.gatewayGet, 'p99') },
  };
  out.ratios = {
    bulk_gateway_over_direct: +(out.bulk_docs_per_s.gateway / out.bulk_docs_per_s.direct).toFixed(2),
    get_gateway_over_direct: +(out.get_rps.gateway / out.get_rps.direct).toFixed(2),
    get_added_p50_ms: +(out.get_p50_ms.gateway - out.get_p50_ms.direct).toFixed(2),
  };
  return out;
}

async function main() {
  build();
  const modes = process.argv.includes('--mode') ? [process.argv[process.argv.indexOf('--mode') + 1]] : ['in-process', 'http'];
  console.log(`pass-through benchmark: ${rounds} rounds, ${bulks} x ${perBulk} docs of 1 KB per bulk run, wrk -t1 -c16 -d${seconds}s`);
  for (const mode of modes) console.log(mode, JSON.stringify(await measure(mode), null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
