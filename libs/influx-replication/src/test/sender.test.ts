import type { TestGateway } from '@ferry/core';
import { InfluxDB as InfluxV1 } from 'influx';
import type { Replication } from '../replications/replications.schemas';
import { call, startGateway, waitFor } from './helpers';
import { ScriptedRemote } from './scripted-remote';

const pts = (tag: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `m,t=${tag} value=${from + i} ${1000 + from + i}`).join('\n');

/** Sender rules against a scripted remote: 413 split, Retry-After, non-retryable blocking/dropping, explanations, path prefix. */
describe('sender rules', () => {
  let gw: TestGateway;
  let remote: ScriptedRemote;
  let orgID: string;
  let bucketID: string;
  let remoteID: string;
  const write = (body: string) => call(gw.url, 'POST', '/api/v2/write?org=acme&bucket=b', { body });
  const get = async (id: string) => (await call(gw.url, 'GET', `/api/v2/replications/${id}`)).body as Replication;
  async function replication(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await call(gw.url, 'POST', '/api/v2/replications', {
      body: { orgID, name, remoteID, localBucketID: bucketID, remoteBucketName: 'target', ...extra },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    remote = new ScriptedRemote();
    await remote.start();
    gw = await startGateway({ org: 'acme', bucket: 'b', maxBackoffMs: 300, minMaxAgeSeconds: 1 });
    orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=acme')).body.orgs[0].id;
    bucketID = (await call(gw.url, 'GET', `/api/v2/buckets?orgID=${orgID}&name=b`)).body.buckets[0].id;
    const r = await call(gw.url, 'POST', '/api/v2/remotes', {
      body: { orgID, name: 'scripted', remoteURL: `${remote.url}/proxy/influx/`, remoteAPIToken: 'tok', remoteOrgID: orgID, allowInsecureTLS: false },
    });
    remoteID = r.body.id;
  });
  afterAll(async () => {
    await gw?.close();
    await remote?.stop();
  });
  afterEach(async () => {
    const list = (await call(gw.url, 'GET', `/api/v2/replications?orgID=${orgID}`)).body.replications as Replication[];
    for (const r of list) await call(gw.url, 'DELETE', `/api/v2/replications/${r.id}`);
    remote.answer = () => ({ status: 204 });
    remote.received.length = 0;
    remote.delivered.length = 0;
    remote.delayMs = 0;
    remote.maxInFlight = 0;
  });

  it('with concurrentRequests sends lanes of series at once, keeps each series in order, and re-sends only failed lanes', async () => {
    remote.delayMs = 30;
    let failedOnce = false;
    // The first request carrying series s3 fails once: the other lanes of that batch must not be sent again.
    remote.answer = (r) => (!failedOnce && r.lines.some((l) => l.startsWith('m,t=s3 ')) ? ((failedOnce = true), { status: 503 }) : { status: 204 });
    const id = await replication('lanes', { concurrentRequests: 4 });
    expect((await get(id)).concurrentRequests).toBe(4);
    const series = Array.from({ length: 12 }, (_, i) => `s${i}`);
    for (let w = 0; w < 10; w++) {
      const body = Array.from({ length: 300 }, (_, i) => `m,t=${series[i % 12]} value=${w * 300 + i} ${1000 + w * 300 + i}`).join('\n');
      expect((await write(body)).status).toBe(204);
    }
    await waitFor(() => remote.delivered.length === 3000, 10_000, '3000 lines');
    expect(new Set(remote.delivered).size).toBe(3000);
    expect(failedOnce).toBe(true);
    expect(remote.maxInFlight).toBeGreaterThan(1);
    expect(remote.maxInFlight).toBeLessThanOrEqual(4);
    for (const s of series) {
      const values = remote.delivered.filter((l) => l.startsWith(`m,t=${s} `)).map((l) => Number(/value=(\d+)/.exec(l)![1]));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });

  it('sends one request at a time by default and refuses a concurrentRequests out of range', async () => {
    remote.delayMs = 20;
    const id = await replication('single');
    expect((await get(id)).concurrentRequests).toBe(1);
    for (let w = 0; w < 3; w++) await write(pts(`x${w}`, 200, w * 200));
    await waitFor(() => remote.delivered.length === 600, 10_000, '600 lines');
    expect(remote.maxInFlight).toBe(1);
    for (const bad of [0, 17, 1.5]) {
      const res = await call(gw.url, 'PATCH', `/api/v2/replications/${id}`, { body: { concurrentRequests: bad } });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('concurrentRequests must be an integer from 1 to 16');
    }
    const ok = await call(gw.url, 'PATCH', `/api/v2/replications/${id}`, { body: { concurrentRequests: 3 } });
    expect(ok.body.concurrentRequests).toBe(3);
  });

  it('keeps the URL path prefix, sends gzip with the token, and splits 413 batches in halves', async () => {
    remote.answer = (r) => (r.lines.length > 100 ? { status: 413, body: { code: 'request too large', message: 'too large' } } : { status: 204 });
    await replication('split');
    expect((await write(pts('s', 1000))).status).toBe(204);
    await waitFor(() => remote.delivered.length === 1000, 10_000, '1000 lines');
    const first = remote.received[0];
    expect(first.url).toBe(`/proxy/influx/api/v2/write?org=${orgID}&bucket=target&precision=ns`);
    expect(first.headers).toMatchObject({ authorization: 'Token tok', 'content-encoding': 'gzip' });
    expect(new Set(remote.delivered).size).toBe(1000);
  });

  it('honours Retry-After on 429 and explains 401', async () => {
    let n = 0;
    let authorised = false;
    remote.answer = () =>
      ++n === 1 ? { status: 429, headers: { 'Retry-After': '1' } } : authorised ? { status: 204 } : { status: 401, body: { code: 'unauthorized', message: 'unauthorized access' } };
    const id = await replication('throttled');
    await write(pts('t', 10));
    await waitFor(async () => (await get(id)).latestResponseCode === 401, 10_000, '401 seen');
    expect((await get(id)).latestErrorMessage).toBe(
      'invalid response code 401, must be 204: 401 Unauthorized: unauthorized access (the remote refused the token: check remoteAPIToken of the remote; retrying)',
    );
    expect(remote.received[1].at - remote.received[0].at).toBeGreaterThanOrEqual(950);
    const health = (await call(gw.url, 'GET', '/_gateway/health')).body;
    expect(health.plugins.influx).toMatchObject({ status: 'degraded', details: { failing: [{ id, name: 'throttled', latestResponseCode: 401 }] } });
    authorised = true;
    await waitFor(() => remote.delivered.length === 10, 10_000, 'delivery after 429 and 401');
    const r = await get(id);
    expect(r.latestResponseCode).toBe(204);
  });

  it('accepts writes from the official 1.x client (influx) on /write?db=', async () => {
    await replication('v1-client');
    const v1 = new InfluxV1({ host: '127.0.0.1', port: Number(new URL(gw.url).port), database: 'b' });
    await v1.writePoints(
      [
        { measurement: 'cpu', tags: { host: 'a' }, fields: { value: 1 }, timestamp: 1700000000 },
        { measurement: 'cpu', tags: { host: 'b' }, fields: { value: 2 }, timestamp: 1700000001 },
      ],
      { precision: 's' },
    );
    await waitFor(() => remote.delivered.length === 2, 5000, 'two points');
    expect(remote.delivered).toEqual(['cpu,host=a value=1 1700000000000000000', 'cpu,host=b value=2 1700000001000000000']);
  });

  it('blocks on 400 and says why, then drops with dropNonRetryableData', async () => {
    remote.answer = (r) => (r.lines.some((l) => l.includes('poison')) ? { status: 400, body: { code: 'invalid', message: 'field type conflict' } } : { status: 204 });
    const id = await replication('poisoned');
    await write('poison value=1 1');
    await waitFor(async () => (await get(id)).latestResponseCode === 400, 5000, '400 seen');
    // Queued behind the refused batch: blocked with it, but not part of it.
    await write(pts('after', 5));
    await new Promise((r) => setTimeout(r, 300));
    const blocked = await get(id);
    expect(blocked.latestErrorMessage).toMatch(/^invalid response code 400, must be 204: 400 Bad Request: field type conflict \(replication blocked: .*dropNonRetryableData/);
    expect(blocked.remainingBytesToBeSynced).toBeGreaterThan(0);
    expect(remote.delivered).toHaveLength(0);
    await call(gw.url, 'PATCH', `/api/v2/replications/${id}`, { body: { dropNonRetryableData: true } });
    await waitFor(async () => (await get(id)).remainingBytesToBeSynced === 0, 5000, 'drained after drop');
    // Only the refused batch is dropped; a retry re-sends the same batch, so later points never join it.
    expect(remote.delivered).toEqual(pts('after', 5).split('\n'));
  });

  it('refuses writes with 503 + Retry-After when the queue is full, or drops when asked', async () => {
    remote.answer = () => ({ status: 503, body: { code: 'unavailable', message: 'down' } });
    const id = await replication('full', { maxQueueSizeBytes: 33554430 });
    const pad = 'x'.repeat(200);
    const mb = Array.from({ length: 5000 }, (_, i) => `m,t=f s="${pad}" ${i}`).join('\n');
    let res;
    for (let i = 0; i < 40; i++) {
      res = await write(mb);
      if (res.status !== 204) break;
    }
    expect(res!.status).toBe(503);
    expect(res!.headers.get('retry-after')).toBe('10');
    expect(res!.body).toEqual({ code: 'unavailable', message: expect.stringMatching(new RegExp(`^queue of replication "full" \\(${id}\\) is full: `)) });
    const before = await get(id);
    await call(gw.url, 'PATCH', `/api/v2/replications/${id}`, { body: { queueFullPolicy: 'drop-newest' } });
    expect((await write(mb)).status).toBe(204);
    expect((await get(id)).remainingBytesToBeSynced).toBe(before.remainingBytesToBeSynced);
    await call(gw.url, 'PATCH', `/api/v2/replications/${id}`, { body: { queueFullPolicy: 'drop-oldest' } });
    expect((await write(pts('newest', 1000, 5_000_000))).status).toBe(204);
    const after = await get(id);
    expect(after.remainingBytesToBeSynced).toBeLessThanOrEqual(33554430);
    const metrics = (await call(gw.url, 'GET', '/_gateway/metrics')).body as string;
    expect(metrics).toMatch(new RegExp(`replications_queue_points_failed_to_queue\\{replicationID="${id}"\\} [1-9]`));
  });

  it('applies maxAgeSeconds live on PATCH', async () => {
    remote.answer = () => ({ status: 500, body: { code: 'internal error', message: 'boom' } });
    const id = await replication('aging');
    await write(pts('old', 100));
    await waitFor(async () => (await get(id)).latestResponseCode === 500, 5000, 'failure');
    expect((await get(id)).remainingBytesToBeSynced).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1100));
    const patched = await call(gw.url, 'PATCH', `/api/v2/replications/${id}`, { body: { maxAgeSeconds: 1 } });
    expect(patched.body.maxAgeSeconds).toBe(1);
    await waitFor(async () => (await get(id)).remainingBytesToBeSynced === 0, 5000, 'expired entries purged');
  });
});
