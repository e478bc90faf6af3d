import { InfluxDB } from '@influxdata/influxdb-client';
import type { TestGateway } from '@ferry/core';
import type { Replication } from '../replications/replications.schemas';
import { call, startGateway, waitFor } from './helpers';
import { startInfluxd, type Influxd } from './peers';

const ADMIN = { username: 'ferry', password: "s3cret'pw" };
const RIGHT = `${ADMIN.username}:${ADMIN.password}`;
const WRONG = `${ADMIN.username}:not-the-password`;
const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `m,host=h${i % 5} value=${from + i} ${1_700_000_000 + from + i}`);

/** A 1.x remote with `[http] auth-enabled = true`: the token `user:password` goes as Basic auth, wrong ones are explained. */
describe('v1 remote with authentication (real influxd 1.6)', () => {
  let influxd: Influxd;
  let gw: TestGateway;
  let orgID: string;
  const remote = async (name: string, token: string) =>
    (await call(gw.url, 'POST', '/api/v2/remotes', { body: { orgID, name, remoteURL: influxd.url, remoteAPIToken: token, remoteType: 'v1' } })).body.id as string;
  const bucket = async (name: string) => (await call(gw.url, 'POST', '/api/v2/buckets', { body: { orgID, name } })).body.id as string;
  const replication = async (body: Record<string, unknown>, query = '') =>
    call(gw.url, 'POST', `/api/v2/replications${query}`, { body: { orgID, maxQueueSizeBytes: 67108860, ...body } });
  const get = async (id: string) => (await call(gw.url, 'GET', `/api/v2/replications/${id}`)).body as Replication;
  const write = async (bucketName: string, points: string[]) => {
    const api = new InfluxDB({ url: gw.url }).getWriteApi('acme', bucketName, 's', { batchSize: points.length + 1, flushInterval: 0, maxRetries: 0 });
    api.writeRecords(points);
    await api.close();
  };

  beforeAll(async () => {
    influxd = await startInfluxd({ auth: ADMIN });
    await Promise.all(['good', 'fixed'].map((db) => influxd.createDatabase(db)));
    gw = await startGateway({ org: 'acme', maxBackoffMs: 1000 });
    orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=acme')).body.orgs[0].id;
  });
  afterAll(async () => {
    await gw?.close();
    await influxd?.stop();
  });

  it('delivers every point with remoteAPIToken "user:password"', async () => {
    const rep = await replication({ name: 'good', remoteID: await remote('right', RIGHT), localBucketID: await bucket('src-good'), remoteBucketName: 'good' });
    expect(rep.status).toBe(201);
    await write('src-good', lines(2000));
    await waitFor(async () => (await influxd.count('good', 'm')) === 2000, 15_000, '2000 points in influxd');
    expect(await get(rep.body.id)).toMatchObject({ latestResponseCode: 204, latestErrorMessage: '', remainingBytesToBeSynced: 0 });
  });

  it('keeps points queued on 401 with an explanation, and delivers them after PATCH of the token without restart', async () => {
    const remoteID = await remote('wrong', WRONG);
    const rep = await replication({ name: 'fixed', remoteID, localBucketID: await bucket('src-fixed'), remoteBucketName: 'fixed' });
    await write('src-fixed', lines(1500));
    await waitFor(async () => (await get(rep.body.id)).latestResponseCode === 401, 10_000, 'a 401 from influxd');
    const blocked = await get(rep.body.id);
    expect(blocked.latestErrorMessage).toBe(
      'invalid response code 401, must be 204: 401 Unauthorized: authorization failed ' +
        '(the remote refused the token: check remoteAPIToken of the remote; retrying)',
    );
    expect(blocked.remainingBytesToBeSynced).toBeGreaterThan(0);
    expect(await influxd.count('fixed', 'm')).toBe(0);
    const invalid = await call(gw.url, 'POST', `/api/v2/replications/${rep.body.id}/validate`);
    expect(invalid).toMatchObject({ status: 400, body: { code: 'invalid', message: 'replication failed validation: invalid response code 401, must be 204: 401 Unauthorized: authorization failed' } });

    const patched = await call(gw.url, 'PATCH', `/api/v2/remotes/${remoteID}`, { body: { remoteAPIToken: RIGHT } });
    expect(patched.status).toBe(200);
    expect(JSON.stringify(patched.body)).not.toContain(ADMIN.password);
    await waitFor(async () => (await influxd.count('fixed', 'm')) === 1500, 15_000, '1500 points in influxd after the PATCH');
    expect(await get(rep.body.id)).toMatchObject({ latestResponseCode: 204, latestErrorMessage: '', remainingBytesToBeSynced: 0 });
    expect((await call(gw.url, 'POST', `/api/v2/replications/${rep.body.id}/validate`)).status).toBe(204);
  });

  it.each([
    ['the right password', RIGHT, 204, undefined],
    ['a wrong password', WRONG, 400, 'replication parameters fail validation: invalid response code 401, must be 204: 401 Unauthorized: authorization failed'],
    ['no credentials', '', 400, 'replication parameters fail validation: invalid response code 401, must be 204: 401 Unauthorized: unable to parse authentication credentials'],
  ])('validate=true with %s', async (name, token, status, message) => {
    const remoteID = await remote(`validate ${name}`, token);
    const res = await replication({ name: `dry ${name}`, remoteID, localBucketID: await bucket(`src ${name}`), remoteBucketName: 'good' }, '?validate=true');
    expect(res.status).toBe(status);
    if (message) expect(res.body).toEqual({ code: 'invalid', message });
    expect((await call(gw.url, 'GET', `/api/v2/replications?orgID=${orgID}&remoteID=${remoteID}`)).body.replications).toEqual([]);
  });
});
