import { InfluxDB } from '@influxdata/influxdb-client';
import { OrgsAPI, RemotesAPI, ReplicationsAPI } from '@influxdata/influxdb-client-apis';
import type { TestGateway } from '@ferry/core';
import { gzipSync } from 'node:zlib';
import { startInfluxd, type Influxd } from './peers';
import type { Replication } from '../replications/replications.schemas';
import { call, OutageProxy, startGateway, waitFor } from './helpers';

const TOKEN_A = 'edge-operator-token-0123456789';
const TOKEN_B = 'central-writer-token-0123456789';

function lines(from: number, count: number, measurement = 'm'): string[] {
  return Array.from({ length: count }, (_, i) => `${measurement},host=h${(from + i) % 7} value=${from + i} ${1_700_000_000 + from + i}`);
}

/**
 * Edge gateway A replicates bucket `sensors` to a real influxd 1.6 (v1 remote, through a proxy that can
 * fail) and to a second gateway B (v2 remote) that writes into the same influxd as its local target.
 */
describe('end to end: official WriteApi → gateway → influxd 1.6 and a second gateway', () => {
  let influxd: Influxd;
  let proxy: OutageProxy;
  let a: TestGateway;
  let b: TestGateway;
  let orgID: string;
  let bucketID: string;
  let directID: string;
  let viaGatewayID: string;
  let replications: ReplicationsAPI;
  const writeApi = () => new InfluxDB({ url: a.url, token: TOKEN_A }).getWriteApi('edge', 'sensors', 's', { batchSize: 1000, flushInterval: 0, maxRetries: 0 });
  const count = (db: string, m = 'm') => influxd.count(db, m);
  const replication = async (id: string) => (await replications.getReplicationByID({ replicationID: id })) as unknown as Replication;

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxd.createDatabase('direct');
    await influxd.createDatabase('central');
    proxy = new OutageProxy({ host: '127.0.0.1', port: influxd.port });
    await proxy.up();
    b = await startGateway(
      { org: 'hq', bucket: 'central', localTarget: { url: influxd.url, remoteType: 'v1' } },
      { auth: { tokens: [{ name: 'writer', token: TOKEN_B, role: 'operator' }] } },
    );
    a = await startGateway(
      { org: 'edge', bucket: 'sensors', maxBackoffMs: 1000, maxWriteBytes: 1024 * 1024 },
      { auth: { tokens: [{ name: 'op', token: TOKEN_A, role: 'operator' }] } },
    );
    const client = new InfluxDB({ url: a.url, token: TOKEN_A });
    orgID = (await new OrgsAPI(client).getOrgs({ org: 'edge' })).orgs![0].id!;
    bucketID = (await call(a.url, 'GET', `/api/v2/buckets?orgID=${orgID}&name=sensors`, { token: TOKEN_A })).body.buckets[0].id;
    const hqOrg = (await call(b.url, 'GET', '/api/v2/orgs?org=hq', { token: TOKEN_B })).body.orgs[0].id;
    const remotes = new RemotesAPI(client);
    replications = new ReplicationsAPI(client);
    const v1 = await remotes.postRemoteConnection({ body: { orgID, name: 'influx16', remoteURL: proxy.url, remoteAPIToken: '', allowInsecureTLS: false, remoteType: 'v1' } as never });
    const v2 = await remotes.postRemoteConnection({ body: { orgID, name: 'hq', remoteURL: b.url, remoteAPIToken: TOKEN_B, remoteOrgID: hqOrg, allowInsecureTLS: false } });
    const common = { orgID, localBucketID: bucketID, maxQueueSizeBytes: 67108860, maxAgeSeconds: 0 };
    directID = (await replications.postReplication({ body: { ...common, name: 'direct', remoteID: v1.id, remoteBucketName: 'direct' } })).id;
    viaGatewayID = (await replications.postReplication({ body: { ...common, name: 'via-hq', remoteID: v2.id, remoteBucketName: 'central' } })).id;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.down();
    await influxd?.stop();
  });

  it('delivers every point written with the official WriteApi to both remotes', async () => {
    const api = writeApi();
    api.writeRecords(lines(0, 5000));
    await api.close();
    await waitFor(async () => (await count('direct')) === 5000 && (await count('central')) === 5000, 20_000, '5000 points in both dbs');
    const rep = await replications.getReplicationByID({ replicationID: directID });
    expect(rep).toMatchObject({ latestResponseCode: 204, latestErrorMessage: '', remainingBytesToBeSynced: 0 });
    expect((await replications.getReplicationByID({ replicationID: viaGatewayID })).latestResponseCode).toBe(204);
  });

  it('keeps writes during a remote outage and delivers all of them afterwards', async () => {
    await proxy.down();
    const api = writeApi();
    for (let i = 0; i < 5; i++) api.writeRecords(lines(10_000 + i * 2000, 2000));
    await api.close();
    await waitFor(async () => (await replication(directID)).latestResponseCode === 0, 10_000, 'failure seen');
    const during = await replication(directID);
    expect(during.remainingBytesToBeSynced).toBeGreaterThan(0);
    expect(during.currentQueueSizeBytes).toBeGreaterThanOrEqual(during.remainingBytesToBeSynced!);
    expect(during.latestErrorMessage).toMatch(/ECONNREFUSED|connect/);
    await proxy.up();
    await waitFor(async () => (await count('direct')) === 15_000, 30_000, 'all points after the outage');
    await waitFor(async () => (await replication(directID)).remainingBytesToBeSynced === 0, 5000, 'queue drained');
    expect(await count('central')).toBe(15_000);
  });

  it('accepts the 1.x /write form, gzip and precisions, all normalised to ns', async () => {
    const v1 = await call(a.url, 'POST', '/write?db=sensors&precision=ms', { body: 'p1 value=1 1700000000000', token: TOKEN_A });
    expect(v1.status).toBe(204);
    const gz = await call(a.url, 'POST', '/api/v2/write?org=edge&bucket=sensors&precision=us', {
      body: gzipSync('p1 value=2 1700000001000000\n'),
      token: TOKEN_A,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(gz.status).toBe(204);
    await waitFor(async () => (await count('direct', 'p1')) === 2, 10_000, 'p1 points');
    const out = await influxd.query('SELECT value FROM p1', 'direct');
    expect(out.results[0].series![0].values.map((v) => v[0])).toEqual(['2023-11-14T22:13:20Z', '2023-11-14T22:13:21Z']);
  });

  it.each([
    ['bad line', '/api/v2/write?org=edge&bucket=sensors', 'ok value=1\nbad line here', 400, 'invalid', "unable to parse 'bad line here': invalid field format"],
    ['bad precision', '/api/v2/write?org=edge&bucket=sensors&precision=m', 'a v=1', 400, 'invalid', 'invalid precision; valid precision units are ns, us, ms, and s'],
    ['missing bucket', '/api/v2/write?org=edge', 'a v=1', 404, 'not found', 'bucket not found'],
    ['missing org', '/api/v2/write?bucket=sensors', 'a v=1', 400, 'invalid', 'Please provide either orgID or org'],
    ['unknown org', '/api/v2/write?org=nope&bucket=sensors', 'a v=1', 404, 'not found', 'organization name "nope" not found'],
    ['unknown bucket', '/api/v2/write?org=edge&bucket=nope', 'a v=1', 404, 'not found', 'bucket "nope" not found'],
    ['too large', '/api/v2/write?org=edge&bucket=sensors', 'a v=1\n'.repeat(200_000), 413, 'request too large', 'unable to read data: points batch is too large'],
  ])('refuses a write: %s', async (_n, path, body, status, code, message) => {
    const res = await call(a.url, 'POST', path, { body, token: TOKEN_A });
    expect([res.status, res.body]).toEqual([status, { code, message }]);
  });

  it('refuses writes to a bucket that would lose them, and v1 errors in the 1.x envelope', async () => {
    await call(a.url, 'POST', '/api/v2/buckets', { body: { orgID, name: 'orphan' }, token: TOKEN_A });
    const res = await call(a.url, 'POST', '/api/v2/write?org=edge&bucket=orphan', { body: 'a v=1', token: TOKEN_A });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/^bucket "orphan" has no replication/);
    const v1 = await call(a.url, 'POST', '/write?db=nodb', { body: 'a v=1', token: TOKEN_A });
    expect([v1.status, v1.body]).toEqual([404, { error: 'database not found: "nodb"' }]);
  });

  it('exposes InfluxDB replication metrics', async () => {
    const text = (await call(a.url, 'GET', '/_gateway/metrics', { token: TOKEN_A })).body as string;
    expect(text).toMatch(new RegExp(`replications_queue_total_points_queued\\{replicationID="${directID}"\\} 15002`));
    expect(text).toMatch(new RegExp(`replications_queue_remote_write_errors\\{replicationID="${directID}",code="0"\\} [1-9]`));
    expect(text).toContain('replications_queue_current_bytes_queued');
    expect(text).toContain('replications_queue_remote_write_bytes_sent');
    expect(text).toMatch(/service_replication_call_total\{method="create_replication"\} 2/);
    expect(text).toMatch(/service_remote_call_total\{method="create_remote"\} 2/);
    expect(text).toMatch(/service_replication_duration_bucket\{le="[^"]+",method="find_replication_by_id"\}/);
  });
});
