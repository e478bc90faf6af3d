import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildGateway, type ChildGateway } from './child';
import { call, OutageProxy, waitFor } from './helpers';
import { startInfluxd, type Influxd } from './peers';

const BATCH = 2500;
const batch = (m: string, k: number) =>
  Array.from({ length: BATCH }, (_, i) => `${m},batch=${k} value=${i} 1700000000${String(k * BATCH + i).padStart(9, '0')}`).join('\n');

/** kill -9 of a gateway process while it drains: every acknowledged point reaches influxd after a restart. */
describe('crash safety (kill -9 mid-drain)', () => {
  let influxd: Influxd;
  let proxy: OutageProxy;
  let dataDir: string;
  let gw: ChildGateway | undefined;
  const config = { influx: { org: 'edge', bucket: 'sensors', maxBatchBytes: 32 * 1024, maxBackoffMs: 500 } };

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.createDatabase('crash');
    proxy = new OutageProxy({ host: '127.0.0.1', port: influxd.port });
    await proxy.up();
    await proxy.down();
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-crash-'));
  });
  afterAll(async () => {
    await gw?.kill();
    await proxy?.down();
    await influxd?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every acknowledged point after kill -9 and restart', async () => {
    gw = await startChildGateway(dataDir, config);
    const orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=edge')).body.orgs[0].id;
    const bucketID = (await call(gw.url, 'GET', `/api/v2/buckets?orgID=${orgID}&name=sensors`)).body.buckets[0].id;
    const remote = await call(gw.url, 'POST', '/api/v2/remotes', {
      body: { orgID, name: 'influx16', remoteURL: proxy.url, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' },
    });
    const rep = await call(gw.url, 'POST', '/api/v2/replications', {
      body: { orgID, name: 'r', remoteID: remote.body.id, localBucketID: bucketID, remoteBucketName: 'crash' },
    });
    expect(rep.status).toBe(201);

    // Phase 1: the remote is down; 40 batches are acknowledged (4 writers at a time share fsyncs).
    const url = gw.url;
    const write = (m: string, k: number) => call(url, 'POST', '/api/v2/write?org=edge&bucket=sensors', { body: batch(m, k) });
    for (let k = 0; k < 40; k += 4) {
      const results = await Promise.all([0, 1, 2, 3].map((j) => write('queued', k + j)));
      expect(results.map((r) => r.status)).toEqual([204, 204, 204, 204]);
    }

    // Phase 2: the remote comes back; kill -9 while draining, with writes still arriving.
    await proxy.up();
    const acked: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let k = 0; writing; k++) {
        try {
          if ((await write('live', k)).status === 204) acked.push(k);
        } catch {
          return;
        }
      }
    })();
    await waitFor(async () => (await influxd.count('crash', 'queued')) > 0, 20_000, 'drain started');
    const before = await influxd.count('crash', 'queued');
    await gw.kill('SIGKILL');
    writing = false;
    await writer;
    expect(before).toBeLessThan(40 * BATCH);

    gw = await startChildGateway(dataDir, config);
    await waitFor(async () => (await influxd.count('crash', 'queued')) === 40 * BATCH, 60_000, 'every queued point');
    const out = await influxd.query('SELECT count(value) FROM live GROUP BY batch', 'crash');
    const perBatch = new Map((out.results[0].series ?? []).map((s) => [Number((s as unknown as { tags: { batch: string } }).tags.batch), s.values[0][1]]));
    await waitFor(async () => {
      const o = await influxd.query('SELECT count(value) FROM live GROUP BY batch', 'crash');
      for (const s of o.results[0].series ?? []) perBatch.set(Number((s as unknown as { tags: { batch: string } }).tags.batch), s.values[0][1]);
      return acked.every((k) => perBatch.get(k) === BATCH);
    }, 30_000, 'every acknowledged live batch');
    expect(acked.length).toBeGreaterThan(0);
  }, 120_000);
});
