import { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI, OrgsAPI, RemotesAPI, ReplicationsAPI } from '@influxdata/influxdb-client-apis';
import type { TestGateway } from '@ferry/core';
import { call, startGateway } from './helpers';
import { STORE_ENGINES, storeFixture } from '../../../../tools/peers/store-engines';

const TOKEN_A = 'edge-admin-token-0123456789';
const TOKEN_B = 'central-writer-token-0123456789';
const NONE = '0123456789abcdef';

// Gateway a (whose remotes and replications are exercised) runs on each engine; b, the remote, stays on SQLite.
describe.each(STORE_ENGINES)('remotes and replications API (official client + InfluxDB errors) on %s', (engine) => {
  const fixture = storeFixture(engine);
  let a: TestGateway;
  let b: TestGateway;
  let orgID: string;
  let bucketID: string;
  let remoteID: string;
  let replicationID: string;
  let centralOrgID: string;
  let remotes: RemotesAPI;
  let replications: ReplicationsAPI;

  beforeAll(async () => {
    b = await startGateway({ org: 'central', bucket: 'all' }, { auth: { tokens: [{ name: 'writer', token: TOKEN_B, role: 'operator' }] } });
    a = await startGateway({ org: 'acme', bucket: 'telemetry' }, { auth: { tokens: [{ name: 'admin', token: TOKEN_A, role: 'admin' }] }, store: fixture.storeConfig() });
    const client = new InfluxDB({ url: a.url, token: TOKEN_A });
    remotes = new RemotesAPI(client);
    replications = new ReplicationsAPI(client);
    const { orgs } = await new OrgsAPI(client).getOrgs({ org: 'acme' });
    orgID = orgs![0].id!;
    const { buckets } = await new BucketsAPI(client).getBuckets({ orgID, name: 'telemetry' });
    bucketID = buckets![0].id!;
    centralOrgID = (await new OrgsAPI(new InfluxDB({ url: b.url, token: TOKEN_B })).getOrgs({ org: 'central' })).orgs![0].id!;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('creates, lists, reads, patches and validates with the official client', async () => {
    const remote = await remotes.postRemoteConnection({
      body: { orgID, name: 'central', remoteURL: b.url, remoteAPIToken: TOKEN_B, remoteOrgID: centralOrgID, allowInsecureTLS: false },
    });
    remoteID = remote.id;
    expect(remote).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), orgID, name: 'central', remoteURL: b.url, remoteOrgID: centralOrgID, allowInsecureTLS: false, remoteType: 'v2' });
    expect(JSON.stringify(remote)).not.toContain(TOKEN_B);
    expect((await remotes.getRemoteConnections({ orgID, name: 'central' })).remotes).toHaveLength(1);
    expect((await remotes.getRemoteConnections({ orgID, remoteURL: 'http://nope' })).remotes).toHaveLength(0);

    const rep = await replications.postReplication({
      body: { orgID, name: 'to-central', remoteID, localBucketID: bucketID, remoteBucketName: 'all', maxQueueSizeBytes: 67108860, maxAgeSeconds: 604800 },
    });
    replicationID = rep.id;
    expect(rep).toMatchObject({
      orgID, name: 'to-central', remoteID, localBucketID: bucketID, remoteBucketID: null, RemoteBucketName: 'all', remoteBucketName: 'all',
      maxQueueSizeBytes: 67108860, currentQueueSizeBytes: 0, remainingBytesToBeSynced: 0, dropNonRetryableData: false, maxAgeSeconds: 604800,
    });
    expect(rep).not.toHaveProperty('latestResponseCode');
    await replications.postValidateReplicationByID({ replicationID });
    const patched = await replications.patchReplicationByID({ replicationID, body: { description: 'edge to central', maxQueueSizeBytes: 40_000_000 } });
    expect(patched).toMatchObject({ description: 'edge to central', maxQueueSizeBytes: 40_000_000 });
    expect((await replications.getReplications({ orgID, localBucketID: bucketID })).replications).toHaveLength(1);
    expect(await replications.getReplicationByID({ replicationID })).toMatchObject({ id: replicationID });
    const patchedRemote = await remotes.patchRemoteConnectionByID({ remoteID, body: { description: 'hq' } });
    expect(patchedRemote.description).toBe('hq');
  });

  it('creates with defaults and validates without saving', async () => {
    const body = { orgID, name: 'defaults', remoteID, localBucketID: bucketID, remoteBucketName: 'all' };
    const created = await call(a.url, 'POST', '/api/v2/replications', { body, token: TOKEN_A });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ maxQueueSizeBytes: 67108860, maxAgeSeconds: 604800, dropNonRetryableData: false, queueFullPolicy: 'reject' });
    const dry = await call(a.url, 'POST', '/api/v2/replications?validate=true', { body: { ...body, name: 'dry' }, token: TOKEN_A });
    expect(dry.status).toBe(204);
    expect((await call(a.url, 'PATCH', `/api/v2/replications/${created.body.id}?validate=true`, { body: { remoteBucketName: 'all' }, token: TOKEN_A })).status).toBe(204);
    expect((await call(a.url, 'DELETE', `/api/v2/replications/${created.body.id}`, { token: TOKEN_A })).status).toBe(204);
    const list = await call(a.url, 'GET', `/api/v2/replications?orgID=${orgID}&name=dry`, { token: TOKEN_A });
    expect(list.body).toEqual({ replications: [] });
  });

  it('reports a failed validation with the remote answer', async () => {
    const bad = await call(a.url, 'POST', '/api/v2/remotes', {
      body: { orgID, name: 'bad-token', remoteURL: b.url, remoteAPIToken: 'not-the-right-token-xx', remoteOrgID: centralOrgID, allowInsecureTLS: false },
      token: TOKEN_A,
    });
    const rep = await call(a.url, 'POST', '/api/v2/replications', {
      body: { orgID, name: 'bad', remoteID: bad.body.id, localBucketID: bucketID, remoteBucketName: 'all' },
      token: TOKEN_A,
    });
    expect(rep.status).toBe(201);
    const v = await call(a.url, 'POST', `/api/v2/replications/${rep.body.id}/validate`, { token: TOKEN_A });
    expect(v.status).toBe(400);
    expect(v.body).toEqual({ code: 'invalid', message: expect.stringMatching(/^replication failed validation: invalid response code 401, must be 204: 401 Unauthorized: /) });
    expect(v.headers.get('x-platform-error-code')).toBe('invalid');
    await call(a.url, 'DELETE', `/api/v2/replications/${rep.body.id}`, { token: TOKEN_A });
    await call(a.url, 'DELETE', `/api/v2/remotes/${bad.body.id}`, { token: TOKEN_A });
  });

  const cases: [string, string, string, () => unknown, number, string, string | RegExp][] = [
    ['remote: bad path id', 'GET', '/api/v2/remotes/xyz', () => undefined, 400, 'invalid', 'remote-connection ID is invalid'],
    ['remote: unknown id', 'GET', `/api/v2/remotes/${NONE}`, () => undefined, 404, 'not found', 'remote connection not found'],
    ['remote: patch unknown', 'PATCH', `/api/v2/remotes/${NONE}`, () => ({ name: 'x' }), 404, 'not found', 'remote connection not found'],
    ['remote: delete unknown', 'DELETE', `/api/v2/remotes/${NONE}`, () => undefined, 404, 'not found', 'remote connection not found'],
    ['remote: list without orgID', 'GET', '/api/v2/remotes', () => undefined, 400, 'invalid', 'invalid or missing org ID'],
    ['remote: list with bad orgID', 'GET', '/api/v2/remotes?orgID=zz', () => undefined, 400, 'invalid', 'invalid or missing org ID'],
    ['remote: bad json', 'POST', '/api/v2/remotes', () => '{"orgID":', 400, 'invalid', /^failed to unmarshal json: /],
    ['remote: short orgID', 'POST', '/api/v2/remotes', () => ({ orgID: 'abc', name: 'n', remoteURL: 'http://x', remoteAPIToken: 't' }), 400, 'invalid', 'failed to unmarshal json: orgID: id must have a length of 16 bytes'],
    ['remote: bad URL', 'POST', '/api/v2/remotes', () => ({ orgID, name: 'n', remoteURL: 'not a url', remoteAPIToken: 't' }), 400, 'invalid', 'host URL "not a url" is invalid: Invalid URL'],
    ['remote: duplicate name', 'POST', '/api/v2/remotes', () => ({ orgID, name: 'central', remoteURL: 'http://x', remoteAPIToken: 't' }), 409, 'conflict', /^remote connection with name "central" already exists in organization [0-9a-f]{16}$/],
    ['remote: still used', 'DELETE', '/api/v2/remotes/{remote}', () => undefined, 409, 'conflict', 'remote-connection cannot be deleted as a replication references it'],
    ['remote: v1 token', 'POST', '/api/v2/remotes', () => ({ orgID, name: 'v1', remoteURL: 'http://x', remoteAPIToken: 'nocolon', remoteType: 'v1' }), 400, 'invalid', /user:password/],
    ['replication: bad path id', 'GET', '/api/v2/replications/123', () => undefined, 400, 'invalid', 'replication ID is invalid'],
    ['replication: unknown', 'GET', `/api/v2/replications/${NONE}`, () => undefined, 404, 'not found', 'replication not found'],
    ['replication: patch unknown', 'PATCH', `/api/v2/replications/${NONE}`, () => ({}), 404, 'not found', 'replication not found'],
    ['replication: delete unknown', 'DELETE', `/api/v2/replications/${NONE}`, () => undefined, 404, 'not found', 'replication not found'],
    ['replication: validate unknown', 'POST', `/api/v2/replications/${NONE}/validate`, () => undefined, 404, 'not found', 'replication not found'],
    ['replication: list without orgID', 'GET', '/api/v2/replications', () => undefined, 400, 'invalid', 'invalid or missing org ID'],
    ['replication: bad remoteID filter', 'GET', '/api/v2/replications?orgID={org}&remoteID=x', () => undefined, 400, 'invalid', 'invalid remote ID'],
    ['replication: bad bucket filter', 'GET', '/api/v2/replications?orgID={org}&localBucketID=x', () => undefined, 400, 'invalid', 'invalid local bucket ID'],
    ['replication: queue too small', 'POST', '/api/v2/replications', () => ({ ...rep(), maxQueueSizeBytes: 0 }), 400, 'invalid', 'maxQueueSize too small, must be at least 33554430'],
    ['replication: maxAge too small', 'POST', '/api/v2/replications', () => ({ ...rep(), maxAgeSeconds: 5 }), 400, 'invalid', 'maxAgeSeconds must be 0 (use default) or between 60 and 5184000'],
    ['replication: maxAge too large (patch)', 'PATCH', '/api/v2/replications/{replication}', () => ({ maxAgeSeconds: 5184001 }), 400, 'invalid', 'maxAgeSeconds must be 0 (use default) or between 60 and 5184000'],
    ['replication: no remote bucket', 'POST', '/api/v2/replications', () => ({ ...rep(), remoteBucketName: undefined }), 422, 'unprocessable entity', 'one of remote_bucket_id, remote_bucket_name should be provided'],
    ['replication: unknown local bucket', 'POST', '/api/v2/replications', () => ({ ...rep(), localBucketID: NONE }), 400, 'invalid', `local bucket "${NONE}" not found: bucket not found`],
    ['replication: unknown remote', 'POST', '/api/v2/replications', () => ({ ...rep(), remoteID: NONE }), 400, 'invalid', `remote "${NONE}" not found: FOREIGN KEY constraint failed`],
    ['replication: patch unknown remote', 'PATCH', '/api/v2/replications/{replication}', () => ({ remoteID: NONE }), 400, 'invalid', `remote "${NONE}" not found: FOREIGN KEY constraint failed`],
    ['replication: duplicate name', 'POST', '/api/v2/replications', () => ({ ...rep(), name: 'to-central' }), 409, 'conflict', /replication with name "to-central" already exists/],
    ['replication: bad remoteID in body', 'POST', '/api/v2/replications', () => ({ ...rep(), remoteID: 'zzzzzzzzzzzzzzzz' }), 400, 'invalid', 'failed to unmarshal json: remoteID: invalid ID'],
  ];
  const rep = () => ({ orgID, name: 'another', remoteID, localBucketID: bucketID, remoteBucketName: 'all' });

  it.each(cases)('%s', async (_name, method, rawPath, body, status, code, message) => {
    const path = rawPath.replace('{remote}', remoteID).replace('{replication}', replicationID).replace('{org}', orgID);
    const res = await call(a.url, method, path, { body: body(), token: TOKEN_A, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    if (typeof message === 'string') expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
    expect(res.headers.get('x-platform-error-code')).toBe(code);
  });

  it('serves orgs and buckets, /health and /ping', async () => {
    const org = await call(a.url, 'POST', '/api/v2/orgs', { body: { name: 'other' }, token: TOKEN_A });
    expect(org.status).toBe(201);
    const bucket = await call(a.url, 'POST', '/api/v2/buckets', { body: { orgID: org.body.id, name: 'b1', retentionRules: [] }, token: TOKEN_A });
    expect(bucket.body).toMatchObject({ name: 'b1', orgID: org.body.id, type: 'user' });
    expect((await call(a.url, 'POST', '/api/v2/buckets', { body: { orgID: org.body.id, name: 'b1' }, token: TOKEN_A })).status).toBe(422);
    expect((await call(a.url, 'GET', `/api/v2/buckets?org=other`, { token: TOKEN_A })).body.buckets).toHaveLength(1);
    expect((await call(a.url, 'DELETE', `/api/v2/buckets/${bucket.body.id}`, { token: TOKEN_A })).status).toBe(204);
    expect((await call(a.url, 'GET', `/api/v2/buckets/${bucket.body.id}`, { token: TOKEN_A })).status).toBe(404);
    expect((await call(a.url, 'DELETE', `/api/v2/orgs/${org.body.id}`, { token: TOKEN_A })).status).toBe(204);
    expect((await call(a.url, 'GET', '/health', { token: TOKEN_A })).body).toMatchObject({ status: 'pass' });
    expect((await call(a.url, 'GET', '/ping', { token: TOKEN_A })).status).toBe(204);
    // As InfluxDB does, health and ping answer without a token; the rest still needs one.
    expect((await call(a.url, 'GET', '/health')).status).toBe(200);
    expect((await call(a.url, 'GET', '/ping')).status).toBe(204);
    expect((await call(a.url, 'GET', '/api/v2/buckets')).status).toBe(401);
    // 1.x clients send the token as the `p` query parameter: with it the request gets past authentication
    // and is answered by the write path (404 for this unknown database), without it 401.
    expect((await call(a.url, 'POST', '/write?db=nosuchdb', { body: 'm v=1' })).status).toBe(401);
    expect((await call(a.url, 'POST', `/write?db=nosuchdb&u=admin&p=${TOKEN_A}`, { body: 'm v=1' })).status).toBe(404);
    expect((await call(a.url, 'GET', '/api/v2/orgs')).status).toBe(401);
    const doc = (await call(a.url, 'GET', '/_gateway/openapi.json', { token: TOKEN_A })).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v2/replications/{replicationID}/validate', '/api/v2/remotes', '/api/v2/write']));
  });
});
