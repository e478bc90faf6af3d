import type { TestGateway } from '@ferry/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { call, startGateway } from './helpers';

/** User mistakes on orgs, buckets and remotes that once answered 500 or did something silently wrong. */
describe('orgs, buckets and remotes: user mistakes get 4xx, never 500', () => {
  let gw: TestGateway;
  let orgID: string;
  let otherOrgID: string;
  let remoteID: string;
  const get = (path: string) => call(gw.url, 'GET', path);

  beforeAll(async () => {
    gw = await startGateway({ org: 'acme', bucket: 'b' });
    orgID = (await get('/api/v2/orgs?org=acme')).body.orgs[0].id;
    otherOrgID = (await call(gw.url, 'POST', '/api/v2/orgs', { body: { name: 'other' } })).body.id;
    await call(gw.url, 'POST', '/api/v2/buckets', { body: { orgID: otherOrgID, name: 'ob' } });
    remoteID = (await call(gw.url, 'POST', '/api/v2/remotes', { body: { orgID, name: 'r', remoteURL: 'http://127.0.0.1:9', remoteAPIToken: '' } })).body.id;
  });
  afterAll(async () => {
    await gw?.close();
  });

  // Repeated parameters are read as Go's url.Values.Get does (the first one); bracketed ones are other parameters.
  it.each([
    ['orgs by repeated org', '/api/v2/orgs?org=acme&org=other', 200, (b: any) => b.orgs.map((o: any) => o.name), ['acme']],
    ['orgs by repeated orgID', '/api/v2/orgs?orgID={org}&orgID=zz', 200, (b: any) => b.orgs.map((o: any) => o.name), ['acme']],
    ['orgs by bracketed org', '/api/v2/orgs?org[x]=1', 200, (b: any) => b.orgs.length, 2],
    ['orgs by a bad orgID', '/api/v2/orgs?orgID=zz', 400, (b: any) => b, { code: 'invalid', message: 'invalid org ID' }],
    ['buckets by repeated name', '/api/v2/buckets?name=ob&name=b', 200, (b: any) => b.buckets.map((x: any) => x.name), ['ob']],
    ['buckets by repeated org', '/api/v2/buckets?org=other&org=acme', 200, (b: any) => b.buckets.map((x: any) => x.name), ['ob']],
    ['remotes by repeated name', '/api/v2/remotes?orgID={org}&orgID={org}&name=r&name=x', 200, (b: any) => b.remotes.length, 1],
    ['replications by repeated name', '/api/v2/replications?orgID={org}&orgID=zz&name=none&name=x', 200, (b: any) => b.replications, []],
    ['replications by bracketed orgID', '/api/v2/replications?orgID[x]=1', 400, (b: any) => b, { code: 'invalid', message: 'invalid or missing org ID' }],
  ])('%s', async (_name, path, status, pick, expected) => {
    const res = await get(path.replaceAll('{org}', orgID));
    expect(res.status).toBe(status);
    expect(pick(res.body)).toEqual(expected);
  });

  it('refuses a 1.x write whose database names buckets in several orgs, until org or orgID picks one', async () => {
    for (const id of [orgID, otherOrgID]) await call(gw.url, 'POST', '/api/v2/buckets', { body: { orgID: id, name: 'dup' } });
    const write = (query: string) => fetch(`${gw.url}/write?db=dup${query}`, { method: 'POST', body: 'm v=1 1\n' });
    const ambiguous = await write('');
    expect(ambiguous.status).toBe(400);
    expect(await ambiguous.json()).toEqual({
      error: 'database "dup" names buckets in several organizations (acme, other): add org=<name> or orgID=<id> to the write',
    });
    // Resolved: the write then meets the next rule (a bucket without replication refuses writes), naming the bucket.
    for (const query of ['&org=acme', `&orgID=${otherOrgID}`]) {
      const res = await write(query);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: string }).error).toMatch(/^bucket "dup" has no replication/);
    }
    expect((await write('&org=nobody')).status).toBe(404);
  });

  it('decodes a JSON body whatever its Content-Type, as InfluxDB does (curl -d sends form encoding)', async () => {
    const res = await fetch(`${gw.url}/api/v2/orgs`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '{"name":"curl-org"}' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }).name).toBe('curl-org');
    const bad = await fetch(`${gw.url}/api/v2/orgs`, { method: 'POST', body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^failed to unmarshal json: /);
  });

  it.each([
    ['POST', () => ({ orgID, name: 'creds', remoteURL: 'http://admin:hunter2@influx.example:8086/x', remoteAPIToken: '' })],
    ['PATCH', () => ({ remoteURL: 'https://admin:hunter2@influx.example' })],
  ])('%s refuses credentials in remoteURL without echoing them', async (method, body) => {
    const res = await call(gw.url, method, method === 'POST' ? '/api/v2/remotes' : `/api/v2/remotes/${remoteID}`, { body: body() });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid');
    expect(res.body.message).toMatch(/^host URL "https?:\/\/influx\.example(:8086)?\/x?" is invalid: it contains credentials, which are not sent; give them as remoteAPIToken/);
    expect(res.body.message).not.toContain('hunter2');
  });

  it.each([
    ['POST', () => ({ orgID, name: 'newline', remoteURL: 'http://127.0.0.1:9', remoteAPIToken: 'tok-secret\n' })],
    ['PATCH', () => ({ remoteAPIToken: 'tok\r\nsecret' })],
  ])('%s refuses a v2 token that cannot travel in a header, without echoing it', async (method, body) => {
    const res = await call(gw.url, method, method === 'POST' ? '/api/v2/remotes' : `/api/v2/remotes/${remoteID}`, { body: body() });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^remoteAPIToken contains a line break or control character/);
    expect(res.body.message).not.toContain('secret');
  });

  it('refuses to turn a remote into a 1.x remote while a replication addresses its bucket by ID', async () => {
    const v2 = (await call(gw.url, 'POST', '/api/v2/remotes', { body: { orgID, name: 'to-v1', remoteURL: 'http://127.0.0.1:9', remoteAPIToken: '' } })).body.id;
    const bucketID = (await get(`/api/v2/buckets?orgID=${orgID}&name=b`)).body.buckets[0].id;
    const rep = await call(gw.url, 'POST', '/api/v2/replications', {
      body: { orgID, name: 'by-id', remoteID: v2, localBucketID: bucketID, remoteBucketID: '1111111111111111' },
    });
    expect(rep.status).toBe(201);
    const refused = await call(gw.url, 'PATCH', `/api/v2/remotes/${v2}`, { body: { remoteType: 'v1' } });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      code: 'unprocessable entity',
      message:
        'replications "by-id" address the remote bucket by ID, which a 1.x remote (remoteType "v1") does not know: ' +
        'give them remoteBucketName ("database" or "database/retention-policy") first',
    });
    expect((await call(gw.url, 'PATCH', `/api/v2/replications/${rep.body.id}`, { body: { remoteBucketName: 'db' } })).status).toBe(200);
    expect((await call(gw.url, 'PATCH', `/api/v2/remotes/${v2}`, { body: { remoteType: 'v1' } })).body.remoteType).toBe('v1');
    await call(gw.url, 'DELETE', `/api/v2/replications/${rep.body.id}`);
  });

  it('refuses to delete an org whose bucket feeds a replication (even through a remote of another org)', async () => {
    const bucketID = (await get(`/api/v2/buckets?orgID=${otherOrgID}&name=ob`)).body.buckets[0].id;
    const rep = await call(gw.url, 'POST', '/api/v2/replications', {
      body: { orgID: otherOrgID, name: 'cross', remoteID, localBucketID: bucketID, remoteBucketName: 'x' },
    });
    expect(rep.status).toBe(201);
    const queueDir = join(gw.dataDir, 'influx', 'queues', rep.body.id);
    expect(existsSync(queueDir)).toBe(true);
    const refused = await call(gw.url, 'DELETE', `/api/v2/orgs/${otherOrgID}`);
    expect(refused).toMatchObject({ status: 409, body: { code: 'conflict', message: 'organization cannot be deleted while it has replications; delete them first' } });
    expect((await call(gw.url, 'DELETE', `/api/v2/replications/${rep.body.id}`)).status).toBe(204);
    expect(existsSync(queueDir)).toBe(false);
    expect((await call(gw.url, 'DELETE', `/api/v2/orgs/${otherOrgID}`)).status).toBe(204);
    expect((await get(`/api/v2/buckets?orgID=${otherOrgID}`)).body.buckets).toEqual([]);
  });
});
