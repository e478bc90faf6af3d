'use strict';
/**
 * A real Ferry with real flows for the console's browser tests, benchmarks and screenshots, in its own process:
 * the built gateway (apps/gateway/dist) with two embedded clusters (`local`, `leader`), CCR followers of leader
 * indices under writes, an auto-follow rule, an Influx replication to a real influxd 1.6 behind a proxy that can
 * cut it, and a Kafka ingestion index fed from the kcat mock broker. Everything on 127.0.0.1, free ports, temp dirs.
 *
 * Prints one line `READY {json}` (gateway URL, tokens, control URL). The control server takes
 * `POST /influx/down|up` (outage), `POST /gateway/restart?down_ms=N` (same port, same data dir), `POST /leader/<index>`
 * (create a leader index). SIGTERM stops everything it started.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const root = join(__dirname, '..', '..', '..');
const { startFerry } = require(join(root, 'apps/gateway/dist/compose.js'));
const { startInfluxd, freePort } = require(join(root, 'tools/peers/influxd.js'));
const { startKafkaMock } = require(join(root, 'tools/peers/kafka-mock.js'));
const { Kafka, logLevel } = require('kafkajs');

const TOKENS = {
  admin: 'console-admin-token-0123456789',
  operator: 'console-operator-token-0123456789',
  viewer: 'console-viewer-token-0123456789',
};
const USE_ROLES = { use_roles: { leader_cluster_role: 'leader-reader', follower_cluster_role: 'follower-writer' } };
const FAST_CCR = { pollIntervalMs: 100, metadataSyncIntervalMs: 500, autofollowPollIntervalMs: 500, retryInitialMs: 100, retryMaxMs: 1000, batchSize: 200 };

/** A TCP proxy in front of influxd that can refuse connections (the outage). */
function outageProxy(targetPort) {
  const sockets = new Set();
  let server;
  let port = 0;
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    async up() {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
      port = server.address().port;
    },
    async down() {
      if (!server) return;
      const s = server;
      server = undefined;
      for (const sock of sockets) sock.destroy();
      await new Promise((ok) => s.close(() => ok()));
    },
  };
}

async function call(base, method, path, body, token = TOKENS.admin) {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const stops = [];
let ferry;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-console-e2e-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const influxd = await startInfluxd();
  stops.unshift(() => influxd.stop());
  await influxd.createDatabase('replica');
  const proxy = outageProxy(influxd.port);
  await proxy.up();
  stops.unshift(() => proxy.down());
  const kafka = await startKafkaMock();
  stops.unshift(() => kafka.stop());

  const config = {
    dataDir: join(dir, 'data'),
    server: { host: '127.0.0.1', port },
    log: { level: process.env.FERRY_E2E_LOG ?? 'silent' },
    auth: { tokens: Object.entries(TOKENS).map(([role, token]) => ({ name: `${role}-token`, token, role })) },
    embedded: { clusters: [{ name: 'local' }, { name: 'leader' }] },
    flows: { sampleIntervalMs: 500, windowMs: 3_600_000 },
    ccr: { ...FAST_CCR, roles: { 'leader-reader': { username: 'reader', password: 'reader-password-1' }, 'follower-writer': { username: 'writer', password: 'writer-password-1' } } },
    influx: { org: 'edge', bucket: 'sensors', maxBackoffMs: 1000 },
  };
  const boot = async () => {
    ferry = await startFerry(config, { version: 'e2e', secretKey: 'a'.repeat(64) });
    return ferry;
  };
  await boot();
  const gw = ferry.url;
  const leaderUrl = () => ferry.embedded.find((c) => c.name === 'leader').url;

  // CCR: two leader indices under writes, each followed; an auto-follow rule.
  const leaderIndex = async (name) => {
    await fetch(`${leaderUrl()}/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: { number_of_shards: 1 } }) });
  };
  for (const name of ['orders', 'invoices']) await leaderIndex(name);
  let n = 0;
  const writeLeader = async () => {
    const lines = [];
    for (let i = 0; i < 20; i++, n++) lines.push(JSON.stringify({ index: { _index: n % 2 ? 'orders' : 'invoices', _id: String(n) } }), JSON.stringify({ n, at: Date.now() }));
    await fetch(`${leaderUrl()}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' }).catch(() => undefined);
  };
  await writeLeader();
  await call(gw, 'PUT', '/_plugins/_replication/orders-copy/_start', { leader_alias: 'leader', leader_index: 'orders', ...USE_ROLES });
  await call(gw, 'PUT', '/_plugins/_replication/invoices-copy/_start', { leader_alias: 'leader', leader_index: 'invoices', ...USE_ROLES });
  await call(gw, 'POST', '/_plugins/_replication/_autofollow', { leader_alias: 'leader', name: 'logs-rule', pattern: 'logs-*', ...USE_ROLES });

  // Influx: a v1 remote (influxd 1.6 through the proxy) and a replication of bucket `sensors`, under writes.
  const org = (await call(gw, 'GET', '/api/v2/orgs?org=edge')).orgs[0];
  const bucket = (await call(gw, 'GET', `/api/v2/buckets?orgID=${org.id}&name=sensors`)).buckets[0];
  const remote = await call(gw, 'POST', '/api/v2/remotes', { orgID: org.id, name: 'influx16', remoteURL: proxy.url, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' });
  await call(gw, 'POST', '/api/v2/replications', { orgID: org.id, name: 'sensors-to-16', remoteID: remote.id, localBucketID: bucket.id, remoteBucketName: 'replica', maxQueueSizeBytes: 67108860, maxAgeSeconds: 0 });
  let p = 0;
  const writeInflux = async () => {
    const lines = [];
    for (let i = 0; i < 200; i++, p++) lines.push(`temp,host=h${p % 5} value=${p} ${Date.now() * 1e6 + i}`);
    await fetch(`${ferry.url}/api/v2/write?org=edge&bucket=sensors`, { method: 'POST', headers: { authorization: `Token ${TOKENS.admin}` }, body: lines.join('\n') }).catch(() => undefined);
  };

  // Ingestion: index `clicks` pulls topic `clicks` from the kcat mock broker.
  const producer = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING, clientId: 'console-e2e' }).producer();
  await producer.connect();
  stops.unshift(() => producer.disconnect());
  let k = 0;
  const produce = async () => {
    const messages = Array.from({ length: 10 }, () => ({ value: JSON.stringify({ _id: `c${k}`, _source: { n: k++ } }) }));
    await producer.send({ topic: 'clicks', messages }).catch(() => undefined);
  };
  await produce();
  await call(gw, 'PUT', '/clicks', {
    settings: { index: { number_of_shards: 2, ingestion_source: { type: 'kafka', pointer: { init: { reset: 'earliest' } }, pointer_based_lag_update_interval: '500ms', param: { topic: 'clicks', bootstrap_servers: kafka.bootstrap } } } },
  });

  let writing = true;
  const writer = (async () => {
    while (writing) {
      await Promise.all([writeLeader(), writeInflux(), produce()]);
      await new Promise((r) => setTimeout(r, 400));
    }
  })();

  const control = http.createServer(async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/influx/down') await proxy.down();
      else if (req.method === 'POST' && req.url === '/influx/up') await proxy.up();
      else if (req.method === 'POST' && req.url.startsWith('/gateway/restart')) {
        // `?down_ms=N`: stay down that long, as a real restart (or a crash and a supervisor) would.
        const downMs = Number(new URL(req.url, 'http://x').searchParams.get('down_ms') ?? 0);
        await ferry.stop();
        await new Promise((r) => setTimeout(r, downMs));
        await boot();
      } else if (req.method === 'POST' && req.url.startsWith('/leader/')) await leaderIndex(decodeURIComponent(req.url.slice(8)));
      else return void res.writeHead(404).end();
      res.writeHead(204).end();
    } catch (err) {
      res.writeHead(500).end(String(err && err.stack));
    }
  });
  await new Promise((ok) => control.listen(0, '127.0.0.1', ok));

  const shutdown = async () => {
    writing = false;
    await writer.catch(() => undefined);
    control.close();
    await ferry.stop().catch(() => undefined);
    for (const stop of stops) await stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`READY ${JSON.stringify({ url: gw, tokens: TOKENS, control: `http://127.0.0.1:${control.address().port}`, influxd: influxd.url, pid: process.pid })}\n`);
}

main().catch(async (err) => {
  process.stderr.write(`world: ${err && err.stack ? err.stack : err}\n`);
  await ferry?.stop().catch(() => undefined);
  for (const stop of stops) await stop().catch(() => undefined);
  process.exit(1);
});
