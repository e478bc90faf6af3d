import type { TestGateway } from '@ferry/core';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startInfluxd, type Influxd } from './peers';
import type { Replication } from '../replications/replications.schemas';
import { call, startGateway, waitFor } from './helpers';

const BATCH = 1000;
const BATCHES = 150;
const rep = (res: { body: unknown }) => res.body as Replication;

/** Batch k: BATCH points of 40 series, value = point number, unique timestamps (so counts are exact). */
const batch = (k: number) =>
  Array.from({ length: BATCH }, (_, i) => {
    const n = k * BATCH + i;
    return `auto,host=h${n % 20},dc=d${n % 2} value=${n} ${1_700_000_000_000_000_000 + n * 1000}`;
  }).join('\n');

/**
 * A link with 40 ms of latency per request in front of influxd: delivery is then bound by round trips, as over
 * a WAN, so more lanes deliver more. On loopback influxd answers so fast on an idle machine that one lane keeps
 * up and the tuner rightly stays at one.
 */
async function slowLink(targetUrl: string, delayMs: number): Promise<{ url: string; server: Server }> {
  const target = new URL(targetUrl);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        up.on('error', () => res.destroy());
        up.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * `concurrentRequests: 'auto'` and `compression: 'auto'` against a real influxd 1.6 that is stopped and restarted
 * while clients write: the lanes grow past one, and every point arrives exactly once with its value.
 */
describe("concurrentRequests and compression 'auto' against influxd 1.6", () => {
  let influxd: Influxd;
  let gw: TestGateway;
  let orgID: string;
  let bucketID: string;
  let remoteID: string;
  let link: { url: string; server: Server };

  beforeAll(async () => {
    influxd = await startInfluxd();
    link = await slowLink(influxd.url, 40);
    await influxd.createDatabase('auto');
    gw = await startGateway({ org: 'acme', bucket: 'b', maxBackoffMs: 400, maxBatchBytes: 32 * 1024, autoTuneWindowMs: 150 });
    orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=acme')).body.orgs[0].id;
    bucketID = (await call(gw.url, 'GET', `/api/v2/buckets?orgID=${orgID}&name=b`)).body.buckets[0].id;
    const remote = await call(gw.url, 'POST', '/api/v2/remotes', {
      body: { orgID, name: 'influx16', remoteURL: link.url, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' },
    });
    remoteID = remote.body.id;
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    link?.server.closeAllConnections();
    link?.server.close();
    await influxd?.stop();
  });

  it('grows beyond one lane and delivers every point exactly, through an outage of influxd', async () => {
    const created = await call(gw.url, 'POST', '/api/v2/replications', {
      body: { orgID, name: 'auto', remoteID, localBucketID: bucketID, remoteBucketName: 'auto', concurrentRequests: 'auto', compression: 'auto' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ concurrentRequests: 'auto', compression: 'auto', compressionLevel: 1, currentConcurrentRequests: 1 });
    const id = created.body.id as string;

    let maxLanes = 0;
    const encodings = new Set<string>();
    const codes = new Set<number | undefined>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const r = rep(await call(gw.url, 'GET', `/api/v2/replications/${id}`).catch(() => ({ body: {} })));
        maxLanes = Math.max(maxLanes, r.currentConcurrentRequests ?? 0);
        encodings.add(r.currentCompression ?? '');
        codes.add(r.latestResponseCode);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    let next = 0;
    const writer = async () => {
      while (next < BATCHES) {
        const k = next++;
        const res = await call(gw.url, 'POST', '/api/v2/write?org=acme&bucket=b&precision=ns', { body: batch(k) });
        expect(res.status).toBe(204);
        // The outage: influxd stops for 1.5 s a third of the way in, while writes go on being acknowledged.
        if (k === Math.floor(BATCHES / 3)) void influxd.restart({ downMs: 1500 });
      }
    };
    try {
      await Promise.all([writer(), writer(), writer()]);
      await waitFor(async () => (await call(gw.url, 'GET', `/api/v2/replications/${id}`)).body.remainingBytesToBeSynced === 0, 150_000, 'the queue drained');
    } finally {
      sampling = false;
      await sampler;
    }

    expect(maxLanes).toBeGreaterThan(1);
    // The outage was seen by the sender (no answer: code 0) and it recovered (204).
    expect(codes).toContain(0);
    expect(rep(await call(gw.url, 'GET', `/api/v2/replications/${id}`)).latestResponseCode).toBe(204);
    // Compression auto tried more than one encoding.
    expect(encodings.size).toBeGreaterThan(1);
    const total = BATCH * BATCHES;
    const out = await influxd.query('SELECT count("value"), sum("value"), min("value"), max("value") FROM "auto"', 'auto');
    expect(out.results[0].series?.[0].values[0].slice(1)).toEqual([total, (total * (total - 1)) / 2, 0, total - 1]);
    // Per series too: each of the 40 series holds its points with their values.
    const perSeries = await influxd.query('SELECT count("value"), sum("value") FROM "auto" GROUP BY "host", "dc"', 'auto');
    const series = perSeries.results[0].series as unknown as { tags: { host: string; dc: string }; values: number[][] }[];
    expect(series).toHaveLength(20);
    for (const s of series) {
      const h = Number(s.tags.host.slice(1));
      const ns = Array.from({ length: total }, (_, n) => n).filter((n) => n % 20 === h);
      expect(s.values[0].slice(1)).toEqual([ns.length, ns.reduce((a, b) => a + b, 0)]);
    }
  }, 200_000);

  it('documents the new fields in the OpenAPI document from the same schemas', async () => {
    const doc = (await call(gw.url, 'GET', '/_gateway/openapi.json')).body;
    const body = doc.paths['/api/v2/replications'].post.requestBody.content['application/json'].schema;
    const props = body.properties ?? doc.components.schemas[body.$ref.split('/').pop()].properties;
    expect(JSON.stringify(props.concurrentRequests)).toContain('auto');
    expect(props.compression.enum).toEqual(['gzip', 'none', 'auto']);
    expect(props.compressionLevel).toMatchObject({ minimum: 1, maximum: 9 });
  });

  it.each([
    [{ concurrentRequests: 'many' }, 'concurrentRequests must be an integer from 1 to 16 or "auto"'],
    [{ concurrentRequests: 0 }, 'concurrentRequests must be an integer from 1 to 16 or "auto"'],
    [{ compression: 'zstd' }, 'compression must be one of "gzip", "none", "auto"'],
    [{ compressionLevel: 10 }, 'compressionLevel must be an integer from 1 to 9'],
    [{ compressionLevel: 'fast' }, 'compressionLevel must be an integer from 1 to 9'],
  ])('refuses %j with 400 in the InfluxDB envelope, on create and on PATCH', async (bad, message) => {
    const body = { orgID, name: `bad-${Math.random()}`, remoteID, localBucketID: bucketID, remoteBucketName: 'auto' };
    const created = await call(gw.url, 'POST', '/api/v2/replications', { body: { ...body, ...bad } });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ code: 'invalid' });
    expect(created.body.message).toContain(message);
    const ok = await call(gw.url, 'POST', '/api/v2/replications', { body: { ...body, compression: 'none' } });
    expect(ok.body).toMatchObject({ compression: 'none', currentCompression: 'none' });
    const patched = await call(gw.url, 'PATCH', `/api/v2/replications/${ok.body.id}`, { body: bad });
    expect(patched.status).toBe(400);
    expect(patched.body.message).toContain(message);
    await call(gw.url, 'DELETE', `/api/v2/replications/${ok.body.id}`);
  });
});
