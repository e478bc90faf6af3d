import type { TestGateway } from '@ferry/core';
import { startInfluxd, type Influxd } from './peers';
import { call, OutageProxy, startGateway, waitFor } from './helpers';

const OPERATOR = 'operator-token-0123456789';
const VIEWER = 'viewer-token-0123456789';

function lines(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `m,host=h${(from + i) % 5} value=${from + i} ${1_700_000_000 + from + i}`).join('\n');
}

/** The flows board's Influx rows, through the real gateway, replicating to a real influxd 1.6 through an outage. */
describe('influx replication flows on /_gateway/flows', () => {
  let influxd: Influxd;
  let proxy: OutageProxy;
  let gw: TestGateway;
  let replicationID: string;
  let remoteID: string;
  let bucketID: string;
  const board = async (token = VIEWER) => (await call(gw.url, 'GET', '/_gateway/flows?kind=influx-replication', { headers: { authorization: `Bearer ${token}` } })).body;
  const flow = async () => (await board()).flows[0];
  const write = (from: number, count: number) => call(gw.url, 'POST', '/api/v2/write?org=edge&bucket=sensors&precision=s', { token: OPERATOR, body: lines(from, count) });

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.createDatabase('copy');
    proxy = new OutageProxy({ host: '127.0.0.1', port: influxd.port });
    await proxy.up();
    gw = await startGateway(
      { org: 'edge', bucket: 'sensors', maxBackoffMs: 300 },
      {
        auth: { tokens: [{ name: 'op', token: OPERATOR, role: 'operator' }, { name: 'eve', token: VIEWER, role: 'viewer' }] },
        flows: { sampleIntervalMs: 200 },
      },
    );
    const orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=edge', { token: OPERATOR })).body.orgs[0].id;
    bucketID = (await call(gw.url, 'GET', `/api/v2/buckets?orgID=${orgID}&name=sensors`, { token: OPERATOR })).body.buckets[0].id;
    const remote = await call(gw.url, 'POST', '/api/v2/remotes', {
      token: OPERATOR,
      body: { orgID, name: 'influx16', remoteURL: proxy.url, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' },
    });
    remoteID = remote.body.id;
    const rep = await call(gw.url, 'POST', '/api/v2/replications', {
      token: OPERATOR,
      body: { orgID, name: 'to-copy', remoteID, localBucketID: bucketID, remoteBucketName: 'copy', maxQueueSizeBytes: 67108860, maxAgeSeconds: 0 },
    });
    expect(rep.status).toBe(201);
    replicationID = rep.body.id;
  });
  afterAll(async () => {
    await gw?.close();
    await proxy?.down();
    await influxd?.stop();
  });

  it('shows the queue figures, the remote and points/s while points flow', async () => {
    let fastest = 0;
    for (let i = 0; i < 6; i++) {
      expect((await write(i * 2000, 2000)).status).toBe(204);
      await new Promise((r) => setTimeout(r, 250));
      fastest = Math.max(fastest, (await flow()).details.points_per_second ?? 0);
    }
    await waitFor(async () => (await influxd.count('copy', 'm')) === 12_000, 20_000, '12000 points in influxd');
    const f = await waitFor2(async () => {
      const now = await flow();
      fastest = Math.max(fastest, now.details.points_per_second ?? 0);
      return now.details.remaining_bytes_to_be_synced === 0 && now.details.latest_response_code === 204 ? now : undefined;
    });
    expect(f).toMatchObject({
      id: `influx-replication:${replicationID}`,
      kind: 'influx-replication',
      name: 'to-copy',
      state: 'ok',
      status: 'REPLICATING',
      severity: 0,
      error: null,
      lag: { operations: null, seconds: 0, bytes: 0 },
      details: { remote_id: remoteID, remote_name: 'influx16', local_bucket_id: bucketID, remote_bucket_name: 'copy', latest_error_message: null },
    });
    expect(f.details.current_queue_size_bytes).toBeGreaterThanOrEqual(0);
    // 12,000 points delivered over about two seconds of writes.
    expect(fastest).toBeGreaterThan(0);
  });

  it('shows the outage as failed, the backlog growing in the history, and the recovery', async () => {
    await proxy.down();
    expect((await write(100_000, 3000)).status).toBe(204);
    const down = await waitFor2(async () => {
      const f = await flow();
      return f.state === 'failed' && f.lag.bytes > 0 ? f : undefined;
    });
    expect(down).toMatchObject({ status: 'FAILING', severity: 3, reason: null });
    expect(down.error).toMatch(/.+/);
    expect(down.details.latest_error_message).toBe(down.error);
    const backlog = down.lag.bytes;
    await waitFor(async () => (await flow()).history.some(([, v]: [number, number]) => v === backlog), 5000, 'the backlog in the history');
    await proxy.up();
    // The live figures recover first; the ring's last point follows at the next sample.
    const back = await waitFor2(async () => {
      const f = await flow();
      return f.state === 'ok' && f.lag.bytes === 0 && f.history[f.history.length - 1][1] === 0 ? f : undefined;
    });
    const values = (back.history as [number, number][]).map(([, v]) => v);
    expect(values).toContain(backlog);
    if (process.env.FLOWS_DUMP) console.log(JSON.stringify({ down: { ...down, history: down.history.slice(-3) }, back: { ...back, history: back.history.slice(-3) } }));
    expect(await influxd.count('copy', 'm')).toBe(15_000);
  });

  it('lets a viewer read the board but not change a replication', async () => {
    expect((await board(VIEWER)).flows).toHaveLength(1);
    const who = await call(gw.url, 'GET', '/_gateway/whoami', { headers: { authorization: `Bearer ${VIEWER}` } });
    expect(who.body).toEqual({ auth_enabled: true, role: 'viewer', token_name: 'eve' });
    const del = await call(gw.url, 'DELETE', `/api/v2/replications/${replicationID}`, { token: VIEWER });
    expect(del.status).toBe(403);
    expect((await board(OPERATOR)).flows).toHaveLength(1);
    const gone = await call(gw.url, 'DELETE', `/api/v2/replications/${replicationID}`, { token: OPERATOR });
    expect(gone.status).toBe(204);
    expect((await board()).flows).toEqual([]);
  });
});

/** Polls until `fn` returns a value. */
async function waitFor2<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
