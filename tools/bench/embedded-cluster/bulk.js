// _bulk throughput of 1 KB documents into a 1-shard index (target: >= 20,000 docs/s).
// Usage: node tools/bench/embedded-cluster/bulk.js [--docs 200000] [--batch 1000] [--concurrency 2] [--no-build]
const { build, startServer, request, bulkBody, median } = require('./common');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : Number(process.argv[i + 1]);
};

async function run() {
  const total = arg('docs', 200000);
  const batch = arg('batch', 1000);
  const concurrency = arg('concurrency', 2);
  const rounds = arg('rounds', 3);
  if (!process.argv.includes('--no-build')) build();
  const rates = [];
  const cpuRates = [];
  for (let r = 0; r < rounds; r++) {
    const server = await startServer();
    await request(`${server.url}/bench`, 'PUT', JSON.stringify({ settings: { number_of_shards: 1, number_of_replicas: 0 } }));
    const bodies = [];
    for (let i = 0; i < total; i += batch) bodies.push(bulkBody('bench', i, Math.min(batch, total - i)));
    const before = await server.memory();
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const res = await request(`${server.url}/_bulk`, 'POST', body, 'application/x-ndjson');
          if (res.status !== 200 || res.body.includes('"errors":true')) throw new Error(`bulk failed: ${res.status} ${res.body.slice(0, 300)}`);
        }
      }),
    );
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    const mem = await server.memory();
    const cpuSecs = (mem.cpuMs - before.cpuMs) / 1000;
    rates.push(total / secs);
    cpuRates.push(total / cpuSecs);
    console.log(
      `round ${r + 1}: ${total} docs in ${secs.toFixed(2)} s = ${Math.round(total / secs)} docs/s; ` +
        `server CPU ${cpuSecs.toFixed(2)} s (${Math.round(total / cpuSecs)} docs per CPU-second); server max RSS ${(mem.maxRss / 1048576).toFixed(0)} MiB`,
    );
    await server.stop();
  }
  console.log(`bulk 1 KB docs, batch ${batch}, concurrency ${concurrency}: median ${Math.round(median(rates))} docs/s [${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}]`);
  console.log(`server CPU cost: median ${Math.round(median(cpuRates))} docs per CPU-second [${Math.round(Math.min(...cpuRates))}–${Math.round(Math.max(...cpuRates))}]`);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
