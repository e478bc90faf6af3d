import { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI } from '@influxdata/influxdb-client-apis';
import type { TestGateway } from '@ferry/core';
import type { Replication } from '../replications/replications.schemas';
import { call, startGateway, waitFor } from '../test/helpers';
import { ScriptedRemote } from '../test/scripted-remote';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';

const NONE = '0123456789abcdef';

/** PATCH /api/v2/buckets/{id} with the official BucketsAPI: rename, description, retention, and InfluxDB's errors. */
describe.each(STORE_ENGINES)('bucket update on %s', (engine) => {
  const fixture = storeFixture(engine);
  let gw: TestGateway;
  let remote: ScriptedRemote;
  let buckets: BucketsAPI;
  let orgID: string;
  let bucketID: string;
  const write = (bucket: string, body: string) => call(gw.url, 'POST', `/api/v2/write?org=acme&bucket=${encodeURIComponent(bucket)}`, { body });

  beforeAll(async () => {
    remote = new ScriptedRemote();
    await remote.start();
    gw = await startGateway({ org: 'acme', bucket: 'sensors' }, { store: fixture.storeConfig() });
    buckets = new BucketsAPI(new InfluxDB({ url: gw.url }));
    orgID = (await call(gw.url, 'GET', '/api/v2/orgs?org=acme')).body.orgs[0].id;
    bucketID = (await buckets.getBuckets({ orgID, name: 'sensors' })).buckets![0].id!;
    await buckets.postBuckets({ body: { orgID, name: 'taken', retentionRules: [] } });
    const r = await call(gw.url, 'POST', '/api/v2/remotes', {
      body: { orgID, name: 'hq', remoteURL: remote.url, remoteAPIToken: 'tok', remoteOrgID: orgID, allowInsecureTLS: false },
    });
    const rep = await call(gw.url, 'POST', '/api/v2/replications', {
      body: { orgID, name: 'to-hq', remoteID: r.body.id, localBucketID: bucketID, remoteBucketName: 'central' },
    });
    expect(rep.status).toBe(201);
  });
  afterAll(async () => {
    await gw?.close();
    await remote?.stop();
  });

  it('renames a bucket: writes use the new name, the old one is 404, the replication keeps delivering', async () => {
    expect((await write('sensors', 'm v=1 1')).status).toBe(204);
    const patched = await buckets.patchBucketsID({
      bucketID,
      body: { name: 'sensors-v2', description: 'renamed', retentionRules: [{ type: 'expire', everySeconds: 86400 }] },
    });
    expect(patched).toMatchObject({
      id: bucketID, orgID, type: 'user', name: 'sensors-v2', description: 'renamed',
      retentionRules: [{ type: 'expire', everySeconds: 86400 }], links: { self: `/api/v2/buckets/${bucketID}` },
    });
    expect(Date.parse(patched.updatedAt!)).toBeGreaterThanOrEqual(Date.parse(patched.createdAt!));
    expect((await write('sensors-v2', 'm v=2 2')).status).toBe(204);
    expect((await call(gw.url, 'POST', '/write?db=sensors-v2', { body: 'm v=3 3' })).status).toBe(204);
    const old = await write('sensors', 'm v=4 4');
    expect(old).toMatchObject({ status: 404, body: { code: 'not found', message: 'bucket "sensors" not found' } });
    await waitFor(() => remote.delivered.length === 3, 10_000, 'three points at the remote');
    expect(remote.delivered).toEqual(['m v=1 1', 'm v=2 2', 'm v=3 3']);
    const reps = (await call(gw.url, 'GET', `/api/v2/replications?orgID=${orgID}&localBucketID=${bucketID}`)).body.replications as Replication[];
    expect(reps).toHaveLength(1);
    expect(reps[0]).toMatchObject({ latestResponseCode: 204, remainingBytesToBeSynced: 0 });
    expect((await buckets.getBuckets({ orgID, name: 'sensors' })).buckets).toEqual([]);
  });

  it.each([
    ['omitted fields keep their value', { description: 'only this' }, { name: 'sensors-v2', description: 'only this', retentionRules: [{ everySeconds: 86400 }] }],
    ['an empty rule list keeps the retention', { retentionRules: [] }, { retentionRules: [{ everySeconds: 86400 }] }],
    ['a rule without everySeconds keeps the retention', { retentionRules: [{ type: 'expire' }] }, { retentionRules: [{ everySeconds: 86400 }] }],
    ['everySeconds 0 keeps data forever', { retentionRules: [{ type: 'expire', everySeconds: 0 }] }, { retentionRules: [] }],
    ['the same name is no conflict', { name: 'sensors-v2' }, { name: 'sensors-v2' }],
  ])('%s', async (_name, body, expected) => {
    const res = await call(gw.url, 'PATCH', `/api/v2/buckets/${bucketID}`, { body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expected);
  });

  const cases: [string, string, () => unknown, number, string, string | RegExp][] = [
    ['unknown id', `/api/v2/buckets/${NONE}`, () => ({ name: 'x' }), 404, 'not found', 'bucket not found'],
    ['short id', '/api/v2/buckets/abc', () => ({ name: 'x' }), 400, 'invalid', 'id must have a length of 16 bytes'],
    ['bad id', '/api/v2/buckets/zzzzzzzzzzzzzzzz', () => ({ name: 'x' }), 400, 'invalid', 'invalid ID'],
    ['name taken in the org', '/api/v2/buckets/{bucket}', () => ({ name: 'taken' }), 422, 'conflict', 'bucket name is not unique'],
    ['reserved name', '/api/v2/buckets/{bucket}', () => ({ name: '_monitoring' }), 400, 'invalid', 'bucket name _monitoring is invalid. Buckets may not start with underscore'],
    ['quote in name', '/api/v2/buckets/{bucket}', () => ({ name: 'a"b' }), 400, 'invalid', 'bucket name a"b is invalid. Bucket names may not include quotation marks'],
    ['empty name', '/api/v2/buckets/{bucket}', () => ({ name: '' }), 400, 'invalid', 'failed to unmarshal json: name: name is required'],
    ['name of the wrong type', '/api/v2/buckets/{bucket}', () => ({ name: 5 }), 400, 'invalid', /^failed to unmarshal json: name: /],
    ['two rules', '/api/v2/buckets/{bucket}', () => ({ retentionRules: [{ everySeconds: 60 }, { everySeconds: 60 }] }), 422, 'unprocessable entity', 'buckets cannot have more than one retention rule at this time'],
    ['negative retention', '/api/v2/buckets/{bucket}', () => ({ retentionRules: [{ everySeconds: -1 }] }), 422, 'unprocessable entity', 'expiration seconds cannot be negative'],
    ['negative shard group', '/api/v2/buckets/{bucket}', () => ({ retentionRules: [{ shardGroupDurationSeconds: -1 }] }), 422, 'unprocessable entity', 'shard-group duration seconds cannot be negative'],
    ['bad json', '/api/v2/buckets/{bucket}', () => '{"name":', 400, 'invalid', /^failed to unmarshal json: /],
  ];

  it.each(cases)('PATCH: %s', async (_name, rawPath, body, status, code, message) => {
    const path = rawPath.replace('{bucket}', bucketID);
    const res = await call(gw.url, 'PATCH', path, { body: body(), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    if (typeof message === 'string') expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
    expect(res.headers.get('x-platform-error-code')).toBe(code);
  });

  it.each([
    ['reserved name', { name: '_tasks' }, 400, 'bucket name _tasks is invalid. Buckets may not start with underscore'],
    ['two rules', { name: 'r2', retentionRules: [{ everySeconds: 60 }, { everySeconds: 60 }] }, 422, 'buckets cannot have more than one retention rule at this time'],
    ['negative retention', { name: 'r3', retentionRules: [{ everySeconds: -5 }] }, 422, 'expiration seconds cannot be negative'],
  ])('POST validates as PATCH: %s', async (_name, body, status, message) => {
    const res = await call(gw.url, 'POST', '/api/v2/buckets', { body: { orgID, ...body } });
    expect(res).toMatchObject({ status, body: { message } });
  });

  it('lists the bucket routes in the OpenAPI document', async () => {
    const doc = (await call(gw.url, 'GET', '/_gateway/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v2/buckets/{bucketID}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
  });
});
