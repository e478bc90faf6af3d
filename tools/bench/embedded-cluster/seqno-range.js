// `_seq_no` range query returning 1,000 hits on a 1,000,000-document index (target: median <= 20 ms),
// plus the server's peak memory (bounded: hits stream from SQLite, nothing loads a whole index).
// Usage: node tools/bench/embedded-cluster/seqno-range.js [--docs 1000000] [--queries 300] [--no-build]
const { build, startServer, request, bulkBody, median, percentile } = require('./common');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : Number(process.argv[i + 1]);
};

async function load(url, total) {
  const batch = 2000;
  let next = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < total) {
        const start = next;
        next += batch;
        const res = await request(`${url}/_bulk`, 'POST', bulkBody('big', start, Math.min(batch, total - start)), 'application/x-ndjson');
        if (res.status !== 200 || res.body.includes('"errors":true')) throw new Error(`bulk failed: ${res.body.slice(0, 200)}`);
      }
    }),
  );
  await request(`${url}/big/_refresh`, 'POST', '');
}

async function run() {
  const total = arg('docs', 1000000);
  const queries = arg('queries', 300);
  if (!process.argv.includes('--no-build')) build();
  const server = await startServer();
  try {
    await request(`${server.url}/big`, 'PUT', JSON.stringify({ settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '-1' } }));
    const t0 = Date.now();
    await load(server.url, total);
    console.log(`loaded ${total} docs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const loadedCpu = (await server.memory()).cpuMs;
    const times = [];
    const serverMs = [];
    for (let i = 0; i < queries + 20; i++) {
      const from = Math.floor(Math.random() * (total - 1000));
      const body = JSON.stringify({ size: 1000, query: { range: { _seq_no: { gt: from } } }, sort: [{ _seq_no: 'asc' }], seq_no_primary_term: true });
      const started = process.hrtime.bigint();
      const res = await request(`${server.url}/big/_search?preference=_shards:0`, 'POST', body);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (i >= 20) serverMs.push(JSON.parse(res.body).took);
      if (res.status !== 200) throw new Error(res.body.toString());
      if (i === 0) {
        const hits = JSON.parse(res.body).hits.hits;
        if (hits.length !== 1000 || hits[0]._seq_no !== from + 1) throw new Error('unexpected hits');
      }
      if (i >= 20) times.push(ms);
    }
    const mem = await server.memory();
    const cpuPerQuery = (mem.cpuMs - loadedCpu) / (queries + 20);
    console.log(
      `_seq_no range, 1000 hits of ~1 KB, ${total}-doc index: median ${median(times).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms ` +
        `(${queries} queries after 20 warm-up); server 'took' median ${median(serverMs)} ms; ` +
        `server CPU ${cpuPerQuery.toFixed(2)} ms per query; server peak RSS ${(mem.maxRss / 1048576).toFixed(0)} MiB`,
    );
  } finally {
    await server.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
